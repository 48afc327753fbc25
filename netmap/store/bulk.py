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

import csv
import gc
import multiprocessing
import os
import subprocess
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from netmap.errors import StoreError
from netmap.model import Network
from netmap.store import server
from netmap.store.plan import LoadPlan, plan, series_of, snapshot_key

__all__ = ["bulk_load", "write_csvs", "ADMIN_CLASS"]

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
_ARRAY_DELIMITERS = "\x1f|¦"


class _Null(int):
    """The cell of a missing value: empty and unquoted, which neo4j-admin reads as no property.
    The csv module (:data:`csv.QUOTE_NONNUMERIC`) quotes every value that is not a number, so
    a text, even an empty one, stays a text (``""``); this one is a number whose text is
    empty, so it is written as nothing at all."""

    def __str__(self) -> str:
        return ""

    __repr__ = __str__


_NULL = _Null()
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


def _column(values: list[Any], used: set[str]) -> tuple[str, bool, bool]:
    """(import type, whether the values need converting to text, whether one is ``None``) of
    one property column: the type all its values have (long and double make double), else
    string, and ``empty`` when no row has a value; the candidate array delimiters its list
    items hold are added to ``used``."""
    ts = set(map(type, values))
    ts.discard(_Null)
    none = type(None) in ts
    ts.discard(type(None))
    kinds = {_KIND.get(t, "string") for t in ts if t is not list}
    if list in ts:
        lists = [v for v in values if type(v) is list]
        kinds |= {_kind(v) for v in lists}
        used.update(d for v in lists for x in v for d in _ARRAY_DELIMITERS if d in str(x))
    if kinds == {"long", "double"}:
        kinds = {"double"}
    if not ts:
        return "empty", False, none
    return kinds.pop() if len(kinds) == 1 else "string", bool(ts & {bool, list}), none


def _text(value: Any, delim: str) -> Any:
    """A boolean or list cell as neo4j-admin reads it (``true``, items joined by ``delim``);
    any other value as it is."""
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is list:
        return delim.join("true" if x is True else "false" if x is False else str(x)
                          for x in value)
    return value


def _write(path: Path, fixed: list[str], rows: list[dict[str, Any]], delim: str,
           skip: frozenset[str] = frozenset(), at: list[str] | None = None) -> set[str]:
    """One import CSV: the ``fixed`` header fields (``uid:ID(Node)``, ``:LABEL`` …) then one
    typed column per property key, in order of first appearance (the keys of ``skip`` left
    out).

    A row holds each fixed field under its header text and its properties under ``props``;
    or, with ``at``, the fixed fields under the keys ``at`` names and its properties beside
    them (a link row of the plan: ``source``, ``target`` and ``type`` are its ends and type,
    ``skip`` names them and its ``kind``).

    Built column by column (each a C-level ``map`` over the rows) and written by the csv
    module (C), every text quoted and a missing value an empty unquoted cell (:class:`_Null`);
    only the boolean and list columns are converted in Python. Returns the candidate array
    delimiters that occur in a list value (:func:`_column`).
    """
    n = len(rows)
    props = rows if at is not None else list(map(itemgetter("props"), rows))
    columns = [list(map(itemgetter(k), rows)) for k in (at or fixed)]
    if ":LABEL" in fixed:  # neo4j-admin splits ":LABEL" on the array delimiter
        i = fixed.index(":LABEL")
        labels = {t: delim.join(t.split(";")) for t in set(columns[i])}
        columns[i] = list(map(labels.__getitem__, columns[i]))
    header = list(fixed)
    used: set[str] = set()
    for k in dict.fromkeys(chain.from_iterable(props)):
        if k in skip:
            continue
        col = list(map(dict.get, props, repeat(k, n), repeat(_NULL, n)))
        kind, convert, none = _column(col, used)
        if kind == "empty":  # no row has a value: no property, no column
            continue
        if none:
            col = [_NULL if v is None else v for v in col]
        if convert:
            col = [_text(v, delim) for v in col]
        header.append(f"{k}:{kind}")
        columns.append(col)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(
            zip(*columns, strict=True))
    return used


def _newest(nets: list[tuple[Path, Network]]) -> dict[str, str]:
    """The newest ``as_of`` of each series (its snapshot is marked ``latest``)."""
    newest: dict[str, str] = {}
    for _, net in nets:
        as_of = str(net.graph.graph.get("as_of") or "")
        series = series_of(net)
        if as_of >= newest.get(series, ""):
            newest[series] = as_of
    return newest


def _rows(plans: list[LoadPlan], newest: dict[str, str]
          ) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """Header fields and rows of each import file, from the online load's plans (a link
    or covers row is the plan's own row: see :data:`_AT`)."""
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
        props["latest"] = str(p.municipality.get("asOf") or "") == newest[p.series]
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
        out["links"][1].extend(p.links)
        covers += p.covers
        for r in p.demand:
            out["demands"][1].append({":START_ID(Municipality)": p.key, ":END_ID(Need)": r["need"],
                                      ":TYPE": "DEMANDS", "props": {
                                          k: v for k, v in r.items()
                                          if k not in ("kind", "need")}})
    out["needs"][1].extend(needs.values())
    out["covers"] = ([":START_ID(Node)", ":END_ID(Need)", ":TYPE"], covers)
    return out


#: Keys of a row's props that are no property: a node's ``uid`` is its import ID, and a link
#: row of the plan (its own props) holds its kind, ends and type.
_SKIP = {"nodes": frozenset({"uid"}), "links": frozenset({"kind", "source", "target", "type"}),
         "covers": frozenset({"kind", "source", "target", "type"})}

#: The keys of a link row of the plan that hold the fixed fields (``:START_ID``, ``:END_ID``,
#: ``:TYPE``): such a file's rows are the plan's own (:func:`_write`'s ``at``).
_AT = {"links": ["source", "target", "type"], "covers": ["source", "target", "type"]}


#: The networks of a bulk load, for the forked processes that write its CSVs (a fork shares
#: them with the parent: nothing is pickled).
_FORKED: list[tuple[Path, Network]] = []


def _part(i: int, lo: int, hi: int, folder: Path, newest: dict[str, str]
          ) -> tuple[list[tuple[str, str, int]], dict[str, dict[str, Any]], set[str], float]:
    """Plan and write the import CSVs of networks ``lo:hi`` of :data:`_FORKED` as
    ``<file>-<i>.csv`` (the needs, shared by every town, are returned to be written once);
    return (kind, path, rows) of each file written, the needs rows, which candidate array
    delimiters occur in a list value (written with the first: see :func:`write_csvs`) and
    when it was done (``time.perf_counter``).

    The cyclic garbage collector is paused meanwhile: the rows built are kept to the end
    anyway, and in a forked process a collection would walk (and so copy, page by page)
    every object inherited from the parent.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        plans = [plan(net, str(path)) for path, net in _FORKED[lo:hi]]
        files = _rows(plans, newest)
        needs = {r["code:ID(Need)"]: r for r in files.pop("needs")[1]}
        written, used = _write_files(files, folder, f"-{i}", _ARRAY_DELIMITERS[0])
        return written, needs, used, time.perf_counter()
    finally:
        if enabled:
            gc.enable()


_IMPORT_KIND = {"municipalities": "nodes", "needs": "nodes", "nodes": "nodes"}


def _write_files(files: dict[str, tuple[list[str], list[dict[str, Any]]]], folder: Path,
                 suffix: str, delim: str) -> tuple[list[tuple[str, str, int]], set[str]]:
    """Each non-empty file of :func:`_rows` as ``<name><suffix>.csv``: (kind, path, rows) of
    each written, and the candidate array delimiters its list values hold (:func:`_write`)."""
    written = []
    used: set[str] = set()
    for name, (fixed, rows) in files.items():
        if rows:
            path = folder / f"{name}{suffix}.csv"
            used |= _write(path, fixed, rows, delim, _SKIP.get(name, frozenset()), _AT.get(name))
            written.append((_IMPORT_KIND.get(name, "relationships"), str(path), len(rows)))
    return written, used


class _CsvJob:
    """The import CSVs of ``nets`` being written into ``folder`` by forked processes, started
    by the constructor (before the caller starts any thread: a fork copies only the thread
    that forks) and collected by :meth:`result`. See :func:`write_csvs`."""

    def __init__(self, nets: list[tuple[Path, Network]], folder: Path, jobs: int | None = None):
        keys = [snapshot_key(net) for _, net in nets]
        if len(set(keys)) != len(keys):
            raise StoreError("同じスナップショットが二つあります — two datasets write the same "
                             "snapshot; load them with --prefer")
        self.nets, self.folder, self.newest = nets, folder, _newest(nets)
        jobs = max(1, min(jobs or min(2, os.cpu_count() or 1), len(nets)))
        bounds = _split([net.graph.number_of_nodes() for _, net in nets], jobs)
        self.pool: ProcessPoolExecutor | None = None
        global _FORKED
        _FORKED = nets
        try:
            if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
                self.pool = ProcessPoolExecutor(jobs,
                                                mp_context=multiprocessing.get_context("fork"))
                self.parts = [self.pool.submit(_part, i, lo, hi, folder, self.newest)
                              for i, lo, hi in bounds]  # all forked at the first submit
            else:
                self.parts = [_done(_part(i, lo, hi, folder, self.newest))
                              for i, lo, hi in bounds]
        finally:
            _FORKED = []
        #: When the last file was written (``time.perf_counter``, the same clock in every
        #: process), set by :meth:`result`.
        self.done = 0.0

    def __enter__(self) -> _CsvJob:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def result(self) -> tuple[list[str], dict[str, int]]:
        """neo4j-admin's file arguments and the counts of nodes and relationships."""
        parts = [f.result() for f in self.parts]
        needs: dict[str, dict[str, Any]] = {}
        for _, n, _, _ in parts:
            for code, r in n.items():
                needs.setdefault(code, r)
        path = self.folder / "needs.csv"
        began = time.perf_counter()
        used = _write(path, ["code:ID(Need)", ":LABEL"], list(needs.values()),
                      _ARRAY_DELIMITERS[0]).union(*(u for _, _, u, _ in parts))
        if _ARRAY_DELIMITERS[0] in used:
            out = _write_all(self.nets, self.folder, self.newest, used)
            self.done = time.perf_counter()
            return out
        # the last part's end, plus the needs file (written after the caller's other work)
        self.done = max(end for _, _, _, end in parts) + time.perf_counter() - began
        files = [("nodes", str(path), len(needs)), *(f for w, _, _, _ in parts for f in w)]
        return _arguments(files, _ARRAY_DELIMITERS[0])


def _split(sizes: list[int], jobs: int) -> list[tuple[int, int, int]]:
    """(part, lo, hi) of ``jobs`` consecutive runs of the towns holding about equal shares of
    the nodes (``sizes``; links grow with them), each run at least one town: the parts then
    end together.

    >>> _split([10, 1, 1, 1, 1, 6], 2)
    [(0, 0, 1), (1, 1, 6)]
    """
    total, done, lo, out = sum(sizes), 0, 0, []
    for i in range(jobs - 1):
        hi = lo + 1
        done += sizes[lo]
        while hi < len(sizes) - (jobs - 1 - i) and done + sizes[hi] / 2 <= total * (i + 1) / jobs:
            done += sizes[hi]
            hi += 1
        out.append((i, lo, hi))
        lo = hi
    return [*out, (jobs - 1, lo, len(sizes))]


def _done(value: Any) -> Future[Any]:
    f: Future[Any] = Future()
    f.set_result(value)
    return f


def write_csvs(nets: list[tuple[Path, Network]], folder: Path, jobs: int | None = None
               ) -> tuple[list[str], dict[str, int]]:
    """Write the import CSVs of ``nets`` into ``folder``; return neo4j-admin's file arguments
    and the counts of nodes and relationships.

    The towns are split into ``jobs`` runs (default: 2 where the CPU has them), each planned
    and written by a forked process into files of its own (neo4j-admin takes several files of
    a kind, each with its header); the shared need nodes are written once. List values are
    written with the first free array delimiter: in the rare data that uses the first
    candidate, everything is written again in this process with the next free one.
    """
    with _CsvJob(nets, folder, jobs) as job:
        return job.result()


def _arguments(files: list[tuple[str, str, int]], delim: str
               ) -> tuple[list[str], dict[str, int]]:
    args = [f"--array-delimiter={delim}", "--multiline-fields=true", "--quote=\""]
    counts = {"nodes": 0, "relationships": 0}
    for kind, path, rows in files:
        if rows:
            args.append(f"--{kind}={path}")
            counts[kind] += rows
    return args, counts


def _write_all(nets: list[tuple[Path, Network]], folder: Path, newest: dict[str, str],
               used: set[str]) -> tuple[list[str], dict[str, int]]:
    """Every file again, in this process, with the first array delimiter no list value uses."""
    delim = next((d for d in _ARRAY_DELIMITERS if d not in used), None)
    if delim is None:
        raise StoreError("配列の区切り文字が見つかりません — no array delimiter is free")
    for old in folder.glob("*.csv"):
        old.unlink()
    files = _rows([plan(net, str(path)) for path, net in nets], newest)
    return _arguments(_write_files(files, folder, "", delim)[0], delim)


def bulk_load(nets: list[tuple[Path, Network]], data_dir: Path | str,
              timeout: float = 3600.0) -> dict[str, Any]:
    """Import ``nets`` into the empty database of the local server of ``data_dir``.

    Writes the import CSVs in forked processes (:func:`write_csvs`) while this one checks the
    server empty and stops it (the first query of a server just started, and its shutdown,
    take seconds that need not add to the CSV writing); then runs ``neo4j-admin database import full``
    (``--overwrite-destination`` on the database checked empty), starts the server again with
    its port, auth and memory, and creates the schema (the importer takes no schema for the
    record format of Community: "Record format batch import does not support schema
    changes"): the constraints and the indexes netmap queries, waited for; the fulltext index
    of names, which no netmap command queries, is populated by the server in the background
    (:meth:`~netmap.store.neo4j.Store.apply_schema` with ``imported``). Returns counts, seconds and ``phases``: ``csv`` and ``check_stop``, the
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
            with _CsvJob(nets, Path(tmp)) as csvs:  # forked writers, before any thread
                phases["check_stop"] = empty_then_stop()  # meanwhile, here
                stopped = True
                args, counts = csvs.result()
                phases["csv"] = csvs.done - t0
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
        store.apply_schema(imported=True)
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
