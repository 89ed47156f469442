import { describe, expect, it } from 'vitest';
import { SessionHost } from '../../../src/core/session/host';
import { nodeSessionEnv, reopenPath } from '../../../src/node/sessionEnv';
import { join } from 'node:path';

const DEMO = join(import.meta.dirname, '..', '..', '..', 'public', 'data', 'demo.h5ad');

describe('the graph view of a condition', () => {
  it('scales colours to the neighbours’ changes (the perturbed gene saturates) and draws GO links undirected', async () => {
    const host = new SessionHost(nodeSessionEnv());
    const r = await host.load(reopenPath(DEMO), {});
    if (!r.ok) throw new Error(r.error.message);
    const ego = await host.on(r.value.id, async (s) => {
      await s.ensureLayer('GO');
      return s.ego({ condition: 'KLF1+ctrl', hops: 1, maxNodes: 60, layers: ['GO'] });
    });
    if (!ego.ok) throw new Error(ego.error.message);
    const v = ego.value;
    const perturbed = v.nodes.find((n) => n.perturbed)!;
    expect(perturbed.id).toBe('KLF1');
    const neighbours = v.nodes.filter((n) => !n.perturbed && n.change !== null).map((n) => Math.abs(n.change!));
    expect(neighbours.length).toBeGreaterThan(3);
    expect(v.maxAbsChange).toBe(Math.max(...neighbours));
    expect(Math.abs(perturbed.change!)).toBeGreaterThan(v.maxAbsChange);
    expect(v.nodes.length).toBeLessThanOrEqual(60);
    expect(v.edges.length).toBeGreaterThan(0);
    expect(v.edges.every((e) => !e.directed)).toBe(true);
    // One line per pair.
    const pairs = new Set(v.edges.map((e) => [e.source, e.target].sort().join('|')));
    expect(pairs.size).toBe(v.edges.length);
  });
});
