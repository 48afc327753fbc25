"""Write a network back out as a dataset folder in the standard format (docs/FORMAT.md).

Used by ``netmap pull`` (Neo4j → files) and by the synthetic generator. Reading the written
folder with :func:`netmap.io.dataset.load_dataset` gives the same graph again. The folder is
written to a temporary sibling and renamed into place, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from netmap.io.dataset import COLUMNS
from netmap.model import Network

__all__ = ["write_dataset", "dataset_tables"]

_TABLES = {"organisation": "organisations", "program": "programs", "meeting": "meetings",
           "role": "roles"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    return str(value)


def dataset_tables(net: Network) -> tuple[dict[str, Any], dict[str, list[dict[str, str]]]]:
    """The municipality fields and the rows of every table, as the files would hold them."""
    G = net.graph
    meta = {k: v for k, v in G.graph.items() if k not in ("slug", "demand")}
    tables: dict[str, list[dict[str, str]]] = {t: [] for t in COLUMNS}
    needs_cell: dict[str, list[str]] = {}
    links = []
    for u, v, d in G.edges(data=True):
        if d["type"] == "covers" and d.get("origin") == "needs column":
            needs_cell.setdefault(u, []).append(G.nodes[v]["code"])
            continue
        target = G.nodes[v]["code"] if d["type"] == "covers" else v
        links.append({"source": u, "target": target,
                      **{k: _text(x) for k, x in d.items() if k != "origin"}})
        if d.get("origin"):
            links[-1]["origin"] = d["origin"]
    for n, d in G.nodes(data=True):
        table = _TABLES.get(d["node_type"])
        if table is None:
            continue
        row = {"id": n, **{k: _text(x) for k, x in d.items() if k != "node_type"}}
        if table in ("organisations", "programs"):
            row["needs"] = ";".join(needs_cell.get(n, []))
        tables[table].append(row)
    tables["links"] = links
    tables["demand"] = [{k: _text(x) for k, x in r.items()} for r in G.graph.get("demand", [])]
    return meta, tables


def _columns(table: str, rows: list[dict[str, str]]) -> list[str]:
    cols = [c.key for c in COLUMNS[table]]
    for r in rows:
        cols += [k for k in r if k not in cols]
    present = {k for r in rows for k, v in r.items() if v}
    return [c for c in cols if c in present or any(x.key == c and x.required
                                                   for x in COLUMNS[table])]


def write_dataset(net: Network, out: Path, overwrite: bool = False) -> Path:
    """Write ``net`` as a dataset folder at ``out``; return it.

    ``links.csv`` and ``organisations.csv`` are always written; the optional tables only
    when they have rows. Existing ``out`` is replaced only with ``overwrite``.
    """
    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} は既にあります (already exists; use --overwrite)")
    meta, tables = dataset_tables(net)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        with open(tmp / "municipality.yaml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(meta, fh, allow_unicode=True, sort_keys=False)
        for table, rows in tables.items():
            if not rows and table not in ("organisations", "links"):
                continue
            cols = _columns(table, rows)
            with open(tmp / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore",
                                   lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
