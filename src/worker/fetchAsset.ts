import type { AssetSource } from '../core/session/graphs';

/** Shipped assets fetched from the page's own origin, under `base`. */
export function fetchAsset(base: string): AssetSource {
  return async (name) => {
    const url = new URL(name, base).href;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not fetch ${url} (${res.status})`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
