"""Read the raw tables of a dataset: a folder of CSV + YAML files, or one ``.xlsx`` workbook.

CSV files may be UTF-8, UTF-8 with BOM, or cp932 (what Japanese Excel writes when saving as
CSV); all three load identically. The formula guard netmap writes (``'=…``) is removed from
every CSV cell (:func:`netmap.io.csvfile.unguard`). Nothing here checks meaning: :mod:`netmap.io.dataset` does.
Every cell comes back as a stripped ``str`` with its row number, so errors can name
``file:row:column``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netmap.errors import Problem
from netmap.io.csvfile import unguard

__all__ = ["Table", "RawDataset", "read_raw", "TABLE_NAMES", "NODE_TABLES", "decode"]

#: Tables of the format, in load order (``municipality`` is YAML / a key-value sheet).
TABLE_NAMES = ("organisations", "programs", "meetings", "roles", "links", "demand")
#: The tables that hold nodes, with the node type of their rows (the one such map).
NODE_TABLES = {"organisations": "organisation", "programs": "program", "meetings": "meeting",
               "roles": "role"}

#: libyaml's safe loader when PyYAML was built with it (several times faster), else pure Python.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HEADER_KEY = re.compile(r"[(（]\s*([A-Za-z_][A-Za-z0-9_]*)\s*[)）]\s*$")


@dataclass
class Table:
    """One table: its file name (as shown in messages), columns, and rows with row numbers."""

    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


@dataclass
class RawDataset:
    """The tables of one dataset as read, before validation."""

    source: Path
    municipality: dict[str, Any]
    municipality_file: str
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else cp932.

    Returns the text, or a problem naming the first undecodable byte's line.

    >>> decode("名前".encode("cp932"), "x.csv")[0]
    '名前'
    >>> decode(b"\\xef\\xbb\\xbfid", "x.csv")[0]
    'id'
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp932"), None
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        return None, Problem(
            file, line, "",
            f"文字コードを読めません (undecodable bytes at byte {utf8_error.start}): "
            "UTF-8 か Shift_JIS(cp932) で保存してください (save as UTF-8 or cp932)",
        )


def header_key(header: str) -> str:
    """The English key of a column header: ``名称 (name)`` → ``name``; ``name`` → ``name``."""
    h = header.strip().lstrip("\ufeff")
    m = _HEADER_KEY.search(h)
    return m.group(1) if m else h


def _read_csv(path: Path, label: str) -> tuple[Table | None, list[Problem]]:
    text, problem = decode(path.read_bytes(), label)
    if problem:
        return None, [problem]
    assert text is not None
    if not text.strip():
        return None, [Problem(label, 0, "", "空のファイルです (empty file: a header row is needed)")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [header_key(unguard(h)) for h in next(reader)]
    except csv.Error as exc:
        return None, [Problem(label, 1, "", f"CSV を読めません (cannot parse CSV: {exc})")]
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    try:
        start = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):
                start = reader.line_num + 1
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                problems.append(Problem(label, start, "",
                                        f"列が多すぎます (row has {len(cells)} cells, header "
                                        f"has {len(header)})"))
            cells = cells + [""] * (len(header) - len(cells))
            rows.append((start, {h: unguard(c.strip()).strip()
                                 for h, c in zip(header, cells, strict=False)}))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(label, reader.line_num, "", f"CSV を読めません ({exc})"))
    return Table(label, header, rows), problems


def _read_folder(folder: Path) -> RawDataset:
    problems: list[Problem] = []
    meta_path = folder / "municipality.yaml"
    municipality: dict[str, Any] = {}
    if not meta_path.exists():
        problems.append(Problem("municipality.yaml", 0, "",
                                "ファイルがありません (missing file: municipality.yaml)"))
    else:
        text, problem = decode(meta_path.read_bytes(), "municipality.yaml")
        if problem:
            problems.append(problem)
        else:
            try:
                loaded = yaml.load(text or "", Loader=_YAML_LOADER)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                row = mark.line + 1 if mark else 0
                problems.append(Problem("municipality.yaml", row, "",
                                        f"YAML を読めません (cannot parse YAML: {exc})"))
                loaded = {}
            if loaded is None:
                problems.append(Problem("municipality.yaml", 0, "", "空のファイルです (empty file)"))
            elif not isinstance(loaded, dict):
                problems.append(Problem("municipality.yaml", 1, "",
                                        "key: value の形で書いてください (expected a mapping)"))
            else:
                municipality = loaded
    raw = RawDataset(folder, municipality, "municipality.yaml", problems=problems)
    for name in TABLE_NAMES:
        path = folder / f"{name}.csv"
        if path.exists():
            table, probs = _read_csv(path, path.name)
            raw.problems.extend(probs)
            if table is not None:
                raw.tables[name] = table
    return raw


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()


def _read_workbook(path: Path) -> RawDataset:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        return RawDataset(path, {}, "municipality",
                          problems=[Problem(path.name, 0, "", f"Excel ファイルを読めません ({exc})")])
    raw = RawDataset(path, {}, f"{path.name}[municipality]")
    sheets = {header_key(ws.title): ws for ws in wb.worksheets}
    if "municipality" not in sheets:
        raw.problems.append(Problem(f"{path.name}", 0, "",
                                    "シート 'municipality' がありません (missing sheet)"))
    else:
        for i, row in enumerate(sheets["municipality"].iter_rows(values_only=True), start=1):
            if i == 1 or not row or row[0] is None:
                continue
            key = header_key(_cell(row[0]))
            value = row[1] if len(row) > 1 else None
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, ""):
                raw.municipality[key] = value
    for name in TABLE_NAMES:
        ws = sheets.get(name)
        if ws is None:
            continue
        label = f"{path.name}[{name}]"
        it = ws.iter_rows(values_only=True)
        try:
            header = [header_key(_cell(h)) for h in next(it)]
        except StopIteration:
            raw.problems.append(Problem(label, 0, "", "空のシートです (empty sheet)"))
            continue
        while header and not header[-1]:
            header.pop()
        rows = []
        for i, values in enumerate(it, start=2):
            cells = [_cell(v) for v in values][: len(header)]
            if not any(cells):
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append((i, dict(zip(header, cells, strict=True))))
        raw.tables[name] = Table(label, header, rows)
    wb.close()
    return raw


def read_raw(path: Path) -> RawDataset:
    """Read a dataset folder or ``.xlsx`` workbook into raw tables (no validation)."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    return RawDataset(path, {}, path.name, problems=[Problem(
        path.name, 0, "", "データセットのフォルダか .xlsx を指定してください "
        "(expected a dataset folder or an .xlsx workbook)")])
