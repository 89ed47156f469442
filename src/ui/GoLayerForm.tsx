import { useState } from 'react';
import { useGraph } from '../app/graphState';
import { usePanels } from '../app/panelState';
import type { GoLayerSpec } from '../worker/protocol';

/** Custom GO graph settings; the default (all ontologies, top 20, > 0.1, genome) ships precomputed. */
export function GoLayerForm() {
  const addGoLayer = useGraph((s) => s.addGoLayer);
  const busy = useGraph((s) => s.busy);
  const { open, toggle: togglePanel } = usePanels();
  const [spec, setSpec] = useState<GoLayerSpec>({
    ontologies: ['BP', 'MF', 'CC'],
    k: 20,
    minWeight: 0.1,
    universe: 'dataset',
  });
  const toggle = (o: 'BP' | 'MF' | 'CC') =>
    setSpec((s) => ({
      ...s,
      ontologies: s.ontologies.includes(o) ? s.ontologies.filter((x) => x !== o) : [...s.ontologies, o],
    }));
  return (
    <details
      className="go-form"
      data-testid="go-form"
      data-panel="custom-go"
      open={open === 'custom-go'}
      onToggle={(e) => togglePanel('custom-go', e.currentTarget.open)}
    >
      <summary>Custom GO graph…</summary>
      <div className="row">
        {(['BP', 'MF', 'CC'] as const).map((o) => (
          <label key={o} className="layer">
            <input
              type="checkbox"
              checked={spec.ontologies.includes(o)}
              onChange={() => toggle(o)}
              data-testid={`go-ont-${o}`}
            />{' '}
            {o}
          </label>
        ))}
        <label className="layer">
          top k{' '}
          <input
            type="number"
            min={1}
            max={200}
            value={spec.k}
            onChange={(e) => setSpec({ ...spec, k: Number(e.target.value) })}
            data-testid="go-k"
          />
        </label>
        <label className="layer">
          weight &gt;{' '}
          <input
            type="number"
            min={0}
            max={0.99}
            step={0.05}
            value={spec.minWeight}
            onChange={(e) => setSpec({ ...spec, minWeight: Number(e.target.value) })}
            data-testid="go-min"
          />
        </label>
        <select
          value={spec.universe}
          onChange={(e) => setSpec({ ...spec, universe: e.target.value as GoLayerSpec['universe'] })}
          data-testid="go-universe"
        >
          <option value="dataset">dataset genes + perturbed genes</option>
          <option value="genome">whole genome</option>
        </select>
        <button
          className="button secondary"
          disabled={!!busy}
          onClick={() => void addGoLayer(spec)}
          data-testid="go-add"
        >
          Add layer
        </button>
      </div>
    </details>
  );
}
