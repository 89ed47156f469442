import { Rng } from '../../src/core/util/random';

export type MutationKind = 'flip' | 'zero' | 'truncate' | 'splice';
export const MUTATION_KINDS: readonly MutationKind[] = ['flip', 'zero', 'truncate', 'splice'];

/** One damaged copy of a file and how it was damaged (enough to reproduce it from the seed). */
export interface Mutant {
  kind: MutationKind;
  seed: number;
  what: string;
  bytes: Uint8Array;
}

/**
 * Damages a copy of `file` as disks, downloads and buggy writers do: flipped bytes, a zeroed run,
 * a truncation, or a run of the file copied over another place. Same (file, kind, seed), same bytes.
 * The first 8 bytes (the HDF5 signature) are spared half of the time, so most mutants reach the
 * parser rather than stopping at the signature check.
 */
export function mutate(file: Uint8Array, kind: MutationKind, seed: number): Mutant {
  const rng = new Rng(seed);
  const n = file.length;
  const out = new Uint8Array(file);
  const from = rng.uniform() < 0.5 ? 8 : 0;
  const at = () => from + rng.int(n - from);
  switch (kind) {
    case 'flip': {
      const k = 1 + rng.int(16);
      const where: number[] = [];
      for (let i = 0; i < k; i++) {
        const p = at();
        out[p] ^= 1 << rng.int(8);
        where.push(p);
      }
      return {
        kind,
        seed,
        what: `${k} bit(s) flipped at ${where.slice(0, 4).join(', ')}${k > 4 ? ', …' : ''}`,
        bytes: out,
      };
    }
    case 'zero': {
      const p = at();
      const len = Math.min(n - p, 1 + rng.int(4096));
      out.fill(0, p, p + len);
      return { kind, seed, what: `${len} byte(s) zeroed at ${p}`, bytes: out };
    }
    case 'truncate': {
      const p = at();
      return { kind, seed, what: `cut at ${p} of ${n} bytes`, bytes: out.slice(0, p) };
    }
    case 'splice': {
      const src = at();
      const dst = at();
      const len = Math.min(n - src, n - dst, 1 + rng.int(2048));
      out.copyWithin(dst, src, src + len);
      return { kind, seed, what: `${len} byte(s) from ${src} copied to ${dst}`, bytes: out };
    }
  }
}
