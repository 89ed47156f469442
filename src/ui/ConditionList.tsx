import { useDeferredValue, useState } from 'react';
import { useApp } from '../app/store';
import type { DatasetView } from '../worker/protocol';
import { useEvaluation } from '../app/queries';

export function ConditionList({ dataset }: { dataset: DatasetView }) {
  const { selected, select } = useApp();
  const [query, setQuery] = useState('');
  const tests = useEvaluation()?.testConditions;
  const subsetOf = new Map((tests ?? []).map((t) => [t.name, t.subset]));
  const q = useDeferredValue(query.trim().toUpperCase());
  const all = dataset.summary.conditions;
  const shown = q
    ? all.filter((c) => c.name.toUpperCase().includes(q) || c.genes.some((g) => g.toUpperCase().includes(q)))
    : all;
  return (
    <div className="panel conditions" data-testid="conditions">
      <h3>
        Conditions{' '}
        <span className="muted">
          ({shown.length} of {all.length})
        </span>
      </h3>
      <input
        type="search"
        placeholder="Search a gene or condition…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="condition-search"
      />
      <div className="scroll">
        <table className="list">
          <thead>
            <tr>
              <th>Condition</th>
              <th>Genes</th>
              {tests && <th title="test subset of the current split">Test</th>}
              <th className="num">Cells</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr
                key={c.name}
                className={c.name === selected ? 'selected' : ''}
                aria-selected={c.name === selected}
                onClick={() => void select(c.name)}
                data-testid="condition-row"
              >
                <td>{c.name}</td>
                <td>{c.genes.length}</td>
                {tests && (
                  <td className="muted small" title={subsetOf.get(c.name) ?? 'training or validation'}>
                    {SHORT[subsetOf.get(c.name) ?? ''] ?? ''}
                  </td>
                )}
                <td className="num">{c.n_cells.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const SHORT: Record<string, string> = {
  unseen_single: 'unseen',
  combo_seen0: 'seen 0/2',
  combo_seen1: 'seen 1/2',
  combo_seen2: 'seen 2/2',
};
