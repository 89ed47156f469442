import { useMemo } from 'react';
import { useApp } from '../app/store';
import { useGraph } from '../app/graphState';
import { useConditionDetail } from '../app/queries';
import { usePlot } from './usePlot';
import { topDeFigure } from './figures/topDe';

/** Observed mean change from control of the selected condition's top differentially expressed genes. */
export function ConditionPlot() {
  const selected = useApp((s) => s.selected);
  const loading = useApp((s) => s.loading && !s.sessionId);
  const detail = useConditionDetail(selected).data ?? null;
  const chosen = useGraph((s) => s.selectedGene);
  const ref = usePlot(useMemo(() => detail && topDeFigure(detail, chosen), [detail, chosen]));
  if (!detail)
    return (
      <div className="panel muted">
        {loading
          ? 'The selected condition’s plot appears once the cells are read.'
          : 'Select a condition to see its strongest changes.'}
      </div>
    );
  return (
    <div className="panel" data-testid="condition-plot">
      <div ref={ref} />
      <p className="muted small">
        ★ marks the perturbed gene(s); a gold outline, the gene selected in the graph. Observed changes only: the
        models’ predictions are in the plots below the leaderboard.
      </p>
    </div>
  );
}
