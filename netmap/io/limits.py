"""What netmap refuses to read, and why: input limits and hardening for dataset files.

A dataset is typed by people and passed around by e-mail; a reader must never crash, hang or
exhaust memory on what a person can save. This module holds every such rule in one place so
that :mod:`netmap.io.tables` (reading) and :mod:`netmap.io.dataset` (validation) apply them the
same way, each turning a refusal into a :class:`~netmap.errors.Problem` that names the file,
row and column.

Rules
-----
- Only regular files are read: a FIFO named ``organisations.csv`` would block every command,
  and a symlink to ``/dev/zero`` would never end.
- Size limits (:class:`Limits`, configurable through ``NETMAP_MAX_FILE_MB``,
  ``NETMAP_MAX_ROWS`` and ``NETMAP_MAX_CELL``): a file, a table's rows, a cell's length, and an
  ``.xlsx``'s uncompressed size (a 1.9 MB workbook can declare three million rows).
- YAML (``municipality.yaml``) is a flat list of ``key: value``: anchors and aliases are refused
  before anything is built, which stops "billion laughs" expansion and recursive aliases
  (``loop: &x [1, *x]``) that crash or exhaust the loader.
- Column and key names that the graph library or the Neo4j store use internally
  (:data:`RESERVED_NAMES`, names ending in ``__json`` or starting with ``_``) are refused: a
  column named ``node_type`` or ``node_for_adding`` would otherwise break ``add_node``.
- Control characters are refused in every cell (XML 1.0 forbids them in GraphML/GEXF, and ESC
  in a name can rewrite a terminal); integers must fit Neo4j's 64-bit integers; ``nan`` and
  ``inf`` are not numbers a dataset can hold.
"""

from __future__ import annotations

import math
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from netmap.errors import Problem

__all__ = [
    "Limits",
    "RESERVED_NAMES",
    "INT64_MAX",
    "regular_file_problem",
    "read_limited",
    "xlsx_problem",
    "load_flat_yaml",
    "reserved_name_problem",
    "control_char_problem",
    "has_control_char",
    "number_problem",
]

#: Neo4j (and Java) integers are signed 64-bit.
INT64_MAX = 2**63 - 1

#: Keyword names of networkx's ``add_node``/``add_edge``/graph constructor and the attribute
#: names netmap itself sets on nodes, links and the graph.
RESERVED_NAMES = frozenset({
    "node_type", "node_for_adding", "u_for_edge", "v_for_edge", "key", "attr",
    "incoming_graph_data", "origin", "self", "demand",
    "municipality_code", "uid", "seq",
})

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# C0 controls except TAB, LF, CR; DEL; C1 controls; and the XML non-characters U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what one dataset may hold.

    The defaults are far above any real municipality (the largest synthetic city, 1,584
    organisations, has about 10,000 rows in all) and far below what would exhaust this
    machine's memory.
    """

    max_file_bytes: int = 50 * 2**20
    max_rows: int = 200_000
    max_cell_chars: int = 10_000
    max_xlsx_uncompressed: int = 200 * 2**20

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by ``NETMAP_MAX_FILE_MB``, ``NETMAP_MAX_ROWS`` and
        ``NETMAP_MAX_CELL`` where set to a positive integer."""
        def env(name: str, default: int, scale: int = 1) -> int:
            text = os.environ.get(name, "").strip()
            return int(text) * scale if text.isdigit() and int(text) > 0 else default

        base = cls()
        file_bytes = env("NETMAP_MAX_FILE_MB", base.max_file_bytes, 2**20)
        return cls(max_file_bytes=file_bytes,
                   max_rows=env("NETMAP_MAX_ROWS", base.max_rows),
                   max_cell_chars=env("NETMAP_MAX_CELL", base.max_cell_chars),
                   max_xlsx_uncompressed=max(base.max_xlsx_uncompressed, 4 * file_bytes))


def regular_file_problem(path: Path, label: str) -> Problem | None:
    """A problem when ``path`` (after following links) is not a regular file."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return Problem(label, 0, "", f"ファイルを開けません (cannot open: {exc.strerror})")
    if not stat.S_ISREG(st.st_mode):
        return Problem(label, 0, "", "通常のファイルではありません (not a regular file: a FIFO, "
                       "device or folder is never read)")
    return None


def read_limited(path: Path, label: str, limits: Limits) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file no larger than ``limits.max_file_bytes``."""
    problem = regular_file_problem(path, label)
    if problem:
        return None, problem
    with open(path, "rb") as f:
        data = f.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        return None, Problem(label, 0, "", f"ファイルが大きすぎます (file larger than "
                             f"{limits.max_file_bytes // 2**20} MB; set NETMAP_MAX_FILE_MB to "
                             "raise the limit)")
    return data, None


def xlsx_problem(path: Path, limits: Limits) -> Problem | None:
    """A problem when a workbook is not a regular file, too big, or inflates too much."""
    problem = regular_file_problem(path, path.name)
    if problem:
        return problem
    if os.stat(path).st_size > limits.max_file_bytes:
        return Problem(path.name, 0, "", f"ファイルが大きすぎます (file larger than "
                       f"{limits.max_file_bytes // 2**20} MB; set NETMAP_MAX_FILE_MB)")
    try:
        with zipfile.ZipFile(path) as z:
            inflated = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        return Problem(path.name, 0, "", f"Excel ファイルを読めません (not an .xlsx: {exc})")
    if inflated > limits.max_xlsx_uncompressed:
        return Problem(path.name, 0, "", f"展開すると大きすぎます (the workbook inflates to "
                       f"{inflated // 2**20} MB; limit {limits.max_xlsx_uncompressed // 2**20} MB)")
    return None


def load_flat_yaml(text: str, label: str) -> tuple[dict[str, Any] | None, dict[str, int],
                                                  list[Problem]]:
    """Parse ``key: value`` YAML without anchors or aliases.

    Returns the mapping (None when it cannot be read), the line of each top-level key, and the
    problems, each with its line.

    >>> load_flat_yaml("code: '142166'\\nname: 座間市\\n", "m.yaml")[:2]
    ({'code': '142166', 'name': '座間市'}, {'code': 1, 'name': 2})
    >>> load_flat_yaml("a: &x [1]\\nb: *x\\n", "m.yaml")[2][0].row
    1
    """
    problems: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                line = event.start_mark.line + 1 if event.start_mark else 0
                problems.append(Problem(label, line, "", "YAML のアンカー・エイリアス (&, *) は使え"
                                        "ません (anchors and aliases are refused: municipality"
                                        ".yaml is plain key: value)"))
                return None, {}, problems
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(label, mark.line + 1 if mark else 0, "",
                                f"YAML を読めません (cannot parse YAML: "
                                f"{getattr(exc, 'problem', None) or exc})"))
        return None, {}, problems
    if node is None:
        problems.append(Problem(label, 0, "", "空のファイルです (empty file)"))
        return None, {}, problems
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(label, node.start_mark.line + 1, "",
                                "key: value の形で書いてください (expected a mapping)"))
        return None, {}, problems
    lines = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = key_node.start_mark.line + 1
    loaded = yaml.load(text, Loader=_YAML_LOADER)
    return {str(k): v for k, v in loaded.items()}, lines, problems


def reserved_name_problem(file: str, row: int, name: str) -> Problem | None:
    """A problem when a column or key name is one netmap or networkx uses internally."""
    if name in RESERVED_NAMES or name.endswith("__json") or name.startswith("_"):
        return Problem(file, row, name, f"この列名は使えません (column name '{name}' is reserved "
                       "for netmap's own use; rename the column)")
    return None


def has_control_char(text: str) -> bool:
    """Whether ``text`` holds any character :func:`control_char_problem` refuses.

    A CSV's newlines and tabs are allowed, so a whole file can be checked in one pass.
    """
    return _CONTROL.search(text) is not None


def control_char_problem(file: str, row: int, column: str, text: str) -> Problem | None:
    """A problem when ``text`` holds a control character (shown as its code point)."""
    m = _CONTROL.search(text)
    if m is None:
        return None
    return Problem(file, row, column, f"制御文字は使えません (control character "
                   f"U+{ord(m.group()):04X} at position {m.start() + 1}; XML and terminals "
                   "cannot show it)")


def number_problem(file: str, row: int, column: str, value: float | int) -> Problem | None:
    """A problem when a parsed number is not finite or does not fit a 64-bit integer."""
    if isinstance(value, float) and not math.isfinite(value):
        return Problem(file, row, column, f"有限の数を書いてください (expected a finite number, "
                       f"got {value})")
    if abs(value) > INT64_MAX:
        return Problem(file, row, column, "数が大きすぎます (number larger than 2^63 − 1, the "
                       "largest integer Neo4j stores)")
    return None
