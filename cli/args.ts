/** Minimal flag parsing: `--key value`, `--key=value`, boolean `--flag`, positionals. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleanFlags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (eq > 0) flags.set(key, a.slice(eq + 1));
    else if (booleanFlags.includes(key)) flags.set(key, true);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${key} needs a value`);
      flags.set(key, v);
      i++;
    }
  }
  return { positional, flags };
}

export class UsageError extends Error {}

export function stringFlag(a: ParsedArgs, key: string): string | undefined {
  const v = a.flags.get(key);
  if (v === true) throw new UsageError(`--${key} needs a value`);
  return v;
}

export function intFlag(a: ParsedArgs, key: string): number | undefined {
  const v = stringFlag(a, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${key} needs a positive whole number, got '${v}'`);
  return n;
}

export function checkKnownFlags(a: ParsedArgs, known: readonly string[]): void {
  for (const k of a.flags.keys())
    if (!known.includes(k))
      throw new UsageError(`unknown option --${k} (known: ${known.map((x) => `--${x}`).join(', ')})`);
}
