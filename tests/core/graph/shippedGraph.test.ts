import { describe, expect, it } from 'vitest';
import { loadGoAsset } from '../../../src/node/goAsset';
import { loadShippedGoGraph } from '../../../src/node/graphAssets';
import { buildGoGraph } from '../../../src/core/graph/goGraph';
import { decodeGraph, encodeGraph } from '../../../src/core/graph/serialize';

describe('shipped genome-wide GO graph', () => {
  it('equals a fresh computation from the shipped annotations', async () => {
    const [go, shipped] = await Promise.all([loadGoAsset(), loadShippedGoGraph()]);
    const fresh = buildGoGraph(go, { universe: 'genome' });
    expect(shipped.nodes).toEqual(fresh.nodes);
    expect(shipped.indptr).toEqual(fresh.indptr);
    expect(shipped.src).toEqual(fresh.src);
    expect(shipped.weight).toEqual(fresh.weight);
    expect(shipped.layers).toEqual(['GO']);
  });
  it('round-trips through the binary format, wide and narrow', () => {
    for (const n of [5, 70000]) {
      const nodes = Array.from({ length: n }, (_, i) => `G${i}`);
      const indptr = new Int32Array(n + 1);
      indptr.fill(2, 2);
      const g = {
        nodes,
        indptr,
        src: Int32Array.from([n - 1, 0]),
        weight: Float32Array.from([0.25, -1]),
        provenance: Uint32Array.from([1, 3]),
        layers: ['a', 'b'],
      };
      const back = decodeGraph(encodeGraph(g, { note: 'x' }));
      expect(back.meta).toEqual({ note: 'x' });
      expect(back.graph).toEqual(g);
    }
  });
});
