import { useState } from 'react';
import { useDataset, useEvaluation } from '../app/queries';
import { useModels } from '../app/modelState';
import { int } from './format';
import { TOUR_KEY, TOUR_STEPS } from './tour';

/** Runs the tour from `step`, remembering where the visitor is so that a closed tour can be resumed. */
async function startTour(step: number, onChange: (at: number | null) => void) {
  const [{ driver }] = await Promise.all([import('driver.js'), import('driver.js/dist/driver.css')]);
  let finished = false;
  const d = driver({
    steps: TOUR_STEPS,
    showProgress: true,
    // Steps change at once: keys and clicks are never lost in a transition.
    animate: false,
    progressText: 'Step {{current}} of {{total}}',
    nextBtnText: 'Next',
    prevBtnText: 'Back',
    doneBtnText: 'Finish',
    popoverClass: 'tour-popover',
    onHighlightStarted: (_el, step) => {
      const at = Math.max(
        0,
        TOUR_STEPS.findIndex((s) => s.popover?.title === step.popover?.title),
      );
      localStorage.setItem(TOUR_KEY, String(at));
      onChange(at);
    },
    onNextClick: (_el, _step, { driver: t }) => {
      finished = t.isLastStep();
      t.moveNext();
    },
    onDestroyed: () => {
      if (finished) localStorage.removeItem(TOUR_KEY);
      onChange(finished ? null : Number(localStorage.getItem(TOUR_KEY) ?? 0));
    },
  });
  d.drive(step);
}

const HIDDEN_KEY = 'perturbscope.start-hidden';

/** Scrolls to a panel and moves the focus there, so that keyboard users land where they read. */
function goTo(id: string) {
  const el = document.getElementById(id);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.focus({ preventScroll: true });
}

/**
 * The first thing a visitor reads: what the open data are and the three steps through the page,
 * with the train action itself, so that nothing important waits below the fold.
 */
export function GettingStarted() {
  const dataset = useDataset();
  const evaluation = useEvaluation();
  const models = useModels();
  const [hidden, setHidden] = useState(() => localStorage.getItem(HIDDEN_KEY) === '1');
  const [tourAt, setTourAt] = useState<number | null>(() => {
    const at = localStorage.getItem(TOUR_KEY);
    return at === null ? null : Number(at);
  });
  const hide = (h: boolean) => {
    localStorage.setItem(HIDDEN_KEY, h ? '1' : '0');
    setHidden(h);
  };
  if (!dataset) return null;
  if (hidden)
    return (
      <button className="link start-show small" onClick={() => hide(false)} data-testid="start-show">
        How to use this page
      </button>
    );
  const s = dataset.summary;
  const other = s.conditions.length - s.n_singles - s.n_doubles;
  const kinds = [
    s.n_singles && `${int(s.n_singles)} single genes`,
    s.n_doubles && `${int(s.n_doubles)} pairs`,
    other && `${int(other)} larger sets`,
  ].filter(Boolean);
  return (
    <section className="start" aria-labelledby="start-title" data-testid="start-here">
      <div className="start-head">
        <h2 id="start-title">
          {dataset.syntheticNote ? 'A semi-synthetic screen' : dataset.fileName}: {int(s.conditions.length)}{' '}
          perturbations ({kinds.join(', ')}) in {int(s.n_obs)} cells, {int(dataset.nGenes)} genes measured, compared
          with {int(s.n_control_cells)} control cells.
        </h2>
        <span className="actions">
          <button
            className="button secondary small"
            onClick={() => void startTour(tourAt ?? 0, setTourAt)}
            data-testid="tour-start"
          >
            {tourAt === null ? 'Take the tour' : `Resume the tour (step ${tourAt + 1} of ${TOUR_STEPS.length})`}
          </button>
          <button className="link small" onClick={() => hide(true)} data-testid="start-hide">
            Hide
          </button>
        </span>
      </div>
      <ol>
        <li>
          <button className="link" onClick={() => goTo('conditions')}>
            Pick a perturbation
          </button>
          : its strongest changes from control and its neighbourhood in the gene knowledge graph appear on the right.
        </li>
        <li>
          {evaluation ? (
            <>
              Trained on the {evaluation.split} split: {evaluation.nTest} perturbations were held out.{' '}
              <button className="link" onClick={() => goTo('models')} data-testid="start-leaderboard">
                See how each model predicted them
              </button>
              , next to the baselines and the data's own reproducibility.
            </>
          ) : (
            <>
              <button
                className="button"
                disabled={!!models.running}
                onClick={() => void models.evaluate()}
                data-testid="start-train"
              >
                Train and evaluate
              </button>{' '}
              {models.running ? (
                <span className="muted" role="status">
                  {models.running}
                </span>
              ) : (
                <>
                  the baselines on perturbations held out of training (seconds), or add GEARS, APP, TxPert or PerturbNet
                  in{' '}
                  <button className="link" onClick={() => goTo('models')}>
                    Models
                  </button>
                  .
                </>
              )}
            </>
          )}
        </li>
        <li>
          Ask for a perturbation nobody measured in the{' '}
          <button className="link" onClick={() => goTo('composer')}>
            Composer
          </button>
          : every trained model predicts it.
        </li>
      </ol>
    </section>
  );
}
