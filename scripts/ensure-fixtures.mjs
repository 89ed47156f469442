// Regenerates the anndata fixtures when they are missing or older than the script that writes them.
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const script = 'tests/fixtures/make_fixtures.py';
const stamp = 'tests/fixtures/generated/bad_expectations.json';
if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(script).mtimeMs) {
  execFileSync('/usr/bin/python3', [script], { stdio: 'inherit' });
}
