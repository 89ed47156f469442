import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeGraph } from '../core/graph/serialize';
import { maybeGunzip } from '../core/util/gzip';
import type { GeneGraph } from '../core/graph/geneGraph';

export const GO_GRAPH_PATH = fileURLToPath(new URL('../../public/data/go_graph_top20.bin.gz', import.meta.url));

/** The shipped genome-wide GO top-20 graph. */
export async function loadShippedGoGraph(path = GO_GRAPH_PATH): Promise<GeneGraph> {
  return decodeGraph(await maybeGunzip(new Uint8Array(readFileSync(path)))).graph;
}
