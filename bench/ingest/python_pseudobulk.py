#!/usr/bin/env python3
"""The Python reference for the ingest benchmark: anndata + numpy/scipy, the usual way.

Reads the file with anndata, normalises counts per cell to 10,000, log1p, and computes per-condition
means and variances with a sparse indicator matrix. Prints JSON: seconds, peak RSS, a checksum.
"""
import json, resource, sys, time
import numpy as np
import scipy.sparse as sp
import anndata as ad

t0 = time.perf_counter()
a = ad.read_h5ad(sys.argv[1])
X = a.X.tocsr().astype(np.float64)
tot = np.asarray(X.sum(axis=1)).ravel()
tot[tot == 0] = 1
X = sp.diags(1e4 / tot) @ X
X.data = np.log1p(X.data)
codes = a.obs["condition"].cat.codes.to_numpy()
cats = list(a.obs["condition"].cat.categories)
G = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(cats), len(codes)))
n = np.asarray(G.sum(axis=1)).ravel()
mean = np.asarray((G @ X).todense()) / n[:, None]
X.data **= 2
var = (np.asarray((G @ X).todense()) - n[:, None] * mean ** 2) / (n[:, None] - 1)
seconds = time.perf_counter() - t0
ctrl = cats.index("ctrl")
print(json.dumps({"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "control_mean_head": mean[ctrl, :5].tolist(), "mean_sum": float(mean.sum()), "var_sum": float(np.nansum(var))}))
