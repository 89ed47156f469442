type PlotlyModule = typeof import('plotly.js-cartesian-dist-min');
type Layout = Partial<import('plotly.js-cartesian-dist-min').Layout>;
/** What the figures use of Plotly: react, drawn in the page's colours. */
export interface Plotter {
  react: (...args: Parameters<PlotlyModule['react']>) => ReturnType<PlotlyModule['react']>;
}
let plotly: Promise<Plotter> | null = null;

/** The page's colours (styles.css: light or dark, as the system says), read when a figure is drawn. */
function themed(layout: Layout): Layout {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const axis = { gridcolor: v('--grid'), zerolinecolor: v('--border'), linecolor: v('--border') };
  const out: Record<string, unknown> = {
    ...layout,
    paper_bgcolor: v('--panel'),
    plot_bgcolor: v('--panel'),
    font: { color: v('--fg'), ...layout.font },
  };
  for (const [k, val] of Object.entries(layout)) if (/^[xy]axis\d*$/.test(k)) out[k] = { ...axis, ...(val as object) };
  if (!('xaxis' in layout)) out.xaxis = axis;
  if (!('yaxis' in layout)) out.yaxis = axis;
  return out as Layout;
}

/**
 * Plotly is large: it loads on first use, not with the page, and as its cartesian partial bundle
 * (0.5 MB gzipped against 1.4 MB for the full one), which holds every trace type we draw. Every
 * figure goes through `react` here, which draws it in the page's colours.
 */
export const loadPlotly = (): Promise<Plotter> =>
  (plotly ??= import('plotly.js-cartesian-dist-min').then((P) => {
    // Beside Plotly's PNG button: the same picture as SVG, title and legend included.
    const svg = {
      name: 'toSvg',
      title: 'Download plot as an SVG',
      icon: P.Icons.disk,
      click: (gd: HTMLElement) =>
        void P.downloadImage(gd as import('plotly.js-cartesian-dist-min').PlotlyHTMLElement, {
          format: 'svg',
          filename: 'perturbscope-figure',
          width: gd.clientWidth,
          height: gd.clientHeight,
        }),
    };
    return {
      react: (el, data, layout, config) =>
        P.react(el, data, themed(layout ?? {}), { ...config, modeBarButtons: [['toImage', svg]] }),
    };
  }));

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
  // Always shown: buttons a keyboard can reach are never invisible (Plotly shows them on hover only).
  displayModeBar: true,
  toImageButtonOptions: { filename: 'perturbscope-figure', scale: 2 },
};
