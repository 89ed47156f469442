import { isGenerative, type Perturbation, type PerturbationModel } from './types';

/**
 * What scoring asks of a fitted model about the test conditions: its predictions of `perts` (each
 * with its control reference) and, from a generative model, `cells` generated cells of each test
 * condition, drawn with that condition's seed.
 */
export interface TestQuery {
  perts: Perturbation[];
  references: Float64Array[];
  generate?: { cells: number; seeds: number[] };
}

export interface TestAnswers {
  predictions: Float64Array[];
  /** Per test condition, in the order of `perts` (generative models, when asked). */
  generated?: Float32Array[][];
}

/**
 * The model's answers to `query`. A model fitted on a helper thread answers there, before its state
 * is sent back, so that the thread that scores it does not spend the time.
 */
export async function answerTests(model: PerturbationModel, query: TestQuery): Promise<TestAnswers> {
  const predictions = await model.predict(query.perts, query.references);
  const g = query.generate;
  if (!g || !isGenerative(model)) return { predictions };
  const generated: Float32Array[][] = [];
  for (const [i, p] of query.perts.entries()) generated.push(await model.generate(p, g.cells, g.seeds[i]));
  return { predictions, generated };
}

/** The buffers of `answers`, each once, to transfer them to another thread instead of copying. */
export function answerBuffers(answers: TestAnswers): ArrayBuffer[] {
  return [
    ...new Set([...answers.predictions, ...(answers.generated ?? []).flat()].map((a) => a.buffer as ArrayBuffer)),
  ];
}
