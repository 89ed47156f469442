import { parseGoAsset } from '../../../src/core/go/annotations';
import { goGenomeTask, syntheticCoexpressionTask } from '../tasks';

self.onmessage = async (e: MessageEvent<{ cells: number; genes: number; density: number; goUrl: string }>) => {
  try {
    const go = await parseGoAsset(new Uint8Array(await (await fetch(e.data.goUrl)).arrayBuffer()));
    const results = [goGenomeTask(go), syntheticCoexpressionTask(e.data.cells, e.data.genes, e.data.density)];
    self.postMessage({ ok: true, results });
  } catch (err) {
    self.postMessage({ ok: false, error: String((err as Error).message ?? err) });
  }
};
