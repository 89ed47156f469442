#!/usr/bin/env node
// Launcher: the CLI is TypeScript over src/core, run through the project's own loader hooks.
import './register-ts.mjs';

// `perturbscope graph ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const { dropWasmGlueLines } = await import('../src/node/openH5ad.ts');
dropWasmGlueLines();
const { startReaderWatchdog } = await import('../src/node/readerWatchdog.ts');
startReaderWatchdog();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
