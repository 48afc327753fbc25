"""``netmap load --bulk``: a first load written by ``neo4j-admin database import full``.

The offline importer writes the store files directly, with no transactions, and is the
fastest way into an empty database (issue #19: the national first load). It runs from the same
Maven jars as the local server (:mod:`netmap.store.server`; the importer's entry point is
``org.neo4j.cli.AdminTool`` in ``neo4j-command-line``), on the server's data directory, with
the server stopped; the server is started again with the same port and settings and the
schema of ``cypher/schema.cypher`` is applied. The graph is the one the online load writes,
row for row (the same :mod:`netmap.store.plan`), so a bulk load reads back identically.

Only an **empty** database is imported into: the server must be running (its port and
settings are reused), and it must hold no node.

References
----------
Neo4j Operations Manual 5, "Import": ``neo4j-admin database import full``, CSV header format.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from netmap.errors import StoreError
from netmap.model import Network
from netmap.store import server
from netmap.store.plan import LoadPlan, plan

__all__ = ["bulk_load", "write_csvs", "ADMIN_CLASS"]

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
_ARRAY_DELIMITERS = "\x1f|¦"


def _cell(value: Any, delim: str) -> str:
    if value is None:
        return ""  # an empty unquoted field: no property
    if type(value) is str:  # most cells: no other test
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = delim.join("true" if x is True else "false" if x is False else str(x)
                          for x in value)
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


_KIND = {str: "string", bool: "boolean", int: "long", float: "double"}


def _kind(value: Any) -> str:
    """The import type of one value (a list: ``<type>[]`` when all its items have one)."""
    kind = _KIND.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, list):
        inner = {_kind(x) for x in value} or {"string"}
        return (inner.pop() if len(inner) == 1 else "string") + "[]"
    return "string"


def _columns(rows: list[dict[str, Any]], skip: frozenset[str]) -> list[tuple[str, str]]:
    """(property key, import type) of every key of the rows' ``props`` but ``skip``, in order
    of first appearance, in one pass: a column's type is the one all its values have (long
    and double make double), else string."""
    kinds: dict[str, set[str]] = {}
    for r in rows:
        for k, v in r["props"].items():
            have = kinds.get(k)
            if have is None:
                if k in skip:
                    continue
                have = kinds[k] = set()
            if v is not None:
                have.add(_kind(v))
    out = []
    for k, ks in kinds.items():
        if ks == {"long", "double"}:
            ks = {"double"}
        out.append((k, ks.pop() if len(ks) == 1 else "string"))
    return out


def _write(path: Path, fixed: list[str], rows: list[dict[str, Any]], delim: str,
           skip: frozenset[str] = frozenset()) -> None:
    """One import CSV: the ``fixed`` header fields (``uid:ID(Node)``, ``:LABEL`` …, keyed in
    each row by their full header text) then one typed column per property key (the keys of
    ``skip`` left out: a link row's props are the plan's row itself, ends and type in it)."""
    columns = _columns(rows, skip)
    keys = [k for k, _ in columns]
    header = fixed + [f"{k}:{kind}" for k, kind in columns]
    label = fixed.index(":LABEL") if ":LABEL" in fixed else -1
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        for r in rows:
            cells = [_cell(r[f], delim) for f in fixed]
            if label >= 0:  # neo4j-admin splits ":LABEL" on the array delimiter
                cells[label] = _cell(r[":LABEL"].split(";"), delim)
            props = r["props"]
            cells += [_cell(props.get(k), delim) for k in keys]
            out.write(",".join(cells) + "\n")


def _rows(plans: list[LoadPlan]) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """Header fields and rows of each import file, from the online load's plans."""
    newest: dict[str, str] = {}
    for p in plans:
        as_of = p.municipality.get("asOf") or ""
        if as_of >= newest.get(p.series, ""):
            newest[p.series] = as_of
    out: dict[str, tuple[list[str], list[dict[str, Any]]]] = {
        k: ([], []) for k in ("municipalities", "needs", "nodes", "has", "links", "demands")}
    out["municipalities"][0][:] = ["key:ID(Municipality)", ":LABEL"]
    out["needs"][0][:] = ["code:ID(Need)", ":LABEL"]
    out["nodes"][0][:] = ["uid:ID(Node)", ":LABEL"]
    out["has"][0][:] = [":START_ID(Municipality)", ":END_ID(Node)", ":TYPE"]
    out["links"][0][:] = [":START_ID(Node)", ":END_ID(Node)", ":TYPE"]
    out["demands"][0][:] = [":START_ID(Municipality)", ":END_ID(Need)", ":TYPE"]
    covers: list[dict[str, Any]] = []
    needs: dict[str, dict[str, Any]] = {}
    for p in plans:
        props = {k: v for k, v in p.municipality.items() if k != "key"}
        props["latest"] = (p.municipality.get("asOf") or "") == newest[p.series]
        out["municipalities"][1].append({"key:ID(Municipality)": p.key,
                                         ":LABEL": "Municipality", "props": props})
        for n in p.needs:
            needs.setdefault(n["code"], {"code:ID(Need)": n["code"], ":LABEL": "Need",
                                         "props": {k: v for k, v in n["props"].items()
                                                   if k != "code"}})
        for kind, rows in p.nodes.items():
            for r in rows:
                uid = r["props"]["uid"]
                out["nodes"][1].append({"uid:ID(Node)": uid, ":LABEL": "NetmapNode;"
                                        + kind.capitalize(), "props": r["props"]})
                out["has"][1].append({":START_ID(Municipality)": p.key, ":END_ID(Node)": uid,
                                      ":TYPE": "HAS", "props": {}})
        for r in p.links:
            out["links"][1].append(_link(r, ":END_ID(Node)"))
        covers += [_link(r, ":END_ID(Need)") for r in p.covers]
        for r in p.demand:
            out["demands"][1].append({":START_ID(Municipality)": p.key, ":END_ID(Need)": r["need"],
                                      ":TYPE": "DEMANDS", "props": {
                                          k: v for k, v in r.items()
                                          if k not in ("kind", "need")}})
    out["needs"][1].extend(needs.values())
    out["covers"] = ([":START_ID(Node)", ":END_ID(Need)", ":TYPE"], covers)
    return out


def _link(r: dict[str, Any], end: str) -> dict[str, Any]:
    """A link row of the plan as an import row (its props are the row: see _SKIP)."""
    return {":START_ID(Node)": r["source"], end: r["target"], ":TYPE": r["type"], "props": r}


#: Keys of a row's props that are no property: a node's ``uid`` is its import ID, and a link
#: row of the plan (its own props) holds its kind, ends and type.
_SKIP = {"nodes": frozenset({"uid"}), "links": frozenset({"kind", "source", "target", "type"}),
         "covers": frozenset({"kind", "source", "target", "type"})}


def write_csvs(nets: list[tuple[Path, Network]], folder: Path) -> tuple[list[str], dict[str, int]]:
    """Write the import CSVs of ``nets`` into ``folder``; return neo4j-admin's file arguments
    and the counts of nodes and relationships."""
    plans = [plan(net, str(path)) for path, net in nets]
    if len({p.key for p in plans}) != len(plans):
        raise StoreError("同じスナップショットが二つあります — two datasets write the same "
                         "snapshot; load them with --prefer")
    files = _rows(plans)
    # Only list values are split on the array delimiter (and ":LABEL", which holds none).
    texts = [str(x) for _, rows in files.values() for r in rows
             for v in r["props"].values() if type(v) is list for x in v]
    delim = next((d for d in _ARRAY_DELIMITERS if not any(d in t for t in texts)), None)
    if delim is None:
        raise StoreError("配列の区切り文字が見つかりません — no array delimiter is free")
    args = [f"--array-delimiter={delim}", "--multiline-fields=true", "--quote=\""]
    counts = {"nodes": 0, "relationships": 0}
    for name, (fixed, rows) in files.items():
        if not rows:
            continue
        path = folder / f"{name}.csv"
        _write(path, fixed, rows, delim, _SKIP.get(name, frozenset()))
        kind = "nodes" if name in ("municipalities", "needs", "nodes") else "relationships"
        args.append(f"--{kind}={path}")
        counts[kind] += len(rows)
    return args, counts


def bulk_load(nets: list[tuple[Path, Network]], data_dir: Path | str,
              timeout: float = 3600.0) -> dict[str, Any]:
    """Import ``nets`` into the empty database of the local server of ``data_dir``.

    Writes the import CSVs while, at the same time, the server is checked empty and stopped
    (the first query of a server just started, and its shutdown, take seconds that need not
    add to the CSV writing); then runs ``neo4j-admin database import full``
    (``--overwrite-destination`` on the database checked empty), starts the server again with
    its port, auth and memory, and applies the schema (the importer takes no schema for the
    record format of Community: "Record format batch import does not support schema
    changes"). Returns counts, seconds and ``phases``: ``csv`` and ``check_stop``, the
    seconds from the start until each of the two was done (they run at once), and the seconds
    of ``import`` (neo4j-admin's own run, JVM start included; also ``import_seconds``),
    ``start`` and ``schema``.

    Raises
    ------
    StoreError
        The server is not running, its database is not empty (nothing is stopped), or the
        import failed (the message ends with the importer's last lines).
    """
    from netmap.store.neo4j import Store

    t0 = time.perf_counter()
    state = server.status(data_dir)
    if not state["running"]:
        raise StoreError(f"{data_dir} の Neo4j が動いていません — --bulk imports into the local "
                         "server's database: start it first with `netmap db start`")
    password = os.environ.get(server.USER_PASSWORD_ENV) if state.get("auth") else None

    def empty_then_stop() -> float:
        with Store.connect(state["uri"], password=password or "") as store:
            if store.run("count_nodes")[0]["nodes"]:
                raise StoreError("データベースが空ではありません — --bulk loads an empty "
                                 "database only; use `netmap load` without --bulk to add to it")
        server.stop(data_dir)
        return time.perf_counter() - t0

    phases: dict[str, float] = {}
    stopped = False
    try:
        with tempfile.TemporaryDirectory(prefix="netmap-import-") as tmp:
            with ThreadPoolExecutor(1) as pool:
                stopping = pool.submit(empty_then_stop)
                try:
                    args, counts = write_csvs(nets, Path(tmp))
                    phases["csv"] = time.perf_counter() - t0
                finally:
                    phases["check_stop"] = stopping.result()  # the check's error, if any
                    stopped = True
            t1 = time.perf_counter()
            _import(Path(state["data_dir"]), args, timeout)
            phases["import"] = time.perf_counter() - t1
    finally:
        if stopped:
            t1 = time.perf_counter()
            server.start(state["data_dir"], port=int(state["port"]), password=password,
                         auth=bool(state.get("auth")), heap=state.get("heap", "2g"),
                         pagecache=state.get("pagecache", "512m"))
            phases["start"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    with Store.connect(state["uri"], password=password or "") as store:
        store.apply_schema()
    phases["schema"] = time.perf_counter() - t1
    return {"municipalities": len(nets), **counts, "import_seconds": round(phases["import"], 2),
            "seconds": round(time.perf_counter() - t0, 2),
            "phases": {k: round(v, 2) for k, v in phases.items()}}


def _import(home: Path, args: list[str], timeout: float) -> None:
    classpath = server.CLASSPATH_FILE.read_text().strip()
    cmd = [server._java(), "-Xmx1g", "-cp", classpath, ADMIN_CLASS,
           "database", "import", "full", "neo4j", "--overwrite-destination=true", *args]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    (home / "conf").mkdir(exist_ok=True)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=home,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise StoreError(f"neo4j-admin import に失敗しました (exit {done.returncode}):\n{tail}")
