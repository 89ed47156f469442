import { useMemo } from 'react';
import { useModels } from '../app/modelState';
import { usePlot } from './usePlot';
import { lossFigure } from './figures/lossCurves';

/** Training loss and validation score per epoch of each neural model, live while it trains. */
export function LossCurves() {
  const curves = useModels((s) => s.curves);
  const names = Object.keys(curves);
  const ref = usePlot(useMemo(() => (Object.keys(curves).length ? lossFigure(curves) : null), [curves]));
  if (!names.length) return null;
  return <div ref={ref} data-testid="loss-curves" data-points={names.reduce((s, m) => s + curves[m].length, 0)} />;
}
