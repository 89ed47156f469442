// Node module hooks that run the project's TypeScript directly, for the CLI, scripts and benchmarks.
// Why not tsx: it also transforms dependencies, and h5wasm's 4 MB module then costs ~600 MB of
// memory at start-up. Here only the project's own .ts files go through esbuild; everything in
// node_modules loads untouched.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    // The sources import without extensions (bundler style): './reader' means './reader.ts'. So do
    // tfjs-core's ES modules (its gradients are published only as those): './Abs_grad' is './Abs_grad.js'.
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    if (
      ['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(e?.code) &&
      relative &&
      !specifier.endsWith('.ts')
    ) {
      if (!context.parentURL?.includes('/node_modules/')) return next(`${specifier}.ts`, context);
      return next(`${specifier}.js`, context).catch(() => next(`${specifier}/index.js`, context));
    }
    throw e;
  }
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts') && !url.includes('/node_modules/')) {
    const path = fileURLToPath(url);
    const { code } = transformSync(readFileSync(path, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: path,
    });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return next(url, context);
}
