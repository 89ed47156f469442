import type { LoadProgress } from '../worker/protocol';

const PHASE: Record<string, string> = {
  starting: 'Starting the compute engine',
  opening: 'Opening',
  metadata: 'Reading labels',
  genes: 'Selecting genes',
  pseudobulk: 'Reading cells',
  statistics: 'Computing statistics',
};

export function ProgressBar({ progress }: { progress: LoadProgress }) {
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
        {PHASE[progress.phase] ?? progress.phase} · {pct}%
      </span>
    </div>
  );
}
