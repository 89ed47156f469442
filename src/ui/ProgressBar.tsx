import type { DatasetOutlineView, LoadProgress } from '../worker/protocol';
import { int } from './format';

const PHASE: Record<string, string> = {
  starting: 'Starting the compute engine',
  opening: 'Opening',
  metadata: 'Reading labels',
  genes: 'Selecting genes',
  pseudobulk: 'Reading cells',
  statistics: 'Computing statistics',
};

export function ProgressBar({ progress, outline }: { progress: LoadProgress; outline?: DatasetOutlineView | null }) {
  const pct = Math.round(progress.fraction * 100);
  return (
    <div
      className="progress"
      data-testid="progress"
      role="progressbar"
      aria-valuenow={pct}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="bar" style={{ width: `${pct}%` }} />
      <span>
        {pct}% · {PHASE[progress.phase] ?? progress.phase}
        {outline &&
          ` of ${outline.fileName} (${int(outline.summary.n_obs)} cells × ${int(outline.summary.n_vars)} genes)`}
      </span>
    </div>
  );
}
