type PlotlyModule = typeof import('plotly.js-cartesian-dist-min');
let plotly: Promise<PlotlyModule> | null = null;

/**
 * Plotly is large: it loads on first use, not with the page, and as its cartesian partial bundle
 * (0.5 MB gzipped against 1.4 MB for the full one), which holds every trace type we draw.
 */
export const loadPlotly = () => (plotly ??= import('plotly.js-cartesian-dist-min'));

/**
 * Every figure's config, in one place. Nothing may leave the machine: plotly.js 4 shows its
 * "send data to cloud" button by default, so it is off, no cloud server is set, and the modebar
 * keeps only the download (PNG) button; zoom and pan stay on the mouse.
 */
export const PLOT_CONFIG: Partial<import('plotly.js-cartesian-dist-min').Config> = {
  displaylogo: false,
  responsive: true,
  showSendToCloud: false,
  plotlyServerURL: '',
  modeBarButtons: [['toImage']],
};

/**
 * Plotly reads a few HTML-like tags inside text (<b>, <a href>, <br>); gene symbols from a user's
 * file are data, so they are entity-escaped and Plotly shows them literally.
 */
export function plotlyText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
