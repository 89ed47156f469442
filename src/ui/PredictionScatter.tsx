import { useMemo, useState } from 'react';
import { useApp } from '../app/store';
import { useModels } from '../app/modelState';
import { usePrediction, useEvaluation } from '../app/queries';
import { usePlot } from './usePlot';
import { predictionFigure, type ScatterReference } from './figures/prediction';
import { interactionText } from './format';

/** Predicted versus observed change of the selected test condition, for the chosen model. */
export function PredictionScatter() {
  const selected = useApp((s) => s.selected);
  const model = useModels((s) => s.model);
  const summary = useEvaluation();
  const query = usePrediction(model, selected);
  const prediction = query.data ?? null;
  const [reference, setReference] = useState<ScatterReference>('control');
  const ref = usePlot(useMemo(() => prediction && predictionFigure(prediction, reference), [prediction, reference]));
  if (!summary) return null;
  if (query.isFetching && !prediction) return <div className="panel muted">Loading the prediction…</div>;
  if (!prediction) {
    return (
      <div className="panel muted" data-testid="scatter-empty">
        {selected
          ? `${selected} is not a test condition of this split: pick one of the test conditions to compare predictions with observations.`
          : 'Select a test condition.'}
      </div>
    );
  }
  return (
    <div className="panel" data-testid="scatter" data-model={prediction.model} data-pearson={prediction.pearsonAll}>
      <label
        className="layer small"
        title="From the perturbed centroid, the mean change of the training perturbations is taken out of both axes: what is left is specific to this perturbation (Systema)."
      >
        changes from{' '}
        <select
          value={reference}
          onChange={(e) => setReference(e.target.value as ScatterReference)}
          data-testid="scatter-reference"
        >
          <option value="control">control</option>
          <option value="centroid">perturbed centroid</option>
        </select>
      </label>
      <div ref={ref} />
      <p className="muted small" data-testid="scatter-how-to-read">
        How to read: each dot is a gene, its observed change across and the model’s prediction up; on the dotted line
        the prediction is exact. Pearson r says how well the pattern of changes matches (1 perfect, 0 none), whatever
        their size; red dots are the condition’s 20 most changed genes.
      </p>
      {prediction.interaction && (
        <p className="small" data-testid="scatter-interaction">
          Interaction: observed {interactionText(prediction.interaction.observed)}; predicted{' '}
          {interactionText(prediction.interaction.predicted)}.
        </p>
      )}
    </div>
  );
}
