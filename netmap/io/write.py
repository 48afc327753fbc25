"""Network → tables → files: the one place a dataset is written.

:func:`dataset_tables` turns a network into the tables of the dataset format (docs/FORMAT.md);
:func:`write_folder` writes tables as a dataset folder (``municipality.yaml`` and one CSV per
table, cells by :mod:`netmap.io.csvfile`); :func:`write_dataset` does both. ``netmap pull``
(Neo4j → files), ``netmap synth`` (:mod:`netmap.synth`) and ``netmap extract`` write through
:func:`write_folder`; the ``csv`` export and the Excel template use :func:`dataset_tables`.
Reading the written folder with :func:`netmap.io.dataset.load_dataset` gives the same graph.

Nothing is destroyed: a folder is written whole beside its target and renamed into place
(:func:`netmap.io.output.atomic_dir`), and :func:`claim_folder` — the one check ``pull``,
``extract`` and ``synth`` share — refuses an existing folder unless ``overwrite`` is given,
and even then replaces only a folder netmap wrote (it carries
:data:`netmap.io.output.MARKER`), never ``.``, the home folder, ``/``, the repository or its
``datasets/`` (nor a folder that contains one of those).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from netmap.errors import OutputError
from netmap.io.csvfile import csv_cell, csv_text
from netmap.io.output import MARKER, atomic_dir, replace_dir_allowed
from netmap.io.tables import NODE_TABLES
from netmap.model import Network

__all__ = ["Tables", "dataset_tables", "folder_tables", "claim_folder", "write_folder",
           "write_files", "write_dataset", "protected_folders"]

#: ``table name → (columns, rows)``; rows hold Python values (``str``, ``int``, ``float``,
#: ``bool``, lists). ``municipality`` has columns ``key``, ``value``.
Tables = dict[str, tuple[list[str], list[dict[str, Any]]]]

#: Tables a dataset folder always has, even when empty.
_ALWAYS = ("organisations", "links")
#: Graph attributes that are not fields of ``municipality.yaml`` (``slug`` is the folder name).
_NOT_META = ("slug", "demand")


def _needs_cell(net: Network, node: str) -> list[str]:
    codes = [net.graph.nodes[v].get("code", v.removeprefix("need:"))
             for _, v, d in net.graph.out_edges(node, data=True)
             if d.get("type") == "covers" and d.get("origin") == "needs column"]
    return list(dict.fromkeys(codes))


def _add(columns: list[str], keys: Iterable[str]) -> None:
    for key in keys:
        if key not in columns:
            columns.append(key)


def dataset_tables(net: Network) -> Tables:
    """The network as the tables of the dataset format: ``name → (columns, rows)``.

    The columns are those of :data:`netmap.io.dataset.COLUMNS` followed by any extra
    attribute found. Covers links that came from a ``needs`` cell go back into that cell
    (need codes joined by ``;``); other links keep file order. The ``municipality`` entry has
    columns ``key``, ``value`` (every graph attribute but ``demand``).

    Notes
    -----
    This is the inverse of :func:`netmap.io.dataset.validate`: writing these tables and
    loading them again gives the same nodes, edges and attributes (tested for 座間).
    """
    from netmap.io.dataset import COLUMNS

    out: Tables = {}
    meta = {k: v for k, v in net.graph.graph.items() if k != "demand"}
    out["municipality"] = (["key", "value"], [{"key": k, "value": v} for k, v in meta.items()])
    for table, node_type in NODE_TABLES.items():
        columns = [c.key for c in COLUMNS[table]]
        rows: list[dict[str, Any]] = []
        for node, attrs in net.nodes_of(node_type):
            row: dict[str, Any] = {"id": node}
            row.update((k, v) for k, v in attrs.items() if k not in ("node_type", "needs"))
            _add(columns, row)
            if "needs" in columns:
                row["needs"] = ";".join(_needs_cell(net, node))
            rows.append(row)
        out[table] = (columns, rows)
    columns = [c.key for c in COLUMNS["links"]]
    rows = []
    for u, v, d in net.links():
        if d.get("type") == "covers" and d.get("origin") == "needs column":
            continue
        target = net.graph.nodes[v]
        row = {"source": u, "target": target.get("code", v)
               if target.get("node_type") == "need" else v, **d}
        _add(columns, d)
        rows.append(row)
    out["links"] = (columns, rows)
    columns = [c.key for c in COLUMNS["demand"]]
    rows = [dict(entry) for entry in net.graph.graph.get("demand", []) or []]
    for entry in rows:
        _add(columns, entry)
    out["demand"] = (columns, rows)
    return out


def folder_tables(tables: Tables) -> Tables:
    """The tables as a dataset folder holds them: optional tables only when they have rows,
    optional columns only when some row fills them (required columns always)."""
    from netmap.io.dataset import COLUMNS

    out: Tables = {}
    for name, (columns, rows) in tables.items():
        if name == "municipality" or (not rows and name not in _ALWAYS):
            continue
        required = {c.key for c in COLUMNS.get(name, ()) if c.required}
        filled = {k for r in rows for k, v in r.items() if csv_cell(v) != ""}
        out[name] = ([c for c in columns if c in required or c in filled], rows)
    return out


# -- nothing destroyed -----------------------------------------------------------------------
def protected_folders() -> list[Path]:
    """Folders no ``--overwrite`` may replace (besides ``.``, home and ``/``, which
    :func:`netmap.io.output.replace_dir_allowed` refuses): this repository and its
    ``datasets/``."""
    repo = Path(__file__).resolve().parents[2]
    return [repo, repo / "datasets"]


def claim_folder(out: Path | str, overwrite: bool = False) -> list[str]:
    """Check that ``out`` may be written as a dataset folder; return what it would replace.

    Parameters
    ----------
    out : Path
        The folder to write.
    overwrite : bool
        Whether an existing folder may be replaced.

    Returns
    -------
    list of str
        The names of the files in an existing ``out`` that writing will replace (sorted,
        without the marker); empty when ``out`` does not exist.

    Raises
    ------
    OutputError
        ``out`` exists and ``overwrite`` is false; or it is not a folder netmap wrote (no
        :data:`~netmap.io.output.MARKER`), or it is ``.``, the home folder, ``/``, the
        repository, its ``datasets/`` or a folder containing one of those.
    """
    path = Path(out)
    if not os.path.lexists(path):
        return []
    if not overwrite:
        raise OutputError(f"{path}: すでにあります。置き換えるなら --overwrite を付けてください "
                          "(already exists; add --overwrite to replace it)")
    real = path.resolve()
    for folder in protected_folders():
        if real == folder or real in folder.parents:
            raise OutputError(f"{path}: リポジトリ・datasets フォルダは置き換えません "
                              f"(refusing to replace {folder} or a folder containing it)")
    if not replace_dir_allowed(path):
        raise OutputError(f"{path}: netmap が書いたフォルダではないので置き換えません "
                          f"(not a folder netmap wrote — no {MARKER} in it, or the current, "
                          "home or root folder; refusing to replace it; choose a new folder)")
    return sorted(p.name for p in path.iterdir() if p.name != MARKER)


def write_folder(out: Path | str, municipality: Mapping[str, Any] | str, tables: Tables,
                 overwrite: bool = False,
                 notify: Callable[[str], None] | None = None) -> Path:
    """Write a dataset folder: ``municipality.yaml`` and one CSV per table, whole or not at all.

    Parameters
    ----------
    out : Path
        The folder; see :func:`claim_folder` for when an existing one is replaced.
    municipality : dict or str
        The fields of ``municipality.yaml``, or its text already dumped (the extractor
        quotes its codes with its own YAML dumper).
    tables : Tables
        ``name → (columns, rows)``; every table given is written (see :func:`folder_tables`
        to drop empty ones). Cells are made by :func:`netmap.io.csvfile.csv_cell`.
    overwrite : bool
        Replace an existing folder netmap wrote.
    notify : callable, optional
        Called with one line saying what is being replaced, when something is.

    Returns
    -------
    Path
        ``out``.
    """
    text = municipality if isinstance(municipality, str) else yaml.safe_dump(
        dict(municipality), allow_unicode=True, sort_keys=False, default_flow_style=False)
    files = {"municipality.yaml": text}
    files.update((f"{name}.csv", csv_text(columns, rows))
                 for name, (columns, rows) in tables.items())
    return write_files(out, files, overwrite, notify)


def write_files(out: Path | str, files: Mapping[str, str], overwrite: bool = False,
                notify: Callable[[str], None] | None = None) -> Path:
    """Write a folder of prepared text files (UTF-8) whole, under :func:`claim_folder`'s rules.

    For writers that make their own file texts (the extractor's ``dataset_files``); CSV text
    should come from :func:`netmap.io.csvfile.csv_text` so cells are guarded.
    """
    path = Path(out)
    replaced = claim_folder(path, overwrite)
    if replaced and notify is not None:
        notify(f"{path} を置き換えます (replacing {len(replaced)} files: "
               + ", ".join(replaced) + ")")
    with atomic_dir(path, overwrite=overwrite) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
    return path


def write_dataset(net: Network, out: Path | str, overwrite: bool = False,
                  notify: Callable[[str], None] | None = None) -> Path:
    """Write ``net`` as a dataset folder at ``out`` (``netmap pull``); return it.

    ``links.csv`` and ``organisations.csv`` are always written, the optional tables only
    when they have rows, and only the columns some row fills.
    """
    tables = dataset_tables(net)
    meta = {k: v for k, v in net.graph.graph.items() if k not in _NOT_META}
    return write_folder(out, meta, folder_tables(tables), overwrite, notify)
