import { useEffect, useRef } from 'react';
import { loadPlotly, PLOT_CONFIG } from './plotly';
import type { Figure } from './figures/figure';

/**
 * Mounts a figure into the returned element, redrawing when the figure changes (build it with
 * useMemo, so that it changes only when its data do). A figure that arrives after a newer one
 * does not overwrite it.
 */
export function usePlot(figure: Figure | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !figure) return;
    let current = true;
    void loadPlotly().then((P) => {
      if (current) void P.react(el, figure.data, figure.layout, PLOT_CONFIG);
    });
    return () => {
      current = false;
    };
  }, [figure]);
  return ref;
}
