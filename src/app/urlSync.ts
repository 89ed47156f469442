import { create } from 'zustand';
import { currentDataset, useApp } from './store';
import { useModels } from './modelState';
import { useGraph } from './graphState';
import { usePanels } from './panelState';
import { workerApi } from './workerClient';
import { DEFAULT_LAYERS, readView, sameData, writeView, type ViewState } from './viewUrl';

/** Said to the user when a link names a file this page has not opened (a link cannot carry it). */
export const useLinkNotice = create<{ notice: string | null }>(() => ({ notice: null }));

function currentView(): ViewState {
  const a = useApp.getState();
  const m = useModels.getState();
  const data: ViewState['data'] = !a.source
    ? undefined
    : a.source.kind === 'demo'
      ? { kind: 'demo' }
      : { kind: 'file', name: a.source.file.name, bytes: a.source.file.size };
  const g = useGraph.getState();
  return {
    data,
    condition: a.selected ?? undefined,
    model: m.model,
    split: m.split,
    seed: m.seed,
    colour: m.colorGraph,
    layers: g.active,
    hops: g.hops,
    gene: g.focus && g.focus.condition === a.selected ? g.focus.gene : undefined,
    panel: usePanels.getState().open ?? undefined,
  };
}

async function apply(v: ViewState): Promise<void> {
  const m = useModels.getState();
  if (v.split) m.setSplit(v.split);
  if (v.seed !== undefined) m.setSeed(v.seed);
  if (v.colour) m.setColorGraph(v.colour);
  const { select } = useApp.getState();
  const dataset = currentDataset();
  const condition = v.condition && dataset?.summary.conditions.some((c) => c.name === v.condition) ? v.condition : null;
  if (condition) select(condition);
  if (v.model) useModels.getState().showModel(v.model);
  // Layers this page does not have (a table imported on another machine) are left out.
  const id = useApp.getState().sessionId;
  const known = id ? await workerApi().graphLayers(id) : null;
  const layers = (v.layers ?? DEFAULT_LAYERS).filter((l) => known?.ok && known.value.some((k) => k.name === l));
  useGraph.setState({ active: layers, hops: v.hops ?? 1, error: null });
  useGraph.getState().setFocus(v.gene ?? null);
  usePanels.setState({ open: v.panel ?? null });
  if (v.panel)
    setTimeout(() => document.querySelector(`[data-panel="${v.panel}"]`)?.scrollIntoView({ block: 'start' }), 100);
}

/**
 * Keeps the URL and the view in step: choosing a condition adds a history entry (Back returns to
 * the previous one), other settings replace the current entry; a URL opened fresh, or reached by
 * Back/Forward, is applied once its dataset is loaded.
 */
export function startUrlSync(): () => void {
  let pending: ViewState | null = readView(location.search);
  /** A linked view of a file not open yet: applied when the user opens that file. */
  let waitingForFile: ViewState | null = null;
  let applying = false;
  let lastCondition = useApp.getState().selected;

  const write = () => {
    if (applying || pending) return;
    const next = writeView(currentView());
    if (next === location.search) return;
    const condition = useApp.getState().selected;
    const url = `${location.pathname}${next}${location.hash}`;
    if (condition !== lastCondition && lastCondition !== null) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    lastCondition = condition;
  };

  const applyPending = async () => {
    const { sessionId, loading } = useApp.getState();
    if (!sessionId || loading) return;
    const loaded = currentView().data;
    if (waitingForFile && sameData(waitingForFile.data, loaded)) [pending, waitingForFile] = [waitingForFile, null];
    if (!pending) return;
    const wanted = pending.data ?? { kind: 'demo' };
    if (!sameData(wanted, loaded)) {
      if (wanted.kind === 'file') {
        // The page goes on (and its URL follows it); the linked view waits for its file.
        waitingForFile = pending;
        useLinkNotice.setState({
          notice: `This link shows a view of ${wanted.name} (${wanted.bytes.toLocaleString('en-US')} bytes). Links cannot carry files: open that file from your machine to see it.`,
        });
      }
    } else {
      const v = pending;
      pending = null;
      applying = true;
      try {
        await apply(v);
      } finally {
        applying = false;
      }
      useLinkNotice.setState({ notice: null });
    }
    pending = null;
    lastCondition = useApp.getState().selected;
    write();
  };

  const unsubApp = useApp.subscribe(() => void applyPending().then(write));
  const unsubModels = useModels.subscribe(write);
  const unsubGraph = useGraph.subscribe((s, prev) => {
    if (s.active !== prev.active || s.hops !== prev.hops || s.focus !== prev.focus) write();
  });
  const unsubPanels = usePanels.subscribe(write);
  const onPop = () => {
    pending = readView(location.search);
    void applyPending();
  };
  window.addEventListener('popstate', onPop);
  return () => {
    unsubApp();
    unsubModels();
    unsubGraph();
    unsubPanels();
    window.removeEventListener('popstate', onPop);
  };
}
