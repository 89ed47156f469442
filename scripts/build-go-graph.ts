/**
 * Writes public/data/go_graph_top20.bin.gz: the genome-wide GEARS GO graph (all ontologies, each
 * gene's top 20 neighbours with Jaccard > 0.1), so the app's default graph needs no computation.
 * Usage: npm run build:go-graph
 */
import { writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { loadGoAsset } from '../src/node/goAsset';
import { buildGoGraph, GO_DEFAULT_K, GO_DEFAULT_MIN_WEIGHT } from '../src/core/graph/goGraph';
import { encodeGraph } from '../src/core/graph/serialize';

const go = await loadGoAsset();
const t0 = performance.now();
const g = buildGoGraph(go, { universe: 'genome' });
const seconds = (performance.now() - t0) / 1000;
const out = join(import.meta.dirname, '..', 'public', 'data', 'go_graph_top20.bin.gz');
const meta = {
  kind: 'go',
  k: GO_DEFAULT_K,
  minWeight: GO_DEFAULT_MIN_WEIGHT,
  ontologies: ['BP', 'MF', 'CC'],
  universe: 'genome',
  go: `${go.source.package} ${go.source.version}`,
};
writeFileSync(out, gzipSync(encodeGraph(g, meta), { level: 9 }));
console.log(
  `${out}: ${g.nodes.length} genes, ${g.src.length} edges, built in ${seconds.toFixed(1)} s, ${(statSync(out).size / 1e6).toFixed(2)} MB`,
);
