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
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmap.errors import Problem
from netmap.io.csvfile import unguard
from netmap.io.limits import (
    Limits,
    control_char_problem,
    has_control_char,
    load_flat_yaml,
    read_limited,
    reserved_name_problem,
    xlsx_problem,
)

__all__ = ["Table", "RawDataset", "read_raw", "TABLE_NAMES", "NODE_TABLES", "decode"]

#: Tables of the format, in load order (``municipality`` is YAML / a key-value sheet).
TABLE_NAMES = ("organisations", "programs", "meetings", "roles", "links", "demand")
#: The tables that hold nodes, with the node type of their rows (the one such map).
NODE_TABLES = {"organisations": "organisation", "programs": "program", "meetings": "meeting",
               "roles": "role"}

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
    #: the line of each key of ``municipality.yaml`` (the sheet row in a workbook)
    municipality_lines: dict[str, int] = field(default_factory=dict)


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


def _header_problems(label: str, row: int, header: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        problem = reserved_name_problem(label, row, name) or control_char_problem(
            label, row, name, name)
        if problem:
            problems.append(problem)
        elif name in seen:
            problems.append(Problem(label, row, name, f"列名 '{name}' が重複しています "
                                    "(duplicate column name)"))
        seen.add(name)
    return problems


def _cell_problems(label: str, row: int, cells: dict[str, str], limits: Limits) -> list[Problem]:
    problems = []
    for column, text in cells.items():
        if len(text) > limits.max_cell_chars:
            problems.append(Problem(label, row, column, f"セルが長すぎます (cell longer than "
                                    f"{limits.max_cell_chars} characters; NETMAP_MAX_CELL)"))
            continue
        problem = control_char_problem(label, row, column, text)
        if problem:
            problems.append(problem)
    return problems


def _too_many_rows(label: str, row: int, limits: Limits) -> Problem:
    return Problem(label, row, "", f"行が多すぎます (more than {limits.max_rows} rows; reading "
                   "stopped here; set NETMAP_MAX_ROWS to raise the limit)")


def _read_csv(path: Path, label: str, limits: Limits | None = None) -> tuple[Table | None,
                                                                           list[Problem]]:
    limits = limits or Limits.from_env()
    data, problem = read_limited(path, label, limits)
    if problem:
        return None, [problem]
    assert data is not None
    text, problem = decode(data, label)
    if problem:
        return None, [problem]
    assert text is not None
    if not text.strip():
        return None, [Problem(label, 0, "", "空のファイルです (empty file: a header row is needed)")]
    # strict: an unbalanced quote is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [header_key(unguard(h)) for h in next(reader)]
    except csv.Error as exc:
        return None, [Problem(label, 1, "", f"CSV を読めません (cannot parse CSV: {exc})")]
    problems: list[Problem] = _header_problems(label, 1, header)
    if problems:
        return None, problems
    # The per-cell checks run on a row only when it could fail one: control characters are
    # looked for in the whole text at once, so most files skip them entirely.
    control_chars = has_control_char(text)
    # Likewise a file with no "'" has no guarded cell, and one shorter than the cell limit no
    # long cell: the loop below then only splits rows into dicts (issue 19: reading is most
    # of the time of a national run).
    quotes = "'" in text
    # Without a '"' no cell spans lines, so a file whose every line is within the limit has
    # no long cell (a test on the file's length alone sent every links.csv the slow way).
    long_cells = len(text) > limits.max_cell_chars and (
        '"' in text or max(map(len, text.split("\n"))) > limits.max_cell_chars)
    width = len(header)
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    # A full-width row whose first cell is not blank, in a file with nothing to unguard or
    # check per cell, is simply stored: the steps below would each pass it unchanged.
    plain = width > 0 and not (quotes or long_cells or control_chars)
    max_rows = limits.max_rows
    try:
        for cells in reader:
            if plain and len(cells) == width and cells[0].strip() and len(rows) < max_rows:
                rows.append((start, dict(zip(header, map(str.strip, cells), strict=True))))
                start = reader.line_num + 1
                continue
            if not "".join(cells).strip():  # a blank row (every cell empty or spaces)
                start = reader.line_num + 1
                continue
            if len(rows) >= limits.max_rows:
                problems.append(_too_many_rows(label, start, limits))
                break
            if len(cells) != width:
                if len(cells) > width and "".join(cells[width:]).strip():
                    problems.append(Problem(label, start, "",
                                            f"列が多すぎます (row has {len(cells)} cells, "
                                            f"header has {width})"))
                cells = cells + [""] * (width - len(cells))
            row = dict(zip(header, map(str.strip, cells), strict=False))  # a dict comprehension: 1.3× slower
            long_cell = False
            if quotes or long_cells:
                for h, c in row.items():
                    if c[:1] == "'":  # only a guarded cell needs unguarding
                        row[h] = unguard(c).strip()
                    long_cell = long_cell or len(c) > limits.max_cell_chars
            if control_chars or long_cell:
                problems.extend(_cell_problems(label, start, row, limits))
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(label, start, "", f"CSV を読めません (cannot parse CSV: {exc}; "
                                "閉じていない \" がないか確かめてください: check for an unclosed "
                                "quote that starts on this row)"))
    return Table(label, header, rows), problems


def _read_municipality(path: Path, limits: Limits) -> tuple[dict[str, Any], dict[str, int],
                                                            list[Problem]]:
    label = "municipality.yaml"
    if not os.path.lexists(path):
        return {}, {}, [Problem(label, 0, "", "ファイルがありません (missing file: municipality.yaml)")]
    data, problem = read_limited(path, label, limits)
    if problem is None:
        assert data is not None
        text, problem = decode(data, label)
    if problem:
        return {}, {}, [problem]
    loaded, lines, problems = load_flat_yaml(text or "", label)
    if loaded is None:
        return {}, {}, problems
    for key, value in loaded.items():
        line = lines.get(key, 0)
        problem = reserved_name_problem(label, line, key) or control_char_problem(
            label, line, key, key + (value if isinstance(value, str) else ""))
        if problem:
            problems.append(problem)
    return loaded, lines, problems


def _read_folder(folder: Path, limits: Limits | None = None) -> RawDataset:
    limits = limits or Limits.from_env()
    municipality, lines, problems = _read_municipality(folder / "municipality.yaml", limits)
    raw = RawDataset(folder, municipality, "municipality.yaml", problems=problems,
                     municipality_lines=lines)
    for name in TABLE_NAMES:
        path = folder / f"{name}.csv"
        if os.path.lexists(path):
            table, probs = _read_csv(path, path.name, limits)
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


def _read_workbook(path: Path, limits: Limits | None = None) -> RawDataset:
    import openpyxl

    limits = limits or Limits.from_env()
    problem = xlsx_problem(path, limits)
    if problem:
        return RawDataset(path, {}, f"{path.name}[municipality]", problems=[problem])
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
        _read_municipality_sheet(sheets["municipality"], raw, limits)
    for name in TABLE_NAMES:
        if name in sheets:
            _read_sheet(sheets[name], f"{path.name}[{name}]", name, raw, limits)
    wb.close()
    return raw


def _read_municipality_sheet(ws: Any, raw: RawDataset, limits: Limits) -> None:
    """The key/value rows of the ``municipality`` sheet into ``raw.municipality``."""
    ws.reset_dimensions()  # never trust a stale <dimension>: read every row there is
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if i > limits.max_rows:
            raw.problems.append(_too_many_rows(raw.municipality_file, i, limits))
            break
        if i == 1 or not row or row[0] is None:
            continue
        key = header_key(_cell(row[0]))
        raw.municipality_lines[key] = i
        problem = reserved_name_problem(raw.municipality_file, i, key)
        if problem:
            raw.problems.append(problem)
            continue
        value = row[1] if len(row) > 1 else None
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            raw.municipality[key] = value


def _read_sheet(ws: Any, label: str, name: str, raw: RawDataset, limits: Limits) -> None:
    """One table sheet into ``raw.tables[name]`` (problems into ``raw.problems``)."""
    ws.reset_dimensions()  # a stale <dimension> would silently drop rows
    it = ws.iter_rows(values_only=True)
    try:
        header = [header_key(_cell(h)) for h in next(it)]
    except StopIteration:
        raw.problems.append(Problem(label, 0, "", "空のシートです (empty sheet)"))
        return
    while header and not header[-1]:
        header.pop()
    header_problems = _header_problems(label, 1, header)
    if header_problems:
        raw.problems.extend(header_problems)
        return
    rows: list[tuple[int, dict[str, str]]] = []
    for i, values in enumerate(it, start=2):
        cells = [_cell(v) for v in values][: len(header)]
        if not any(cells):
            continue
        if len(rows) >= limits.max_rows:
            raw.problems.append(_too_many_rows(label, i, limits))
            break
        cells += [""] * (len(header) - len(cells))
        record = dict(zip(header, cells, strict=True))
        raw.problems.extend(_cell_problems(label, i, record, limits))
        rows.append((i, record))
    raw.tables[name] = Table(label, header, rows)


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
