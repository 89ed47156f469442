import { modelSpec } from './registry';
import type { ModelState } from './state';
import { answerTests, type TestAnswers, type TestQuery } from './testAnswers';
import type { FitOptions, FitReport, GenotypeEncoder, PerturbationModel, TrainingView } from './types';

/**
 * A training view that can be sent to another thread: all of it but PerturbNet's shipped encoder
 * (it holds tensors), which the other thread loads itself.
 */
export type PortableView = Omit<TrainingView, 'genotype'>;

/**
 * A model fitted elsewhere: its state, to restore into a fresh instance here, its report, and its
 * answers to the test query it was sent with.
 */
export interface Fitted {
  state: ModelState;
  report: FitReport;
  answers: TestAnswers;
}

/**
 * Another thread of this machine that fits models, so that two models train at once (tfjs's own
 * threads cannot speed up products this small; two models, one per core, can). It fits model `id`
 * as this thread would — same backend, view, seed and schedule — answers `query` with it there, and
 * hands back the fitted state and the answers.
 */
export interface FitHelper {
  fit(id: string, view: PortableView, opts: FitOptions, query: TestQuery): Promise<Fitted>;
}

/** The helper thread's side: fits a fresh model `id` on `view`, answers `query`, and frees it once its state is out. */
export async function fitPortable(
  id: string,
  view: PortableView,
  opts: FitOptions,
  query: TestQuery,
  genotype: () => Promise<GenotypeEncoder>,
): Promise<Fitted> {
  const spec = modelSpec(id);
  const model = spec.create();
  try {
    // Only models of single cells read the encoder (PerturbNet); the others never load it.
    const report = await model.fit({ ...view, genotype: spec.needs.cells ? await genotype() : undefined }, opts);
    return { state: await model.save(), report, answers: await answerTests(model, query) };
  } finally {
    model.dispose();
  }
}

/** Fits `model` through `helper`: the state it returns is restored into `model` here. */
export async function fitThrough(
  helper: FitHelper,
  model: PerturbationModel,
  view: TrainingView,
  opts: FitOptions,
  query: TestQuery,
): Promise<{ report: FitReport; answers: TestAnswers }> {
  const { genotype: _genotype, ...portable } = view;
  const { state, report, answers } = await helper.fit(model.id, portable, opts, query);
  model.restore(state);
  return { report, answers };
}
