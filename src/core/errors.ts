/**
 * A problem with the user's input, phrased for the user: what is wrong, where, and what to do.
 * The UI shows `message` and `hint`; the CLI prints them on one line and exits with code 2.
 */
export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly hint: string;
  constructor(code: InputErrorCode, message: string, hint: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
    this.hint = hint;
  }
  /** One line: the problem, then what to do about it. */
  oneLine(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

export type InputErrorCode =
  | 'not-hdf5'
  | 'truncated'
  | 'not-anndata'
  | 'unsupported-encoding'
  | 'empty-matrix'
  | 'no-perturbation-column'
  | 'unknown-column'
  | 'no-control'
  | 'unknown-label'
  | 'bad-covariate'
  | 'bad-values'
  | 'duplicate-genes'
  | 'too-large'
  | 'read-failed'
  | 'damaged-file'
  | 'reader-crashed'
  | 'bad-edge-table'
  | 'unknown-graph'
  | 'bad-model-file'
  | 'bad-session-file'
  | 'no-session'
  | 'model-mismatch'
  | 'bad-genes'
  | 'missing-asset'
  | 'no-cells'
  | 'no-counts';

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** Work stopped on purpose: the user cancelled, or the file it was for was replaced. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Whether `e` is a WebAssembly module's native abort or trap (h5wasm's HDF5 on some damaged files:
 * "Aborted(…)", "memory access out of bounds"), after which the module's memory is in an unknown state.
 */
export function isWasmCrash(e: unknown): boolean {
  return e instanceof Error && e.name === 'RuntimeError';
}
