import { useMemo } from 'react';
import { usePlot } from './usePlot';
import { cellCloudFigure, cellProportionsFigure } from './figures/cellStates';
import type { GeneratedCellsView } from '../worker/protocol';

/**
 * A model's generated cells over the control cloud (and the observed cells, when there are any) in
 * the fixed PC1–PC2 space with density contours, and the cell-state proportions of each population.
 */
export function CellStates({ view, name }: { view: GeneratedCellsView; name: string }) {
  const cloudRef = usePlot(useMemo(() => cellCloudFigure(view, name), [view, name]));
  const propRef = usePlot(useMemo(() => cellProportionsFigure(view), [view]));
  return (
    <div data-testid="cell-states" data-model={view.model}>
      <div
        ref={cloudRef}
        data-testid="cell-cloud"
        data-generated={view.generatedXy.x.length}
        data-observed={view.observed.x.length}
      />
      <div ref={propRef} data-testid="cell-proportions" />
    </div>
  );
}
