import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGenotypeVaeAsset } from '../core/models/perturbnet/genotypeAsset';
import type { GenotypeVae } from '../core/models/perturbnet/genotypeVae';
import type { GoAnnotations } from '../core/go/annotations';

export const GENOTYPE_VAE_PATH = join(
  fileURLToPath(new URL('../../public/data/genotype_vae.psmodel.gz', import.meta.url)),
);

export function loadGenotypeVae(go: GoAnnotations, path = GENOTYPE_VAE_PATH): Promise<GenotypeVae> {
  return parseGenotypeVaeAsset(new Uint8Array(readFileSync(path)), go);
}
