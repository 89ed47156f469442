/**
 * Whether the mean baseline reaches the data's own reproducibility on Pearson Δ in a subset: the
 * changes are then mostly one shift every perturbation shares, and Pearson Δ rewards predicting it
 * (on a real screen the mean scored 0.865 against a split-half ceiling of 0.70). Returns both values
 * when it does, null otherwise.
 */
export function sharedShift(
  rows: readonly { model: string; subsets: Partial<Record<string, Record<string, number | null>>> }[],
  subset: string,
): { mean: number; ceiling: number } | null {
  const mean = rows.find((r) => r.model === 'mean')?.subsets[subset]?.pearson_delta;
  const ceiling = rows.find((r) => r.model === 'split-half')?.subsets[subset]?.pearson_delta;
  return typeof mean === 'number' && typeof ceiling === 'number' && mean >= ceiling ? { mean, ceiling } : null;
}
