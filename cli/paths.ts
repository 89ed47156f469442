import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_PATH = join(PACKAGE_ROOT, 'public', 'data', 'demo.h5ad');
