/** One fixture of each kind the reader knows: dense, CSR, CSC, integer counts, legacy categoricals, guides. */
export const FUZZ_FIXTURES = [
  'scperturb_dense_counts_gzip',
  'gears_csr_lognorm',
  'csc_float64_counts',
  'guides_csr_int_counts',
  'legacy_categorical',
  'screen_ko_counts',
] as const;
