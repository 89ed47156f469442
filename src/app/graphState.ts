import { create } from 'zustand';
import { useQuery } from '@tanstack/react-query';
import type { EgoView, GoLayerSpec, ImportedGraphReport, UserError } from '../worker/protocol';
import { Comlink, workerApi } from './workerClient';
import { useModels } from './modelState';
import { useApp } from './store';
import { DEFAULT_LAYERS } from './viewUrl';
import { keys, queryClient, unwrap, useEvaluationVersion, useLayers, useSessionId, WorkerError } from './queries';

/** What the user chose to see in the graph, and the feedback of their last graph action. */
interface GraphState {
  active: string[];
  hops: 1 | 2;
  /** How many genes the neighbourhood may hold (the strongest links first). */
  maxNodes: number;
  /** A searched gene to centre on instead of the genes of the condition it was searched in. */
  focus: { gene: string; condition: string | null } | null;
  selectedGene: string | null;
  /** A layer being prepared or computed, with its progress. */
  busy: string | null;
  progress: number | null;
  message: string | null;
  error: UserError | null;
  toggleLayer(name: string): void;
  setHops(h: 1 | 2): void;
  setMaxNodes(n: number): void;
  setFocus(gene: string | null): void;
  importFile(file: File): Promise<void>;
  addGoLayer(spec: GoLayerSpec): Promise<void>;
  selectGene(gene: string | null): void;
}

/** Choices of neighbourhood size: the first is the default, readable at a glance; 300 is the most drawn. */
export const NODE_CAPS = [60, 30, 150, 300] as const;

export const useGraph = create<GraphState>((set, get) => ({
  active: [...DEFAULT_LAYERS],
  hops: 1,
  maxNodes: NODE_CAPS[0],
  focus: null,
  selectedGene: null,
  busy: null,
  progress: null,
  message: null,
  error: null,

  toggleLayer: (name) =>
    set({
      active: get().active.includes(name) ? get().active.filter((a) => a !== name) : [...get().active, name],
      error: null,
    }),
  setHops: (hops) => set({ hops }),
  setMaxNodes: (maxNodes) => set({ maxNodes }),
  setFocus: (gene) => set({ focus: gene ? { gene, condition: useApp.getState().selected } : null, selectedGene: gene }),

  async importFile(file) {
    const id = useApp.getState().sessionId;
    if (!id) return;
    set({ busy: `Importing ${file.name}…` });
    const r = await workerApi().importGraph(id, file);
    set({ busy: null });
    if (!r.ok) return set({ error: r.error, message: null });
    await queryClient.invalidateQueries({ queryKey: keys.layers(id) });
    set({ message: describeImport(r.value), active: [...get().active, r.value.name], error: null });
  },

  async addGoLayer(spec) {
    const id = useApp.getState().sessionId;
    if (!id) return;
    set({ busy: 'Computing a GO graph…', progress: 0 });
    const r = await workerApi().addGoLayer(
      id,
      spec,
      Comlink.proxy((f: number) => set({ progress: f })),
    );
    set({ busy: null, progress: null });
    if (!r.ok) return set({ error: r.error });
    queryClient.setQueryData(keys.layers(id), r.value.layers);
    const active = get().active.includes(r.value.name) ? get().active : [...get().active, r.value.name];
    set({ active, error: null, message: null });
  },

  selectGene: (gene) => set({ selectedGene: gene }),
}));

/**
 * The drawn neighbourhood: the chosen layers are prepared first (the shipped GO graph is fetched,
 * co-expression computed, with progress), then the ego network is asked for. A layer that cannot
 * be prepared is switched off and its error shown.
 */
export function useEgo(condition: string | null) {
  const id = useSessionId();
  const version = useEvaluationVersion();
  const { active, hops, focus, maxNodes } = useGraph();
  const { colorGraph, model } = useModels();
  const layers = useLayers();
  // A search belongs to the condition it was made in: choosing another condition re-centres the graph.
  const searched = focus && focus.condition === condition ? focus.gene : null;
  const req = {
    condition,
    seeds: searched ? [searched] : undefined,
    hops,
    maxNodes,
    layers: active,
    colorModel: version !== null && colorGraph === 'model' ? model : null,
    attention: version !== null && colorGraph === 'attention',
  };
  return useQuery<EgoView>({
    queryKey: keys.ego(id ?? '', version, req),
    enabled: !!id && layers.isSuccess,
    queryFn: async () => {
      for (const name of active) {
        if (layers.data?.find((l) => l.name === name)?.ready) continue;
        useGraph.setState({ busy: `Preparing ${name}…`, progress: 0 });
        const r = await workerApi().ensureLayer(
          id!,
          name,
          Comlink.proxy((f: number) => useGraph.setState({ progress: f })),
        );
        useGraph.setState({ busy: null, progress: null });
        if (!r.ok) {
          useGraph.setState({ error: r.error, active: useGraph.getState().active.filter((a) => a !== name) });
          throw new WorkerError(r.error);
        }
        queryClient.setQueryData(keys.layers(id!), r.value);
      }
      return unwrap(workerApi().ego(id!, req));
    },
    // While a new neighbourhood is computed the old one stays drawn, but never another file's.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === id ? previous : undefined),
  });
}

function describeImport(r: ImportedGraphReport): string {
  const unknown = r.unknownIds
    ? ` ${r.unknownIds} identifier(s) matched no gene (${r.edgesDropped} edge(s) dropped), e.g. ${r.unknownExamples.join(', ')}.`
    : '';
  const mapped = r.mapped ? ` ${r.mapped} identifier(s) mapped through Ensembl protein ids or aliases.` : '';
  return `Imported ${r.name} (${r.format}): ${r.linesRead} line(s), ${r.edgesKept} edge(s).${mapped}${unknown}`;
}
