#!/usr/bin/env node
// Launcher: the CLI is TypeScript over src/core, run through the project's own loader hooks.
import './register-ts.mjs';

const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
