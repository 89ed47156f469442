import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Layers, as docs/architecture.md describes them: the core knows nothing of the page. */
const notFromCore = [
  '**/worker/**',
  '**/browser/**',
  '**/app/**',
  '**/ui/**',
  '**/node/**',
  'react',
  'react-dom',
  'comlink',
  '@tanstack/*',
  'zustand',
  'cytoscape*',
  'plotly*',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'tests/fixtures/generated/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'cli/*.mjs',
      'scripts/*.mjs',
      'public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: notFromCore, message: 'src/core runs in Node and in the worker: it imports nothing of the page.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/worker', '**/worker/openFile', '**/worker/datasetCache'],
              message: 'The page reaches the worker through src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
