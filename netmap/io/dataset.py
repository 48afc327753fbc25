"""Validate a dataset's tables and build its typed graph (:class:`netmap.model.Network`).

Why one module of ~550 lines: the rules of the format (docs/FORMAT.md) — every column's type,
the ids, the hub, the links' ends and types, demand — are checked in one pass so that every
problem is reported at once with its file, row and column; each step is its own function.

Every problem is collected first, then either all of them are raised together
(:class:`~netmap.errors.ValidationError`, one ``file:row:column: message`` each) or the whole
graph is returned: loading never gives a half-built graph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from netmap import vocabulary
from netmap.errors import Problem, ValidationError
from netmap.io.endpoints import Endpoints
from netmap.io.limits import number_problem
from netmap.io.tables import NODE_TABLES, RawDataset, Table, read_raw
from netmap.model import LINK_TYPES, Network, need_node
from netmap.taxonomy import Taxonomy, load_taxonomy

__all__ = ["load_dataset", "validate", "missing_evidence", "COLUMNS", "municipality_check_digit",
           "dataset_paths", "is_draft"]


@dataclass(frozen=True)
class Column:
    """A column of a table: its key, whether it must be present, and its type."""

    key: str
    required: bool = False
    type: str = "text"  # text | bool | int | float | date | needs | a vocabulary table name


_COMMON = (Column("evidence"), Column("assured_date", type="date"), Column("note"),
           Column("certainty", type="certainty"))
COLUMNS: dict[str, tuple[Column, ...]] = {
    "organisations": (
        Column("id", True), Column("name", True), Column("kind"), Column("sector", True, "sectors"),
        Column("needs", type="needs"), Column("hub", type="bool"), Column("area"),
        Column("department"),
        Column("name_en"), Column("contact_name"), Column("phone"), Column("email"),
        Column("url"), *_COMMON,
    ),
    "programs": (
        Column("id", True), Column("name", True), Column("category", type="program_categories"),
        Column("basis"), Column("needs", type="needs"), Column("name_en"), *_COMMON,
    ),
    "meetings": (
        Column("id", True), Column("name", True), Column("per_year", type="float"),
        Column("per_year_max", type="float"), Column("purpose", type="meeting_purposes"),
        Column("aim"), Column("name_en"), *_COMMON,
    ),
    "roles": (Column("id", True), Column("name", True), Column("count", type="int"), *_COMMON),
    "links": (
        Column("source", True), Column("target", True), Column("type", True, "link_types"),
        Column("per_year", type="float"),
        *_COMMON,
    ),
    "demand": (
        Column("need", True), Column("label"), Column("count", True, "int"), Column("period"),
        Column("evidence"), Column("note"),
    ),
}
_NODE_TABLES = NODE_TABLES
_REQUIRED_TABLES = ("organisations", "links")
PROGRAM_CATEGORIES = tuple(vocabulary.PROGRAM_CATEGORIES)
#: Columns outside :data:`COLUMNS` that hold a code of a :mod:`netmap.vocabulary` table in any
#: table (a label or alias is accepted and stored as the code). A column of :data:`COLUMNS`
#: is coded by giving the table's name as its ``type`` (``Column("sector", True, "sectors")``);
#: ``purpose`` of meetings is coded (``meeting_purposes``); in a draft an unknown purpose is
#: kept as ``aim`` with a warning (an extractor's free text, reviewed later).
CODED_COLUMNS = {"certainty": "certainty", "confidence": "confidence"}
_TRUE = {"true", "1", "yes", "y", "○", "〇", "はい", "t"}
_FALSE = {"", "false", "0", "no", "n", "いいえ", "f", "-", "×"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_UNSEEN = object()


def municipality_check_digit(five: str) -> int:
    """The check digit of a 全国地方公共団体コード (JIS X 0402 + 検査数字).

    s = 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5; check = (11 − s mod 11) mod 10.

    >>> [municipality_check_digit(c) for c in ("01100", "14216", "13215")]
    [2, 6, 2]
    """
    s = sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2), strict=True))
    return (11 - s % 11) % 10


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m", "%Y/%m"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _Checker:
    """Collects problems while turning raw cells into typed values."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        #: A draft (an extracted, unreviewed dataset) may carry a meeting's purpose as free
        #: text; it is kept as ``aim`` with a warning instead of failing the whole draft.
        self.draft = False

    def bad(self, file: str, row: int, col: str, msg: str) -> None:
        self.problems.append(Problem(file, row, col, msg))

    def value(self, table: Table, row: int, col: Column, text: str) -> Any:
        f = table.file
        if col.required and not text:
            self.bad(f, row, col.key, "値が必要です (required value is empty)")
            return None
        if not text:
            return [] if col.type == "needs" else None
        if col.type == "bool":
            low = text.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            self.bad(f, row, col.key, f"true/false を書いてください (expected true or false, got '{text}')")
        elif col.type in ("int", "float"):
            return self.number(f, row, col, text)
        elif col.type == "date":
            d = _parse_date(text)
            if d is None:
                self.bad(f, row, col.key, f"日付は 2025-04-01 の形で (expected a date YYYY-MM-DD, got '{text}')")
                return None
            return d.isoformat()
        elif col.type in vocabulary.TABLES:
            if self.draft and col.key == "purpose" and \
                    vocabulary.lookup(vocabulary.TABLES[col.type], text) is None:
                self.warnings.append(f"{f}:{row}:{col.key}: 不明な会議の目的 '{text}' は aim として"
                                     "保持 (unknown meeting purpose kept as aim; set a code when "
                                     "reviewing the draft)")
                return None
            return self.term(f, row, col.key, vocabulary.TABLES[col.type], text)
        elif col.type == "needs":
            codes = []
            for part in re.split(r"[;；、]", text):
                part = part.strip()
                if part:
                    code = self.need(f, row, col.key, part)
                    if code and code not in codes:
                        codes.append(code)
            return codes
        return text

    def number(self, f: str, row: int, col: Column, text: str) -> int | float | None:
        """An ``int`` or ``float`` cell: ``1,234`` allowed; ≥ 0, finite, within 64 bits."""
        try:
            x: int | float = int(text.replace(",", "")) if col.type == "int" else \
                float(text.replace(",", ""))
        except ValueError:
            what = "整数を書いてください (expected an integer" if col.type == "int" else \
                "数値を書いてください (expected a number"
            self.bad(f, row, col.key, f"{what}, got '{text}')")
            return None
        if col.type == "int":
            if x < 0:
                self.bad(f, row, col.key, f"0 以上の数にしてください (expected >= 0, got {x})")
            too_big = number_problem(f, row, col.key, x)
            if too_big:
                self.problems.append(too_big)
                return None
            return x
        bad_number = number_problem(f, row, col.key, x)
        if bad_number:
            self.problems.append(bad_number)
            return None
        if x < 0:
            self.bad(f, row, col.key, f"0 以上の数にしてください (expected >= 0, got {x})")
        return int(x) if float(x).is_integer() else x

    def term(self, file: str, row: int, col: str, table: vocabulary.Terms, text: str) -> str:
        """The code ``text`` names in ``table`` (a code, label or alias); else a problem.

        Returns ``text`` unchanged when it is unknown, so later checks can name it.
        """
        if text in table:  # the common case: already a code
            return text
        try:
            return vocabulary.parse(table, text)
        except vocabulary.UnknownTermError as exc:
            self.bad(file, row, col, str(exc))
            return text

    def need(self, file: str, row: int, col: str, text: str) -> str | None:
        code = self.taxonomy.get(text)
        if code is None:
            hint = self.taxonomy.suggest(text)
            extra = f" もしかして (did you mean) '{hint}'?" if hint else ""
            self.bad(file, row, col, f"不明なニーズ (unknown need) '{text}'.{extra}")
        return code


def _check_municipality(raw: RawDataset, chk: _Checker) -> dict[str, Any]:
    meta = {str(k): v for k, v in raw.municipality.items()}
    f = raw.municipality_file
    line = raw.municipality_lines
    if not meta and any(p.file == f for p in chk.problems):
        return meta
    draft = bool(meta.get("draft"))
    for key in ("code", "name", "prefecture"):
        if key == "code" and draft:
            continue
        if meta.get(key) in (None, ""):
            chk.bad(f, line.get(key, 0), key, f"'{key}' が必要です (required key is missing)")
    code = meta.get("code")
    if code not in (None, ""):
        code = str(code)
        if isinstance(meta["code"], int):
            code = code.zfill(6)
        if not re.fullmatch(r"\d{6}", code):
            chk.bad(f, line.get("code", 0), "code",
                    f"地方公共団体コードは 6 桁 (code must be 6 digits, got '{code}')")
        elif municipality_check_digit(code[:5]) != int(code[5]):
            chk.bad(f, line.get("code", 0), "code", f"検査数字が違います (check digit of '{code}' "
                    f"should be {municipality_check_digit(code[:5])})")
        meta["code"] = code
    for key in ("population", "households"):
        if meta.get(key) not in (None, "") and (not isinstance(meta[key], int)
                                                or isinstance(meta[key], bool)):
            chk.bad(f, line.get(key, 0), key,
                    f"整数を書いてください (expected an integer, got '{meta[key]}')")
    for key in ("aging_rate", "welfare_rate_permil", "area_km2"):
        if meta.get(key) not in (None, "") and (not isinstance(meta[key], (int, float))
                                                or isinstance(meta[key], bool)):
            chk.bad(f, line.get(key, 0), key,
                    f"数値を書いてください (expected a number, got '{meta[key]}')")
    for key, value in meta.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            problem = number_problem(f, line.get(key, 0), key, value)
            if problem:
                chk.problems.append(problem)
    for key, value in list(meta.items()):
        if isinstance(value, (dt.date, dt.datetime)):
            meta[key] = value.isoformat()[:10]
    return meta


def _rows(raw: RawDataset, name: str, chk: _Checker) -> list[tuple[int, dict[str, Any]]]:
    table = raw.tables.get(name)
    if table is None:
        if name in _REQUIRED_TABLES and not any(p.file.startswith(name) for p in chk.problems):
            chk.bad(f"{name}.csv" if raw.source.is_dir() else f"{raw.source.name}[{name}]", 0, "",
                    "ファイルがありません (missing table)")
        return []
    spec = COLUMNS[name]
    missing = [c.key for c in spec if c.required and c.key not in table.columns]
    for key in missing:
        chk.bad(table.file, 1, key, f"必須の列がありません (missing required column '{key}')")
    if missing:
        return []
    if name != "links" and "evidence" not in table.columns and "source" in table.columns:
        for _, cells in table.rows:  # the brief's name for the evidence column
            cells["evidence"] = cells.pop("source")
    known = {c.key for c in spec}
    # extra columns (kept as text attributes), in the order of the header, as in the rows
    extras = [(k, CODED_COLUMNS.get(k)) for k in table.columns if k and k not in known]
    # Column by column, not cell by cell (issue 19: this loop ran for every cell): a text
    # column needs no check but "is it empty", and a typed column checks each distinct text
    # once (:func:`_column`). Problems are then put back in the order a row-by-row pass gives
    # them: by row, then column as in COLUMNS, then the extra columns.
    # A column the file does not have is left out of the rows: it would be None (or no
    # needs) in every row, and every caller reads rows with ``.get`` and drops empty values.
    first_problem = len(chk.problems)
    rows = table.rows
    have = set(table.columns) | ({"evidence"} if "evidence" in rows[0][1] else set()) if rows \
        else set()
    if chk.draft and name == "meetings":
        have.add("aim")  # an unknown purpose kept as aim below takes aim's place in the row
    present = [col for col in spec if col.key in have]
    keys = [col.key for col in present]
    columns = [_column(chk, table, col) for col in present]
    out = [(row, dict(zip(keys, values, strict=True)))
           for (row, _), values in zip(rows, zip(*columns, strict=True), strict=True)]
    if chk.draft and name == "meetings":
        for (_, cells), (_, values) in zip(rows, out, strict=True):
            if values.get("purpose") is None and cells.get("purpose") and not values.get("aim"):
                values["aim"] = cells["purpose"]
    for key, coded in extras:
        for (row, cells), (_, values) in zip(rows, out, strict=True):
            text = cells.get(key, "")
            if text:
                values[key] = (chk.term(table.file, row, key, vocabulary.TABLES[coded], text)
                               if coded else text)
    if len(chk.problems) > first_problem:
        order = {key: i for i, key in enumerate(keys + [k for k, _ in extras])}
        line = {row: i for i, (row, _) in enumerate(rows)}
        chk.problems[first_problem:] = sorted(chk.problems[first_problem:], key=lambda p: (
            line[p.row], order[p.column]))
    return out


def _column(chk: _Checker, table: Table, col: Column) -> list[Any]:
    """The typed values of one column, row by row, with the problems of its cells.

    A repeated text (a sector, a need list, a date) is checked once: what it became is kept
    when it raised no problem (a text raising one is checked again at each row, so each row
    gets its own problem). ``needs`` lists are copied per row, as each node owns its own.
    """
    key = col.key
    texts = [cells.get(key, "") for _, cells in table.rows]
    if col.type == "text" and not col.required:
        return [text or None for text in texts]
    if col.type == "text":  # required: an empty cell is a problem
        return [text if text else chk.value(table, row, col, text)
                for text, (row, _) in zip(texts, table.rows, strict=True)]
    seen: dict[str, Any] = {}
    values = []
    for text, (row, _) in zip(texts, table.rows, strict=True):
        value = seen.get(text, _UNSEEN)
        if value is _UNSEEN:
            before = len(chk.problems) + len(chk.warnings)
            value = chk.value(table, row, col, text)
            if len(chk.problems) + len(chk.warnings) == before:
                seen[text] = value
        values.append(value)
    if col.type == "needs":
        return [list(value) for value in values]
    return values


def validate(raw: RawDataset, taxonomy: Taxonomy | None = None) -> tuple[Network | None, list[Problem]]:
    """Check every rule of the format; return the network, or None and the problems.

    The steps: the municipality, then the node tables (ids unique, one hub), the needs and
    who covers them, the links (ends resolved by id or name, types allowed), and demand.
    """
    taxonomy = taxonomy or load_taxonomy()
    chk = _Checker(taxonomy)
    chk.problems.extend(raw.problems)
    meta = _check_municipality(raw, chk)
    chk.draft = bool(meta.get("draft"))
    meta.setdefault("slug", raw.source.stem if raw.source.is_file() else raw.source.name)

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.graph.update(meta)  # never as keywords: a key could name a constructor argument
    rejected, pending_needs = _add_nodes(raw, chk, G)
    for need in taxonomy:
        G.add_node(need_node(need.code), node_type="need", code=need.code, name=need.label_ja,
                   label_ja=need.label_ja, label_en=need.label_en, parent=need.parent or "",
                   evidence=need.evidence)
    for nid, needs, evidence in pending_needs:
        for covered in needs:
            G.add_edge(nid, need_node(covered), type="covers", evidence=evidence,
                       origin="needs column")
    _add_links(raw, chk, G, rejected)
    _add_demand(raw, chk, G)
    chk.warnings.extend(missing_evidence(raw))
    if chk.problems:
        return None, chk.problems
    net = Network(G, source=raw.source, warnings=chk.warnings)
    return net, []


def _non_empty(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` without its empty values (None, "", []): an empty cell is no attribute.

    ``values`` itself when nothing is empty (most rows: a column missing from the file is
    already left out by :func:`_rows`), saving a copy of every row.
    """
    kept = values.values()
    if None in kept or "" in kept or [] in kept:
        return {k: v for k, v in values.items() if v not in (None, "", [])}
    return values


def _add_nodes(raw: RawDataset, chk: _Checker, G: nx.MultiDiGraph[str]
               ) -> tuple[list[str], list[tuple[str, list[str], str]]]:
    """The rows of the node tables as nodes; returns the names of rows refused for a duplicate
    id (links to them get no follow-on problem) and the needs each node's ``needs`` names."""
    first_seen: dict[str, str] = {}
    hubs: list[tuple[str, str, int]] = []  # (id, file, row) of each row marked hub
    rejected: list[str] = []
    pending_needs: list[tuple[str, list[str], str]] = []
    for table_name, node_type in _NODE_TABLES.items():
        table = raw.tables.get(table_name)
        for row, values in _rows(raw, table_name, chk):
            nid = values.get("id")
            if nid is None:
                continue
            assert table is not None
            where = f"{table.file}:{row}"
            if not _ID.match(nid) or nid.startswith("need:"):
                chk.bad(table.file, row, "id", f"id は英数字と - _ . で (invalid id '{nid}')")
            if nid in first_seen:
                chk.bad(table.file, row, "id", f"id '{nid}' が重複しています (duplicate id; first "
                        f"at {first_seen[nid]})")
                rejected.append(str(values.get("name") or ""))  # links to it: no follow-on
                continue
            first_seen[nid] = where
            needs = values.pop("needs", [])
            del values["id"]
            attrs = _non_empty(values)  # the row's own dict: it is used once, here
            if node_type == "organisation":
                attrs["hub"] = bool(attrs.get("hub", False))
                if attrs["hub"]:
                    hubs.append((nid, table.file, row))
            if needs and node_type in ("organisation", "program"):
                pending_needs.append((nid, needs, values.get("evidence") or ""))
            G.add_node(nid, node_type=node_type, **attrs)
    first, *more = hubs or [("", "", 0)]
    for nid, file, row in more:  # each extra hub at its own row, naming the first
        chk.bad(file, row, "hub", f"hub は 1 つだけ: '{nid}' は 2 つ目の hub です (1 つ目は "
                f"{first[1]}:{first[2]} の '{first[0]}') (only one hub allowed; the first is "
                f"'{first[0]}' at {first[1]}:{first[2]})")
    return rejected, pending_needs


def _add_links(raw: RawDataset, chk: _Checker, G: nx.MultiDiGraph[str],
               rejected: list[str]) -> None:
    """The rows of ``links`` as edges, each end resolved by id, need or name."""
    # A node table that could not be read would make every link to it look dangling: report
    # the unreadable file alone, not a cascade of follow-on problems.
    # A problem in a table that was still read (a bad cell) leaves links checked against it.
    unreadable = {p.file for p in raw.problems}
    node_tables_ok = not any((f.startswith(t) or f"[{t}]" in f) and t not in raw.tables
                             for f in unreadable for t in _NODE_TABLES)
    links = raw.tables.get("links")
    ends_of = Endpoints(G, rejected)
    kinds = {n: d["node_type"] for n, d in G.nodes(data=True)}  # links add no nodes
    for row, values in _rows(raw, "links", chk):
        assert links is not None
        ltype, src, dst = values.get("type"), values.get("source"), values.get("target")
        if not src or not dst:
            continue
        lt = LINK_TYPES.get(str(ltype))
        # the common case, an id of a node of a type the link joins, needs no further look
        source = src if lt and kinds.get(src) in lt.sources else \
            _link_end(chk, G, ends_of, links.file, row, "source", src, lt,
                      lt.sources if lt else None, node_tables_ok)
        target = dst if lt and kinds.get(dst) in lt.targets else \
            _link_end(chk, G, ends_of, links.file, row, "target", dst, lt,
                      lt.targets if lt else None, node_tables_ok)
        if source is None or target is None:
            continue
        if source == target:
            chk.bad(links.file, row, "target", "自分自身へのリンクです (a link from a node to itself)")
            continue
        del values["source"], values["target"]  # the row's own dict: it is used once, here
        G.add_edge(source, target, **_non_empty(values))


def _link_end(chk: _Checker, G: nx.MultiDiGraph[str], ends_of: Endpoints, file: str, row: int,
              col: str, nid: str, lt: Any, allowed: tuple[str, ...] | None,
              node_tables_ok: bool) -> str | None:
    """The node one end of a link names, or None (with a problem where there is one)."""
    if nid not in G and allowed is not None and "need" in allowed:
        need_code = chk.need(file, row, col, nid)
        nid = need_node(need_code) if need_code else nid
    elif nid not in G and allowed is None:
        need_code = chk.taxonomy.get(nid)
        nid = need_node(need_code) if need_code else nid
    if nid not in G:
        found, message = ends_of.resolve(nid, allowed)
        if found is None:
            if message and node_tables_ok and (allowed is None or "need" not in allowed):
                chk.bad(file, row, col, message)
            return None
        nid = found
    if lt is None or allowed is None:  # unknown type (reported): ends checked only
        return None
    kind = G.nodes[nid]["node_type"]
    if kind not in allowed:
        ltype = lt.code
        chk.bad(file, row, col, f"{ltype} の{'元' if col == 'source' else '先'}に"
                f"{vocabulary.label(vocabulary.NODE_TYPES, kind)}は使えません (a {ltype} link cannot "
                f"{'start' if col == 'source' else 'end'} at a {kind}; expected "
                + " or ".join(allowed) + ")")
        return None
    return nid


def _add_demand(raw: RawDataset, chk: _Checker, G: nx.MultiDiGraph[str]) -> None:
    """``demand.csv`` onto the need nodes (summed) and the graph (as rows)."""
    demand = []
    for row, values in _rows(raw, "demand", chk):
        code: str | None = values.get("need")
        if code:
            code = chk.need(raw.tables["demand"].file, row, "need", code)
        if code and values.get("count") is not None:
            demand.append({"need": code, **{k: v for k, v in values.items()
                                            if k != "need" and v not in (None, "")}})
            G.nodes[need_node(code)]["demand"] = G.nodes[need_node(code)].get("demand", 0) + \
                values["count"]
    G.graph["demand"] = demand


def missing_evidence(raw: RawDataset) -> list[str]:
    """Warnings for tables without an evidence column and rows with an empty one.

    Every fact should cite its source (docs/FORMAT.md); a row without one still loads, so
    this is a warning, one line per table listing the rows:
    ``座間市.xlsx[links]: 出典 (evidence) のない行が 2 件: 5, 9``.
    """
    out = []
    for table_name in ("organisations", "programs", "meetings", "roles", "links"):
        table = raw.tables.get(table_name)
        if table is None:
            continue
        key = "evidence" if "evidence" in table.columns else (
            "source" if table_name != "links" and "source" in table.columns else None)
        if key is None:
            out.append(f"{table.file}: evidence 列がありません (no evidence column)")
            continue
        rows = [str(row) for row, cells in table.rows if not cells.get(key, "").strip()]
        if rows:
            shown = ", ".join(rows[:20]) + (" …" if len(rows) > 20 else "")
            out.append(f"{table.file}: 出典 (evidence) のない行が {len(rows)} 件: {shown} "
                       f"({len(rows)} row{'s' if len(rows) > 1 else ''} without evidence)")
    return out


def load_dataset(path: Path | str, taxonomy: Taxonomy | None = None) -> Network:
    """Read and validate a dataset folder or workbook; raise :class:`ValidationError` if bad.

    >>> net = load_dataset(Path(__file__).parents[2] / "datasets" / "zama")
    >>> net.name, net.code
    ('座間市', '142166')
    """
    raw = read_raw(Path(path))
    net, problems = validate(raw, taxonomy)
    if net is None:
        raise ValidationError(problems, path)
    return net


def _is_dataset(path: Path) -> bool:
    if path.is_file():
        return path.suffix.lower() in (".xlsx", ".xlsm")
    return (path / "organisations.csv").exists() or (path / "municipality.yaml").exists()


_DRAFT = re.compile(r"^draft:[ \t]*(?:true|yes|on)[ \t]*(?:#.*)?$", re.M | re.I)


def is_draft(path: Path) -> bool:
    """Whether a dataset folder is an unreviewed draft (``draft: true`` in its
    ``municipality.yaml``, as the extractor writes for ``datasets/reports-2018/*``).

    Read from the file's text (a top-level ``draft:`` line with a YAML true), so listing a
    folder of datasets does not parse each one. A workbook is not looked into here: the
    network read from it still carries ``draft`` and the store keeps it apart.
    """
    muni = Path(path) / "municipality.yaml"
    if not muni.is_file():
        return False
    try:
        return bool(_DRAFT.search(muni.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def dataset_paths(paths: list[Path] | tuple[Path, ...],
                  include_drafts: bool = False) -> list[Path]:
    """Dataset folders and workbooks named by ``paths``, in the given order; drafts left out
    unless ``include_drafts``.

    A path that is itself a dataset (a folder with ``organisations.csv`` or
    ``municipality.yaml``, or an ``.xlsx``) is kept; a folder that is not expands to the
    datasets directly inside it, sorted by name (``datasets/reports-2018`` → its 30 drafts);
    any other file is skipped (``datasets/needs.csv`` when a shell expands ``datasets/*``), and
    so is ``datasets/sources/`` (the cited source texts, not a dataset).

    Drafts (:func:`is_draft`) share municipality codes with curated towns (the 2018 draft of
    国立市 beside ``datasets/kunitachi``), so every command leaves them out unless asked: this
    is the one place that rule lives.

    Raises :class:`~netmap.errors.DatasetError` for a folder with no dataset in it, or when
    every dataset named is a draft and drafts were not asked for.
    """
    from netmap.errors import DatasetError

    out: list[Path] = []
    for p in map(Path, paths):
        if _is_dataset(p):
            out.append(p)
        elif p.is_dir() and p.name == "sources" and (p / "README.md").is_file():
            continue
        elif p.is_dir():
            inside = sorted(c for c in p.iterdir() if _is_dataset(c))
            if not inside:
                raise DatasetError(f"{p}: データセットが見つかりません (no dataset here: expected "
                                   "organisations.csv, or folders that hold one)")
            out.extend(inside)
    if include_drafts:
        return out
    curated = [p for p in out if not is_draft(p)]
    if out and not curated:
        raise DatasetError(f"{out[0]}: 下書き (draft) だけです — only unreviewed drafts here "
                           f"({len(out)}); add --include-drafts to use them")
    return curated
