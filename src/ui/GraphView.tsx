import { useEffect, useRef, useState } from 'react';
import cytoscape, { type Core } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import svg from 'cytoscape-svg';
import { useApp } from '../app/store';
import { NODE_CAPS, useEgo, useGraph } from '../app/graphState';
import { errorOf, useLayers, useSharedGoTerms, useEvaluation } from '../app/queries';
import { divergingColor, layerColor, UNMEASURED } from './colors';
import { graphElements, graphExportSvg, graphStyle, labelledGenes } from './figures/graph';
import type { EgoView } from '../worker/protocol';
import { GoLayerForm } from './GoLayerForm';
import { FileButton } from './FileButton';
import { download } from './download';
import { useModels, type GraphColour } from '../app/modelState';

cytoscape.use(fcose);
cytoscape.use(svg);

interface Tip {
  x: number;
  y: number;
  lines: string[];
}

/** The knowledge-graph neighbourhood of the selected condition's genes, coloured by observed change. */
export function GraphView() {
  const selected = useApp((s) => s.selected);
  const g = useGraph();
  const ego = useEgo(selected);
  const layerList = useLayers().data ?? [];
  const [hoveredEdge, setHoveredEdge] = useState<{ source: string; target: string; base: string[] } | null>(null);
  const shared = useSharedGoTerms(hoveredEdge);
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const positions = useRef(new Map<string, { x: number; y: number }>());
  const [tip, setTip] = useState<Tip | null>(null);
  const [query, setQuery] = useState('');
  const models = useModels();
  const summary = useEvaluation();

  // An edge's tooltip lists the GO terms its genes share, once they arrive.
  useEffect(() => {
    const terms = shared.data;
    if (!hoveredEdge || !terms) return;
    const { base } = hoveredEdge;
    setTip((t) =>
      t && t.lines[0] === base[0]
        ? {
            ...t,
            lines: [
              ...base,
              `${terms.length} shared GO terms:`,
              ...terms.slice(0, 8).map((x) => `${x.id} ${x.name} (${x.ontology})`),
              ...(terms.length > 8 ? ['…'] : []),
            ],
          }
        : t,
    );
  }, [shared.data, hoveredEdge]);

  useEffect(() => {
    if (!box.current) return;
    const style = graphStyle({ fg: cssColor('--fg'), bg: cssColor('--graph-bg'), muted: cssColor('--muted') });
    const c = cytoscape({ container: box.current, style, minZoom: 0.2, maxZoom: 4 });
    cy.current = c;
    c.on('tap', 'node', (e) => useGraph.getState().selectGene(e.target.id()));
    c.on('mouseover', 'node', (e) => {
      e.target.addClass('hover');
      const d = e.target.data();
      const p = e.renderedPosition;
      setTip({
        x: p.x,
        y: p.y,
        lines: [
          d.id,
          d.measured ? `change ${Number(d.change).toFixed(3)}` : 'not measured in this dataset',
          `degree ${d.degree}`,
          ...(d.perturbed ? ['perturbed gene'] : []),
        ],
      });
    });
    c.on('mouseover', 'edge', (e) => {
      const d = e.target.data();
      const p = e.renderedPosition ?? e.target.renderedMidpoint();
      const base = [
        `${d.source} ${d.directed ? '→' : '—'} ${d.target}`,
        `${d.layer}, weight ${Number(d.weight).toFixed(3)}`,
      ];
      setTip({ x: p.x, y: p.y, lines: base });
      setHoveredEdge(String(d.layer).startsWith('GO') ? { source: d.source, target: d.target, base } : null);
    });
    c.on('mouseout', () => {
      c.nodes('.hover').removeClass('hover');
      setTip(null);
      setHoveredEdge(null);
    });
    return () => c.destroy();
  }, []);

  const v = ego.data ?? null;
  const names = layerList.map((l) => l.name);
  const namesKey = names.join('\n');
  useEffect(() => {
    const c = cy.current;
    if (!c || !v) return;
    render(c, v, namesKey.split('\n'), positions.current);
  }, [v, namesKey]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.nodes().removeClass('chosen');
    if (g.selectedGene) c.getElementById(g.selectedGene).addClass('chosen');
  }, [g.selectedGene, v]);

  const exportAs = async (kind: 'png' | 'svg') => {
    const c = cy.current;
    if (!c || !v) return;
    const name = `perturbscope-${v.condition ?? 'graph'}.${kind}`;
    const [fg, bg] = [cssColor('--fg'), cssColor('--graph-bg')];
    const graph = (c as unknown as { svg(o: object): string }).svg({ full: true, bg });
    const size = (a: string) => Number(graph.match(new RegExp(`<svg[^>]*\\s${a}="([\\d.]+)`))?.[1] ?? 600);
    const [width, height] = [size('width'), size('height')];
    const svgText = graphExportSvg(
      graph,
      width,
      height,
      {
        title: `Knowledge graph: ${v.condition ?? 'searched genes'}`,
        maxAbsChange: v.maxAbsChange,
        colouredBy: v.colouredBy === 'observed' ? 'observed change from control' : v.colouredBy,
        layers: g.active.map((l) => ({ name: l, color: layerColor(l, names) })),
        truncated: v.truncated,
      },
      fg,
      bg,
    );
    const svgBlob = new Blob([svgText], { type: 'image/svg+xml' });
    const blob = kind === 'svg' ? svgBlob : await rasterise(svgBlob, 2);
    download(blob, name);
  };

  const error = g.error ?? errorOf(ego.error);
  const searched = g.focus && g.focus.condition === selected ? g.focus.gene : null;
  return (
    <div
      className="panel graph"
      data-testid="graph-view"
      data-nodes={v?.nodes.length ?? 0}
      data-edges={v?.edges.length ?? 0}
      data-directed-edges={v?.edges.filter((e) => e.directed).length ?? 0}
      data-labelled={v ? labelledGenes(v).size : 0}
      data-condition={v?.condition ?? ''}
      data-seeds={
        v?.nodes
          .filter((n) => n.hop === 0)
          .map((n) => n.id)
          .join(',') ?? ''
      }
      data-coloured-by={v?.colouredBy ?? ''}
    >
      <div className="panel-head">
        <h3>
          Knowledge graph{v?.condition ? `: ${v.condition}` : ''}
          {searched && (
            <span className="muted small" data-testid="graph-centre">
              {' '}
              centred on {searched}
            </span>
          )}
        </h3>
        <div className="actions">
          <button className="button secondary" onClick={() => void exportAs('png')} data-testid="export-png">
            PNG
          </button>
          <button className="button secondary" onClick={() => void exportAs('svg')} data-testid="export-svg">
            SVG
          </button>
        </div>
      </div>
      <div className="graph-controls">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const q = query.trim();
            if (q) g.setFocus(q);
          }}
        >
          <input
            type="search"
            placeholder="Find a gene…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="gene-search"
            aria-label="Find a gene in the graph"
          />
        </form>
        {summary && (
          <select
            value={models.colorGraph}
            onChange={(e) => models.setColorGraph(e.target.value as GraphColour)}
            data-testid="graph-colour"
            aria-label="Colour the genes by"
          >
            <option value="observed">colour: observed change</option>
            <option value="model">colour: {models.model} prediction</option>
            {summary.models.some((m) => m.explains) && <option value="attention">colour: APP attention</option>}
          </select>
        )}
        <select
          value={g.maxNodes}
          onChange={(e) => g.setMaxNodes(Number(e.target.value))}
          data-testid="max-nodes"
          aria-label="How many genes the graph shows"
        >
          {[...NODE_CAPS]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                up to {n} genes
              </option>
            ))}
        </select>
        <select
          value={g.hops}
          onChange={(e) => g.setHops(Number(e.target.value) as 1 | 2)}
          data-testid="hops"
          aria-label="Neighbourhood: hops from the perturbed genes"
        >
          <option value={1}>1 hop</option>
          <option value={2}>2 hops</option>
        </select>
        <FileButton
          label="Import edges…"
          accept=".tsv,.csv,.txt"
          testId="edge-file"
          secondary
          onFile={(f) => g.importFile(f)}
        />
      </div>
      <div className="layers" data-testid="layers">
        {layerList.map((l) => (
          <label key={l.name} title={l.description} className="layer">
            <input
              type="checkbox"
              checked={g.active.includes(l.name)}
              onChange={() => g.toggleLayer(l.name)}
              data-testid={`layer-${l.name}`}
            />
            <span className="swatch" style={{ background: layerColor(l.name, names) }} />
            {l.name}
            {l.ready && <span className="muted small"> ({l.edges.toLocaleString('en-US')})</span>}
          </label>
        ))}
      </div>
      <GoLayerForm />
      {g.busy && (
        <div className="muted small" data-testid="graph-busy">
          {g.busy}
          {g.progress !== null ? ` ${Math.round(g.progress * 100)}%` : ''}
        </div>
      )}
      {g.message && (
        <div className="muted small" data-testid="graph-message">
          {g.message}
        </div>
      )}
      {error && error.code !== 'cancelled' && (
        <div className="warning" data-testid="graph-error">
          {error.message} {error.hint}
        </div>
      )}
      {v && (
        <label className="layer small">
          Genes in view, by change (choose one to mark it in the graph and the DE plot)
          <select
            value={g.selectedGene ?? ''}
            onChange={(e) => g.selectGene(e.target.value || null)}
            data-testid="graph-gene-list"
          >
            <option value="">none</option>
            {[...v.nodes]
              .sort((a, b) => Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0))
              .map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id}
                  {n.perturbed ? ' (perturbed)' : ''}: {n.change === null ? 'not measured' : n.change.toFixed(2)}
                </option>
              ))}
          </select>
        </label>
      )}
      <div className="cy-wrap">
        <div ref={box} className="cy" data-testid="cy" />
        {tip && (
          <div className="tip" style={{ left: tip.x + 12, top: tip.y + 12 }} data-testid="graph-tip">
            {tip.lines.map((l, i) => (
              <div key={i}>{l}</div>
            ))}
          </div>
        )}
      </div>
      <Legend view={v} layers={g.active} all={names} />
    </div>
  );
}

function Legend({ view, layers, all }: { view: EgoView | null; layers: string[]; all: string[] }) {
  if (!view) return null;
  const m = view.maxAbsChange;
  return (
    <div className="legend small" data-testid="graph-legend">
      <span>{(-m).toFixed(2)}</span>
      <span
        className="gradient"
        style={{
          background: `linear-gradient(to right, ${divergingColor(-m, m)}, ${divergingColor(0, m)}, ${divergingColor(m, m)})`,
        }}
      />
      <span>+{m.toFixed(2)}</span>
      <span className="muted">
        {view.colouredBy === 'observed' ? 'observed change' : view.colouredBy} (perturbed genes beyond the scale
        saturate)
      </span>
      <span className="swatch" style={{ background: UNMEASURED }} /> <span className="muted">not measured</span>
      <span className="muted">◆ perturbed</span>
      {layers.map((l) => (
        <span key={l}>
          <span className="swatch line" style={{ background: layerColor(l, all) }} /> {l}
        </span>
      ))}
      {view.truncated && (
        <span className="muted">(the {view.nodes.length} most strongly linked genes shown; more under “up to”)</span>
      )}
    </div>
  );
}

/** An SVG drawn onto a canvas at `scale`, as a PNG (nothing leaves the page: the SVG holds no external resource). */
async function rasterise(svg: Blob, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(svg);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be drawn'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A colour of the page (styles.css: light or dark, as the system says). */
function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function render(c: Core, view: EgoView, allLayers: string[], cache: Map<string, { x: number; y: number }>): void {
  const elements = graphElements(view, allLayers, cache);
  c.elements().remove();
  c.add(elements);
  // Genes seen before keep their place; new ones start beside a placed neighbour, so the picture
  // moves little between selections.
  c.nodes().forEach((n) => {
    if (cache.has(n.id())) return;
    const placed = n.neighborhood('node').filter((x) => cache.has(x.id()));
    const p = placed.length ? cache.get(placed[0].id())! : { x: 0, y: 0 };
    const h = hash(n.id());
    n.position({ x: p.x + ((h & 255) / 255 - 0.5) * 40, y: p.y + (((h >> 8) & 255) / 255 - 0.5) * 40 });
  });
  const layout = c.layout({
    name: 'fcose',
    randomize: cache.size === 0,
    animate: false,
    quality: 'default',
    nodeRepulsion: 6000,
    idealEdgeLength: 60,
    fit: true,
    padding: 20,
  } as cytoscape.LayoutOptions);
  layout.run();
  c.nodes().forEach((n) => void cache.set(n.id(), { ...n.position() }));
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
