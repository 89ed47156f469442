import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// What the patch does is tested where it runs, in the page (tests/e2e/graph.spec.ts).
describe('Cytoscape (patches/cytoscape+3.34.4.patch)', () => {
  it('is patched in the build the page bundles', () => {
    // Beside the CommonJS build that require() finds (the ES build is exported for import only).
    const file = join(dirname(createRequire(import.meta.url).resolve('cytoscape')), 'cytoscape.esm.mjs');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain('Perturbscope patch: the loop asked for a frame 60 times a second');
    expect(source).toContain('r.renderFn = _renderFn;');
  });
});
