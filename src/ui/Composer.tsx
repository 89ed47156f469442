import { useEffect, useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useModels } from '../app/modelState';
import { workerApi } from '../app/workerClient';
import { errorOf, unwrap, useComposableGenes, useDataset, useEvaluation } from '../app/queries';
import { usePlot } from './usePlot';
import { modelColor } from './colors';
import { composerFigure } from './figures/composer';
import { CellStates } from './CellStates';
import { interactionText } from './format';
import type { ComposeView } from '../worker/protocol';

/** Type 1–3 genes, measured together or not, and see every trained model's prediction at once. */
export function Composer() {
  const dataset = useDataset();
  const summary = useEvaluation();
  const note = useModels((s) => s.libraryNote);
  const [text, setText] = useState('');
  const known = useComposableGenes().data ?? [];
  const compose = useMutation<ComposeView, Error, { session: string; genes: string[] }>({
    mutationFn: ({ session, genes }) => unwrap(workerApi().compose(session, genes)),
  });
  // A new file or a new leaderboard: the last composition belonged to the old models.
  const { reset } = compose;
  useEffect(() => reset(), [dataset?.id, summary?.version, reset]);
  const view = compose.data ?? null;
  const failure = errorOf(compose.error);
  const error = failure && failure.code !== 'cancelled' ? `${failure.message} ${failure.hint}`.trim() : null;
  const ref = usePlot(useMemo(() => view && composerFigure(view), [view]));
  if (!dataset) return null;
  const predict = () => compose.mutate({ session: dataset.id, genes: text.split(/[\s,+;]+/).filter(Boolean) });
  return (
    <div className="panel" id="composer" tabIndex={-1} data-testid="composer">
      <h3>Composer</h3>
      <form
        className="graph-controls"
        onSubmit={(e) => {
          e.preventDefault();
          predict();
        }}
      >
        <input
          list="composable-genes"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="1–3 genes, e.g. CEBPA, KLF1"
          data-testid="composer-genes"
        />
        <datalist id="composable-genes">
          {known.slice(0, 5000).map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <button className="button" type="submit" data-testid="composer-predict">
          Predict
        </button>
      </form>
      {error && (
        <div className="warning" data-testid="composer-error">
          {error}
        </div>
      )}
      {view && (
        <>
          <p className="muted small" data-testid="composer-measured">
            {view.measuredAs
              ? `Measured in this dataset as ${view.measuredAs}: its observed change is the grey bars, to read the models against.`
              : 'Never measured together in this dataset: a true prediction.'}
          </p>
          <table className="list" data-testid="composer-table">
            <thead>
              <tr>
                <th>model</th>
                {view.genes.length === 2 && (
                  <th title="From the model's own predictions of the two singles and the pair (Theil–Sen fit)">
                    predicted interaction
                  </th>
                )}
                <th>note</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.model} data-model={r.model}>
                  <td>
                    <span className="swatch" style={{ background: modelColor(r.model) }} /> {r.label}
                  </td>
                  {view.genes.length === 2 && (
                    <td data-testid="composer-class">{r.interaction ? interactionText(r.interaction) : '—'}</td>
                  )}
                  <td className="muted small">{r.ok ? '' : r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div ref={ref} data-testid="composer-plot" data-observed={view.observed ? 'yes' : 'no'} />
          {view.generated.map((g) => (
            <div key={g.model} data-testid="composer-cells">
              <p className="muted small">
                {g.label}: {g.generatedXy.x.length} cells generated for {view.genes.join(' + ')}
                {view.measuredAs
                  ? `, beside ${g.observed.x.length} measured cells of ${view.measuredAs}`
                  : ' (never measured: no observed cells to compare)'}
                , over the control cells.
              </p>
              <CellStates view={g} name={view.genes.join(' + ')} />
            </div>
          ))}
        </>
      )}
      {!view && !error && (
        <p className="muted small">
          {summary || note
            ? 'Type genes and press Predict.'
            : 'Train models (or load a saved one) to compose perturbations.'}
        </p>
      )}
    </div>
  );
}
