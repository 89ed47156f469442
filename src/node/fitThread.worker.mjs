// The helper thread's entry: it runs the project's TypeScript, so it registers the CLI's loader first.
import { register } from 'node:module';

register('../../cli/ts-loader.mjs', import.meta.url);
await import('./fitThreadServe.ts');
