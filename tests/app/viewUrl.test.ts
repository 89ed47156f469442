import { describe, expect, it } from 'vitest';
import { readView, sameData, writeView } from '../../src/app/viewUrl';

describe('view URLs', () => {
  it('round-trips every field, with names that need escaping', () => {
    const v = {
      data: { kind: 'file' as const, name: 'my screen (v2)&co.h5ad', bytes: 123456 },
      condition: 'CEBPA+KLF1',
      model: 'txpert',
      split: 'combo_seen2' as const,
      seed: 3,
      colour: 'model' as const,
    };
    const url = writeView(v);
    expect(url).toBe(
      '?file=my+screen+%28v2%29%26co.h5ad&bytes=123456&condition=CEBPA%2BKLF1&model=txpert&split=combo_seen2&seed=3&colour=model',
    );
    expect(readView(url)).toEqual(v);
    expect(readView(writeView({ data: { kind: 'demo' }, condition: 'KLF1+ctrl' }))).toEqual({
      data: { kind: 'demo' },
      condition: 'KLF1+ctrl',
    });
  });
  it('carries the graph settings and the open panel', () => {
    const v = {
      data: { kind: 'demo' as const },
      condition: 'KLF1',
      layers: ['GO', 'co-expression', 'STRING, v12 (2)'],
      hops: 2 as const,
      gene: 'GATA1',
      panel: 'guides' as const,
    };
    const url = writeView(v);
    expect(url).toBe(
      '?data=demo&condition=KLF1&layers=GO&layers=co-expression&layers=STRING%2C+v12+%282%29&hops=2&gene=GATA1&panel=guides',
    );
    expect(readView(url)).toEqual(v);
    // Defaults stay out of the URL; every layer switched off is said explicitly.
    expect(writeView({ layers: ['GO'], hops: 1 })).toBe('');
    expect(readView(writeView({ layers: [] }))).toEqual({ layers: [] });
    expect(readView('?hops=3&panel=secret')).toEqual({});
  });
  it('drops what it cannot read instead of guessing', () => {
    expect(readView('?split=random&seed=-1&colour=pink&bytes=x&file=a.h5ad')).toEqual({});
    expect(readView('?seed=0')).toEqual({ seed: 0 });
    expect(writeView({})).toBe('');
  });
  it('matches datasets by kind, name and size', () => {
    expect(sameData({ kind: 'demo' }, { kind: 'demo' })).toBe(true);
    expect(sameData({ kind: 'file', name: 'a.h5ad', bytes: 1 }, { kind: 'file', name: 'a.h5ad', bytes: 2 })).toBe(
      false,
    );
    expect(sameData({ kind: 'demo' }, { kind: 'file', name: 'demo.h5ad', bytes: 1 })).toBe(false);
  });
});
