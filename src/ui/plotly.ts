type PlotlyModule = typeof import('plotly.js-dist-min');
let plotly: Promise<PlotlyModule> | null = null;

/** Plotly is large: it loads on first use, not with the page. */
export const loadPlotly = () => (plotly ??= import('plotly.js-dist-min'));

/**
 * Plotly reads a few HTML-like tags inside text (<b>, <a href>, <br>); gene symbols from a user's
 * file are data, so they are entity-escaped and Plotly shows them literally.
 */
export function plotlyText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
