import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
    // Every core: each test file runs one thread of work (vitest's default leaves a core idle,
    // which on a 2-core CI machine ran the files one at a time: 637 s against 413 s).
    maxWorkers: availableParallelism(),
    setupFiles: ['tests/setup.ts'],
  },
});
