// Regenerates the anndata fixtures when missing or older than what they are made from.
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const inputs = ['tests/fixtures/make_fixtures.py', 'public/data/go_human.json.gz'];
const stamp = 'tests/fixtures/generated/metrics.expected.json'; // the last file the script writes
if (!existsSync(stamp) || inputs.some((f) => statSync(stamp).mtimeMs < statSync(f).mtimeMs)) {
  execFileSync('/usr/bin/python3', [inputs[0]], { stdio: 'inherit' });
}
