import type { DriveStep } from 'driver.js';

/** Where a visitor left the tour (a step index), so that it can be resumed; absent when finished or never begun. */
export const TOUR_KEY = 'perturbscope.tour-step';

/**
 * The classroom tour of the demo: eight steps from cells to predictions, each on the part of the
 * page it explains. A step whose part is not on screen yet (the leaderboard before training) is
 * shown without a highlight and says what to press.
 */
export const TOUR_STEPS: DriveStep[] = [
  {
    element: '[data-testid="summary"]',
    popover: {
      title: 'Control and perturbed cells',
      description:
        'Each cell was sequenced after one perturbation, a CRISPR guide switching one or two genes on. Control cells got a guide that targets nothing. Every number on this page compares perturbed cells with control cells.',
    },
  },
  {
    element: '#conditions',
    popover: {
      title: 'Perturbations',
      description:
        'One row per perturbation: a single gene (KLF1+ctrl) or a pair (CEBPA+KLF1), with its number of cells. Click a row, or use the arrow keys, to look at it.',
    },
  },
  {
    element: '[data-testid="condition-plot"]',
    popover: {
      title: 'The change Δ and the top DE genes',
      description:
        'Δ is the mean expression of the perturbation’s cells minus that of control cells (log scale), for every gene. These bars are the 20 genes it changed most clearly (differentially expressed, ranked by a t-test): red up, blue down, ★ the perturbed gene itself.',
    },
  },
  {
    element: '[data-testid="graph-view"]',
    popover: {
      title: 'The knowledge graph',
      description:
        'Genes linked by shared Gene Ontology annotations, around the perturbed gene (◆), coloured by their observed change. The graph models learn along these links: that is how they can guess a gene never perturbed in training.',
    },
  },
  {
    element: '#models',
    popover: {
      title: 'Baselines and the ceiling',
      description:
        'Press “Train and evaluate”: some perturbations are held out, every model predicts them, and the leaderboard scores each prediction against the real change. Simple baselines come first (the mean change of all perturbations is surprisingly hard to beat), and the split-half row shows how well the experiment agrees with itself: no model should do better.',
    },
  },
  {
    element: '[data-testid="model-gears"]',
    popover: {
      title: 'Training a graph neural network, live',
      description:
        'Tick GEARS (or APP, TxPert, PerturbNet) and train again: it learns in this tab, and its loss curves appear as it goes. Everything runs on your machine; no data leaves the page.',
    },
  },
  {
    element: '[data-testid="subset"]',
    popover: {
      title: 'Unseen genes and pairs',
      description:
        'The test perturbations come in kinds: a gene never perturbed in training, or a pair whose genes were seen alone (2/2), once (1/2) or never (0/2). Pick a kind here to see which models can generalise, and click a model to plot its predictions.',
    },
  },
  {
    element: '#composer',
    popover: {
      title: 'The composer',
      description:
        'Type one to three genes, even a pair nobody measured: every trained model predicts its effect, and for a pair, whether the two genes add up or interact.',
    },
  },
];
