import { InputError } from '../errors';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** The superblock may sit after a user block of 0, 512, 1024, 2048, ... bytes. */
const SEARCH_OFFSETS = [0, 512, 1024, 2048, 4096, 8192];
/** Bytes a caller should read from the start of the file for `checkHdf5Header`. */
export const HEADER_BYTES = 8192 + 96;

function hasSignatureAt(b: Uint8Array, at: number): boolean {
  if (b.length < at + 8) return false;
  for (let i = 0; i < 8; i++) if (b[at + i] !== SIGNATURE[i]) return false;
  return true;
}

function readUint(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
}

/**
 * The end-of-file address that the HDF5 superblock promises (absolute, bytes), or null when the
 * superblock version is one we do not parse. Comparing it with the real size tells a truncated
 * download apart from a damaged file before h5wasm meets the missing bytes mid-read.
 */
export function hdf5EndOfFile(b: Uint8Array): number | null {
  const base = SEARCH_OFFSETS.find((o) => hasSignatureAt(b, o));
  if (base === undefined) return null;
  const version = b[base + 8];
  if (version === 0 || version === 1) {
    const sizeOfOffsets = b[base + 13];
    // signature 8, versions+sizes 8, group K 4, flags 4, [v1: indexed storage K 2 + reserved 2]
    let at = base + 24 + (version === 1 ? 4 : 0);
    at += 2 * sizeOfOffsets; // base address, free-space address
    return base + readUint(b, at, sizeOfOffsets);
  }
  if (version === 2 || version === 3) {
    const sizeOfOffsets = b[base + 9];
    // signature 8, version 1, sizes 2, flags 1, base address, superblock extension address
    const at = base + 12 + 2 * sizeOfOffsets;
    return base + readUint(b, at, sizeOfOffsets);
  }
  return null;
}

/** Throws an InputError unless `header` starts an HDF5 file whose promised length fits `fileSize`. */
export function checkHdf5Header(header: Uint8Array, fileSize: number, fileName: string): void {
  if (fileSize === 0) {
    throw new InputError(
      'not-hdf5',
      `${fileName} is empty (0 bytes).`,
      'Choose the .h5ad file itself, not an empty placeholder.',
    );
  }
  if (!SEARCH_OFFSETS.some((o) => hasSignatureAt(header, o))) {
    const text = new TextDecoder().decode(header.subarray(0, 64));
    const guess = /^[\x20-\x7e\t\r\n]*$/.test(text)
      ? ' It looks like a text file (CSV/TSV?).'
      : header[0] === 0x1f && header[1] === 0x8b
        ? ' It is gzip-compressed: decompress it first (gunzip).'
        : header[0] === 0x50 && header[1] === 0x4b
          ? ' It is a ZIP archive: extract the .h5ad from it.'
          : '';
    throw new InputError(
      'not-hdf5',
      `${fileName} is not an HDF5 file, so it cannot be an .h5ad AnnData file.${guess}`,
      'Save your data with AnnData: adata.write_h5ad("file.h5ad").',
    );
  }
  const eof = hdf5EndOfFile(header);
  if (eof !== null && eof > fileSize) {
    const pct = ((100 * fileSize) / eof).toFixed(1);
    throw new InputError(
      'truncated',
      `${fileName} is truncated: the HDF5 header says the file is ${eof.toLocaleString('en-US')} bytes but only ${fileSize.toLocaleString('en-US')} bytes (${pct}%) are present.`,
      'The download or copy was probably interrupted; fetch the file again.',
    );
  }
}
