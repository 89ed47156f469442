import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { checkHdf5Header, hdf5EndOfFile, HEADER_BYTES } from '../../../src/core/anndata/hdf5Header';
import { fixture } from '../../helpers';

describe('HDF5 header', () => {
  it('reads the end-of-file address that h5py wrote, equal to the real size', () => {
    for (const name of ['gears_csr_lognorm', 'legacy_categorical', 'csc_float64_counts']) {
      const bytes = readFileSync(fixture(name));
      expect(hdf5EndOfFile(bytes.subarray(0, HEADER_BYTES))).toBe(statSync(fixture(name)).size);
    }
  });
  it('tells text, gzip and zip files apart in its message', () => {
    const enc = new TextEncoder();
    expect(() => checkHdf5Header(enc.encode('gene,count\n'), 11, 'x.csv')).toThrow(/text file/);
    expect(() => checkHdf5Header(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 8, 'x.h5ad.gz')).toThrow(/gunzip/);
    expect(() => checkHdf5Header(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 8, 'x.zip')).toThrow(/ZIP/);
    expect(() => checkHdf5Header(new Uint8Array(0), 0, 'empty.h5ad')).toThrow(/empty/);
  });
});
