import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Static imports and re-exports (type-only ones included) between files of src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = resolve(dirname(file), m[1]);
      const target = [base, `${base}.ts`, `${base}.tsx`].find((p) => existsSync(p) && statSync(p).isFile());
      if (target) deps.push(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

const rel = (p: string) => relative(SRC, p);

describe('the layering of src/', () => {
  const graph = importGraph();

  it('has no import cycles, type-only imports included', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...path.slice(path.indexOf(d)), d].map(rel).join(' → '));
        else if (!state.has(d)) visit(d, [...path, d]);
      }
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });

  it('keeps the core free of the page: src/core imports nothing from worker, browser, app, ui or node', () => {
    const crossings = [...graph].flatMap(([f, deps]) =>
      rel(f).startsWith('core/')
        ? deps.filter((d) => !rel(d).startsWith('core/')).map((d) => `${rel(f)} → ${rel(d)}`)
        : [],
    );
    expect(crossings).toEqual([]);
  });

  it('lets the page reach the worker only through src/app', () => {
    const crossings = [...graph].flatMap(([f, deps]) =>
      rel(f).startsWith('ui/')
        ? deps
            .filter((d) => rel(d).startsWith('worker/') && !/protocol|backends/.test(rel(d)))
            .map((d) => `${rel(f)} → ${rel(d)}`)
        : [],
    );
    expect(crossings).toEqual([]);
  });
});
