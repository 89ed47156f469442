#!/usr/bin/env node
// Launcher: the CLI is TypeScript over src/core; tsx runs it without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
