import { useQuery } from '@tanstack/react-query';
import { useApp } from './store';
import { workerApi } from './workerClient';
import { keys, unwrap } from './queryClient';
import type { BackendStatus } from '../worker/backends';
import type { ModelInfo } from '../core/models/spec';
import type { DatasetView, EvaluationSummary } from '../worker/protocol';

export { errorOf, keys, queryClient, unwrap, WorkerError } from './queryClient';

export const useSessionId = () => useApp((s) => s.sessionId);

/** The open dataset's summary (null while none is open). */
export function useDataset(): DatasetView | null {
  const id = useSessionId();
  return (
    useQuery({ queryKey: keys.dataset(id ?? ''), queryFn: () => unwrap(workerApi().dataset(id!)), enabled: !!id })
      .data ?? null
  );
}

/** The leaderboard of the open dataset's last evaluation (null: none yet). */
export function useEvaluation(): EvaluationSummary | null {
  const id = useSessionId();
  return (
    useQuery({ queryKey: keys.evaluation(id ?? ''), queryFn: () => unwrap(workerApi().evaluation(id!)), enabled: !!id })
      .data ?? null
  );
}

/** The version of the leaderboard on screen (null: none). */
export const useEvaluationVersion = () => useEvaluation()?.version ?? null;

/** The compute backend in use (null until the worker has chosen one). */
export function useBackendStatus(): BackendStatus | null {
  return (
    useQuery<BackendStatus | null>({
      queryKey: keys.backend(),
      queryFn: () => unwrap(workerApi().backendStatus()),
      enabled: false,
    }).data ?? null
  );
}

export function useConditionDetail(name: string | null) {
  const id = useSessionId();
  return useQuery({
    queryKey: keys.detail(id ?? '', name ?? ''),
    queryFn: () => unwrap(workerApi().conditionDetail(id!, name!, 20)),
    enabled: !!id && !!name,
  });
}

export function useGuides() {
  const id = useSessionId();
  return useQuery({ queryKey: keys.guides(id ?? ''), queryFn: () => unwrap(workerApi().guides(id!)), enabled: !!id });
}

export function useLayers() {
  const id = useSessionId();
  return useQuery({
    queryKey: keys.layers(id ?? ''),
    queryFn: () => unwrap(workerApi().graphLayers(id!)),
    enabled: !!id,
  });
}

export function usePrediction(model: string, condition: string | null) {
  const id = useSessionId();
  const version = useEvaluationVersion();
  return useQuery({
    queryKey: keys.prediction(id ?? '', version ?? -1, model, condition ?? ''),
    queryFn: () => unwrap(workerApi().prediction(id!, model, condition!)),
    enabled: !!id && version !== null && !!condition,
  });
}

export function useDistribution(condition: string | null) {
  const id = useSessionId();
  const version = useEvaluationVersion();
  return useQuery({
    queryKey: keys.distribution(id ?? '', version ?? -1, condition ?? ''),
    queryFn: () => unwrap(workerApi().distribution(id!, condition!)),
    enabled: !!id && version !== null && !!condition,
  });
}

/** Genes the composer accepts; trained models of single cells add their annotated genes. */
export function useComposableGenes() {
  const id = useSessionId();
  const version = useEvaluationVersion();
  return useQuery({
    queryKey: keys.composable(id ?? '', version),
    queryFn: () => unwrap(workerApi().composableGenes(id!)),
    enabled: !!id,
  });
}

/** GO terms two genes share (an edge's tooltip). */
export function useSharedGoTerms(edge: { source: string; target: string } | null) {
  const id = useSessionId();
  return useQuery({
    queryKey: keys.shared(id ?? '', edge?.source ?? '', edge?.target ?? ''),
    queryFn: () => unwrap(workerApi().sharedGoTerms(id!, edge!.source, edge!.target)),
    enabled: !!id && !!edge,
  });
}

/**
 * Every model and what it needs, from the registry in the worker. Asked once the compute backend is
 * chosen (the page is idle then): the registry brings the models' code with it.
 */
export function useModelCatalog(): ModelInfo[] | null {
  const ready = useBackendStatus() !== null;
  return (
    useQuery({ queryKey: keys.models(), queryFn: () => unwrap(workerApi().models()), enabled: ready }).data ?? null
  );
}
