#!/usr/bin/env python3
"""Build public/data/go_human.json.gz: human gene -> GO terms, from Debian's r-bioc-org.hs.eg.db,
with term names from r-bioc-go.db.

No R is needed: the Debian packages ship the Bioconductor SQLite databases, which we read directly.
Evidence codes IEA, ND and NAS are dropped, as GEARS does.

Usage: /usr/bin/python3 scripts/build_go_asset.py [--deb PATH] [--go-deb PATH]
"""
import argparse, glob, gzip, io, json, os, sqlite3, subprocess, sys, tempfile

PKG = "r-bioc-org.hs.eg.db"
SQLITE = "usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite"
GO_PKG = "r-bioc-go.db"
GO_SQLITE = "usr/lib/R/site-library/GO.db/extdata/GO.sqlite"
EXCLUDED = ("IEA", "ND", "NAS")
OUT = os.path.join(os.path.dirname(__file__), "..", "public", "data", "go_human.json.gz")


def fetch_deb(workdir, pkg):
    subprocess.run(["apt-get", "download", pkg], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    debs = glob.glob(os.path.join(workdir, pkg + "_*.deb"))
    if not debs:
        sys.exit(f"apt-get download {pkg} produced no .deb (run 'apt-get update' first)")
    return debs[0]


def deb_version(deb):
    out = subprocess.run(["dpkg-deb", "-f", deb, "Version"], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deb", help="an already downloaded .deb of " + PKG)
    ap.add_argument("--go-deb", help="an already downloaded .deb of " + GO_PKG)
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        deb = args.deb or fetch_deb(tmp, PKG)
        go_deb = args.go_deb or fetch_deb(tmp, GO_PKG)
        subprocess.run(["dpkg", "-x", deb, os.path.join(tmp, "x")], check=True)
        subprocess.run(["dpkg", "-x", go_deb, os.path.join(tmp, "x")], check=True)
        db = sqlite3.connect(os.path.join(tmp, "x", SQLITE))
        go_db = sqlite3.connect(os.path.join(tmp, "x", GO_SQLITE))
        asset = build(db, deb_version(deb), go_db, deb_version(go_deb))
    raw = json.dumps(asset, separators=(",", ":")).encode()
    buf = io.BytesIO()
    # mtime=0 keeps the bytes identical between runs, so the committed asset only changes with its data.
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    with open(args.out, "wb") as f:
        f.write(buf.getvalue())
    print(f"wrote {args.out}: {len(asset['genes'])} genes, {len(asset['terms'])} terms, "
          f"{asset['source']['n_pairs']} gene-term pairs ({asset['source']['n_rows']} evidence rows), "
          f"{len(buf.getvalue()) / 1e6:.2f} MB")


def build(db, version, go_db, go_version):
    ph = ",".join("?" * len(EXCLUDED))
    rows = []
    n_rows = 0
    for ont, table in (("B", "go_bp"), ("M", "go_mf"), ("C", "go_cc")):
        for sym, go in db.execute(
                f"select g.symbol, t.go_id from {table} t join gene_info g on g._id = t._id "
                f"where t.evidence not in ({ph})", EXCLUDED):
            rows.append((sym, go, ont))
            n_rows += 1
    genes = sorted({r[0] for r in rows})
    gidx = {g: i for i, g in enumerate(genes)}
    term_ont = {}
    for _, go, ont in rows:
        term_ont[go] = ont
    terms = sorted(term_ont)
    tidx = {t: i for i, t in enumerate(terms)}
    per_gene = [set() for _ in genes]
    for sym, go, _ in rows:
        per_gene[gidx[sym]].add(tidx[go])
    indptr, indices = [0], []
    for s in per_gene:
        indices.extend(sorted(s))
        indptr.append(len(indices))

    # Identifier maps for imported networks (STRING uses Ensembl protein ids) and renamed symbols.
    ensp, aliases = {}, {}
    for sym, prot in db.execute("select g.symbol, p.prot_id from ensembl_prot p join gene_info g on g._id = p._id"):
        ensp[prot] = sym
    for sym, alias in db.execute("select g.symbol, a.alias_symbol from alias a join gene_info g on g._id = a._id"):
        if alias != sym:
            aliases.setdefault(alias, set()).add(sym)
    meta = dict(db.execute("select name, value from metadata"))
    names = dict(go_db.execute("select go_id, term from go_term"))
    return {
        "format": "perturbscope-go/1",
        "source": {
            "package": PKG, "version": version, "term_names_package": GO_PKG, "term_names_version": go_version,
            "go_source_date": meta.get("GOSOURCEDATE"), "gene_source_date": meta.get("EGSOURCEDATE"),
            "evidence_excluded": list(EXCLUDED), "n_rows": n_rows, "n_pairs": len(indices),
        },
        "genes": genes,
        "terms": terms,
        "term_ontology": "".join(term_ont[t] for t in terms),
        "term_names": [names.get(t, "") for t in terms],
        "gene_terms": {"indptr": indptr, "indices": indices},
        "ensembl_protein": dict(sorted(ensp.items())),
        # An alias can name several genes; keep them all so a mapper can report the ambiguity.
        "aliases": {a: sorted(s) for a, s in sorted(aliases.items())},
    }


if __name__ == "__main__":
    main()
