import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGoAsset, type GoAnnotations } from '../core/go/annotations';

export const GO_ASSET_PATH = join(fileURLToPath(new URL('../../public/data/go_human.json.gz', import.meta.url)));

export function loadGoAsset(path = GO_ASSET_PATH): Promise<GoAnnotations> {
  return parseGoAsset(new Uint8Array(readFileSync(path)));
}
