import { maybeGunzip } from '../../util/gzip';
import { decodeArtifact } from '../artifact';
import type { GoAnnotations } from '../../go/annotations';
import { GenotypeVae } from './genotypeVae';

/** The shipped GenotypeVAE encoder (gzip or not), its terms read from the GO annotations. */
export async function parseGenotypeVaeAsset(bytes: Uint8Array, go: GoAnnotations): Promise<GenotypeVae> {
  const a = decodeArtifact(await maybeGunzip(bytes), 'the GenotypeVAE asset');
  if (a.model !== 'genotype-vae') throw new Error(`the GenotypeVAE asset holds a '${a.model}' model`);
  return GenotypeVae.restore(a.state, go);
}
