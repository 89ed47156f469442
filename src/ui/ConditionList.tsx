import { useDeferredValue, useRef, useState, type KeyboardEvent } from 'react';
import { useApp } from '../app/store';
import type { DatasetView } from '../worker/protocol';
import { useEvaluation } from '../app/queries';
import { explainOf } from '../core/catalog';

export function ConditionList({ dataset }: { dataset: DatasetView }) {
  const { selected, select } = useApp();
  const [query, setQuery] = useState('');
  const [testOnly, setTestOnly] = useState(false);
  const tests = useEvaluation()?.testConditions;
  const subsetOf = new Map((tests ?? []).map((t) => [t.name, t.subset]));
  const q = useDeferredValue(query.trim().toUpperCase());
  const all = dataset.summary.conditions;
  const shown = all.filter(
    (c) =>
      (!q || c.name.toUpperCase().includes(q) || c.genes.some((g) => g.toUpperCase().includes(q))) &&
      (!tests || !testOnly || subsetOf.has(c.name)),
  );
  const body = useRef<HTMLTableSectionElement>(null);
  // One row is in the Tab order (the selected one, else the first); arrows move the selection.
  const focusable = shown.some((c) => c.name === selected) ? selected : (shown[0]?.name ?? null);
  const onKey = (e: KeyboardEvent) => {
    const at = shown.findIndex((c) => c.name === selected);
    const to =
      e.key === 'ArrowDown'
        ? Math.min(shown.length - 1, at + 1)
        : e.key === 'ArrowUp'
          ? Math.max(0, at - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? shown.length - 1
              : null;
    if (to === null || !shown[to]) return;
    e.preventDefault();
    select(shown[to].name);
    body.current?.querySelectorAll<HTMLElement>('tr')[to]?.focus();
  };
  return (
    <div className="panel conditions" id="conditions" tabIndex={-1} data-testid="conditions">
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
        aria-label="Search conditions by gene or name"
      />
      {tests && (
        <label className="layer small">
          <input
            type="checkbox"
            checked={testOnly}
            onChange={(e) => setTestOnly(e.target.checked)}
            data-testid="test-only"
          />
          test conditions only ({tests.length})
        </label>
      )}
      <div className="scroll">
        <table className="list" role="grid" aria-label="Conditions: arrow keys move, Enter selects">
          <thead>
            <tr>
              <th>Condition</th>
              <th>Genes</th>
              {tests && <th title="test subset of the current split">Test</th>}
              <th className="num">Cells</th>
            </tr>
          </thead>
          <tbody ref={body} onKeyDown={onKey}>
            {shown.map((c) => (
              <tr
                key={c.name}
                className={c.name === selected ? 'selected' : ''}
                aria-selected={c.name === selected}
                tabIndex={c.name === focusable ? 0 : -1}
                onClick={() => void select(c.name)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    select(c.name);
                  }
                }}
                data-testid="condition-row"
              >
                <td>{c.name}</td>
                <td>{c.genes.length}</td>
                {tests && (
                  <td
                    className="muted small"
                    title={
                      subsetOf.has(c.name) ? explainOf(subsetOf.get(c.name)!) : 'a training or validation condition'
                    }
                  >
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
