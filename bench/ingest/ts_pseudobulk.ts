/** Perturbscope's streaming pass over one file, in its own process so its peak memory is its own. */
import { openH5adPath } from '../../src/node/openH5ad';
import { loadPerturbDataset } from '../../src/core/dataset/build';

const t0 = performance.now();
const reader = await openH5adPath(process.argv[2]);
const ds = loadPerturbDataset(reader);
reader.close();
const seconds = (performance.now() - t0) / 1000;
let meanSum = 0,
  varSum = 0;
for (const c of ds.conditions)
  for (let j = 0; j < ds.genes.length; j++) {
    meanSum += c.mean[j];
    varSum += c.variance[j];
  }
for (let j = 0; j < ds.genes.length; j++) {
  meanSum += ds.control.mean[j];
  varSum += ds.control.variance[j];
}
console.log(
  JSON.stringify({
    seconds,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    control_mean_head: Array.from(ds.control.mean.slice(0, 5)),
    mean_sum: meanSum,
    var_sum: varSum,
  }),
);
