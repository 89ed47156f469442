/** One benchmark task in its own process, so that its peak memory is its own. */
import { loadGoAsset } from '../../src/node/goAsset';
import { openH5adPath } from '../../src/node/openH5ad';
import { coexpressionTask, goGenomeTask, syntheticCoexpressionTask } from './tasks';

const [task, arg1, arg2, arg3] = process.argv.slice(2);
let result;
if (task === 'go') result = goGenomeTask(await loadGoAsset());
else if (task === 'coex-file') {
  const r = await openH5adPath(arg1);
  result = coexpressionTask(r, 'h5ad file');
  r.close();
} else result = syntheticCoexpressionTask(Number(arg1), Number(arg2), Number(arg3));
console.log(JSON.stringify({ ...result, peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
