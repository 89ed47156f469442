// `node --import ./cli/register-ts.mjs file.ts` runs a TypeScript file of this project.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
