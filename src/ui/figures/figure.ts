import type { Data, Layout } from 'plotly.js-cartesian-dist-min';

/**
 * A Plotly figure as plain data: what a figure builder returns and a component mounts. Builders are
 * pure (data in, figure out), so each is pinned by a snapshot test without a browser.
 */
export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}

/**
 * Plotly reads a few HTML-like tags inside text (<b>, <a href>, <br>); gene symbols from a user's
 * file are data, so they are entity-escaped and Plotly shows them literally.
 */
export function plotlyText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
