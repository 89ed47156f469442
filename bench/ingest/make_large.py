#!/usr/bin/env python3
"""Writes a large CSR .h5ad for the ingest benchmark, in row blocks (never the whole matrix in memory).

Layout as anndata writes it (X/data, X/indices, X/indptr; obs with a categorical 'condition').
Usage: /usr/bin/python3 bench/ingest/make_large.py OUT.h5ad [N_CELLS] [N_GENES] [DENSITY]
"""
import sys
import numpy as np
import h5py
import anndata as ad
import pandas as pd

out = sys.argv[1]
n_cells = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
n_genes = int(sys.argv[3]) if len(sys.argv) > 3 else 5_000
density = float(sys.argv[4]) if len(sys.argv) > 4 else 0.08
rng = np.random.default_rng(1)
genes = ["G%05d" % j for j in range(n_genes)]
targets = genes[:300]
labels = np.where(rng.random(n_cells) < 0.1, "ctrl", np.array([t + "+ctrl" for t in targets])[rng.integers(0, 300, n_cells)])

# obs/var through anndata itself (an empty X of the right shape), then X streamed in with h5py.
shell = ad.AnnData(obs=pd.DataFrame({"condition": pd.Categorical(labels)}, index=["c%d" % i for i in range(n_cells)]),
                   var=pd.DataFrame(index=genes))
shell.write_h5ad(out)
gene_p = rng.gamma(0.5, 1.0, n_genes)
gene_p /= gene_p.sum()
with h5py.File(out, "a") as f:
    if "X" in f:
        del f["X"]
    g = f.create_group("X")
    g.attrs["encoding-type"] = "csr_matrix"
    g.attrs["encoding-version"] = "0.1.0"
    g.attrs["shape"] = np.array([n_cells, n_genes])
    data = g.create_dataset("data", shape=(0,), maxshape=(None,), dtype=np.float32, chunks=(1 << 20,))
    indices = g.create_dataset("indices", shape=(0,), maxshape=(None,), dtype=np.int32, chunks=(1 << 20,))
    indptr = np.zeros(n_cells + 1, dtype=np.int64)
    nnz = 0
    block = 10_000
    for r0 in range(0, n_cells, block):
        r1 = min(n_cells, r0 + block)
        per_row = rng.binomial(n_genes, density, r1 - r0)
        cols = [np.sort(rng.choice(n_genes, k, replace=False, p=gene_p)) for k in per_row]
        idx = np.concatenate(cols).astype(np.int32)
        val = (rng.poisson(2.0, idx.size) + 1).astype(np.float32)
        data.resize((nnz + idx.size,))
        indices.resize((nnz + idx.size,))
        data[nnz:] = val
        indices[nnz:] = idx
        indptr[r0 + 1:r1 + 1] = nnz + np.cumsum(per_row)
        nnz += idx.size
    g.create_dataset("indptr", data=indptr)
print(f"wrote {out}: {n_cells} x {n_genes}, {nnz} non-zeros")
