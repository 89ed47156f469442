import { create } from 'zustand';
import type { EgoView, GoLayerSpec, ImportedGraphReport, LayerInfo, UserError } from '../worker/protocol';
import { Comlink, workerApi } from './workerClient';
import { useModels } from './modelState';

interface GraphState {
  layers: LayerInfo[];
  active: string[];
  hops: 1 | 2;
  /** A searched gene to centre on instead of the condition's genes. */
  focus: string | null;
  view: EgoView | null;
  busy: string | null;
  progress: number | null;
  message: string | null;
  error: UserError | null;
  selectedGene: string | null;
  init(assetBase: string): Promise<void>;
  refresh(condition: string | null): Promise<void>;
  toggleLayer(name: string, condition: string | null): Promise<void>;
  setHops(h: 1 | 2, condition: string | null): Promise<void>;
  setFocus(gene: string | null, condition: string | null): Promise<void>;
  importFile(file: File, condition: string | null): Promise<void>;
  addGoLayer(spec: GoLayerSpec, condition: string | null): Promise<void>;
  selectGene(gene: string | null): void;
}

const MAX_NODES = 300;

export const useGraph = create<GraphState>((set, get) => ({
  layers: [],
  active: ['GO'],
  hops: 1,
  focus: null,
  view: null,
  busy: null,
  progress: null,
  message: null,
  error: null,
  selectedGene: null,

  async init(assetBase) {
    await workerApi().configure(assetBase);
    set({ layers: await workerApi().graphLayers() });
  },

  async refresh(condition) {
    const { active, hops, focus } = get();
    for (const name of active) {
      const info = get().layers.find((l) => l.name === name);
      if (info?.ready) continue;
      set({ busy: `Preparing ${name}…`, progress: 0 });
      const r = await workerApi().ensureLayer(name, Comlink.proxy((f: number) => set({ progress: f })));
      set({ busy: null, progress: null });
      if (!r.ok) {
        set({ error: r.error, active: get().active.filter((a) => a !== name) });
        return;
      }
      set({ layers: r.value });
    }
    const models = useModels.getState();
    const colorModel = models.summary && models.colorGraph === 'model' ? models.model : null;
    const attention = !!models.summary && models.colorGraph === 'attention';
    const r = await workerApi().ego({ condition, seeds: focus ? [focus] : undefined, hops, maxNodes: MAX_NODES, layers: get().active, colorModel, attention });
    if (r.ok) set({ view: r.value, error: null });
    else set({ error: r.error });
  },

  async toggleLayer(name, condition) {
    const active = get().active.includes(name) ? get().active.filter((a) => a !== name) : [...get().active, name];
    set({ active });
    await get().refresh(condition);
  },

  async setHops(hops, condition) {
    set({ hops });
    await get().refresh(condition);
  },

  async setFocus(focus, condition) {
    set({ focus, selectedGene: focus });
    await get().refresh(condition);
  },

  async importFile(file, condition) {
    set({ busy: `Importing ${file.name}…` });
    const r = await workerApi().importGraph(file);
    set({ busy: null });
    if (!r.ok) {
      set({ error: r.error, message: null });
      return;
    }
    set({ message: describeImport(r.value), layers: await workerApi().graphLayers(), active: [...get().active, r.value.name], error: null });
    await get().refresh(condition);
  },

  async addGoLayer(spec, condition) {
    set({ busy: 'Computing a GO graph…', progress: 0 });
    const r = await workerApi().addGoLayer(spec, Comlink.proxy((f: number) => set({ progress: f })));
    set({ busy: null, progress: null });
    if (!r.ok) {
      set({ error: r.error });
      return;
    }
    const active = get().active.includes(r.value.name) ? get().active : [...get().active, r.value.name];
    set({ layers: r.value.layers, active, error: null, message: null });
    await get().refresh(condition);
  },

  selectGene(gene) {
    set({ selectedGene: gene });
  },
}));

function describeImport(r: ImportedGraphReport): string {
  const unknown = r.unknownIds ? ` ${r.unknownIds} identifier(s) matched no gene (${r.edgesDropped} edge(s) dropped), e.g. ${r.unknownExamples.join(', ')}.` : '';
  const mapped = r.mapped ? ` ${r.mapped} identifier(s) mapped through Ensembl protein ids or aliases.` : '';
  return `Imported ${r.name} (${r.format}): ${r.linesRead} line(s), ${r.edgesKept} edge(s).${mapped}${unknown}`;
}
