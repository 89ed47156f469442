import { errorOf, useGuides } from '../app/queries';
import { usePanels } from '../app/panelState';

/**
 * A screen's first quality check: cells per guide and how alike the changes of each gene's guides
 * are. Shown only when the file has guides.
 */
export function GuideAgreement() {
  const query = useGuides();
  const { open, toggle } = usePanels();
  const report = query.data ?? null;
  const error = errorOf(query.error)?.message;
  if (error) return <p className="warning">Guide agreement could not be computed: {error}</p>;
  if (!report?.genes.length) return null;
  return (
    <details
      className="panel guides"
      data-testid="guide-agreement"
      data-panel="guides"
      open={open === 'guides'}
      onToggle={(e) => toggle('guides', e.currentTarget.open)}
    >
      <summary>
        <h3>Guides ({report.column})</h3>
      </summary>
      <p className="muted small">
        Agreement r: the correlation between the changes caused by a gene’s guides (each guide’s cells against the
        gene’s control reference, over measured genes other than the targets). Guides that disagree point to a weak or
        off-target guide.
      </p>
      <div className="table-scroll">
        <table className="facts">
          <thead>
            <tr>
              <th scope="col">Gene</th>
              <th scope="col">Guides (cells)</th>
              <th scope="col">Agreement r</th>
            </tr>
          </thead>
          <tbody>
            {report.genes.map((g) => (
              <tr key={g.gene}>
                <th scope="row">{g.gene}</th>
                <td>{g.guides.map((name, i) => `${name} (${g.cells[i]})`).join(', ')}</td>
                <td className={g.agreement !== null && g.agreement < 0.2 ? 'low' : undefined}>
                  {g.agreement === null ? 'n/a (one guide)' : g.agreement.toFixed(2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
