export const int = (n: number) => n.toLocaleString('en-US');

export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** An interaction class with its coefficients; singles that are zero or alike leave c1 and c2 undefined. */
export function interactionText(f: { class: string; c1: number; c2: number; magnitude: number }): string {
  if (f.class === 'not classifiable')
    return `not classifiable (the singles' changes are zero or the same, so c1 and c2 cannot be told apart)`;
  return `${f.class} (c1 ${f.c1.toFixed(2)}, c2 ${f.c2.toFixed(2)}, magnitude ${f.magnitude.toFixed(2)})`;
}
