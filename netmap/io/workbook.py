"""The Excel template a coordinator fills in: one sheet per table, drop-downs, instructions.

Why one module of ~430 lines: it is one artefact, the workbook, written sheet by sheet
(instructions, drop-down lists, prefilled rows) from one table of columns; splitting the
sheets apart would scatter the column rules a coordinator-facing change touches. Print
setup lives in :mod:`netmap.io.workbook_print`.

A coordinator starts with ``netmap template 座間市.xlsx`` (optionally ``--from`` an existing
dataset to prefill it), fills the sheets in Excel, and runs ``netmap validate 座間市.xlsx``;
errors name ``座間市.xlsx[organisations]:row:column``. Sheet names are the table names of the
dataset format (``docs/FORMAT.md``) so :func:`netmap.io.tables.read_raw` reads the workbook
directly; headers are written ``名称 (name)`` and the reader keeps the key in parentheses.

Formula injection: text is always stored as a string cell (never a formula), and text that
Excel would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) also gets
Excel's *quote prefix* style, the same mark Excel sets when a user types ``'=…``: the cell
shows and keeps the text, the apostrophe is not part of the value, and our reader gets the
original text back unchanged (see :func:`set_text`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from netmap import vocabulary
from netmap.io.csvfile import needs_guard
from netmap.io.workbook_print import BLANK_ROWS, fit_rows, setup_print, wrap_lines
from netmap.model import LINK_TYPES, Network
from netmap.taxonomy import load_taxonomy

__all__ = ["write_template", "set_text", "HEADERS", "SHEETS", "KIND_SUGGESTIONS",
           "need_choices"]

#: Table sheets in workbook order (exactly the keys ``read_raw`` looks for).
SHEETS = ("municipality", "organisations", "programs", "meetings", "roles", "links", "demand")

#: Column key → (Japanese, English) header label.
HEADERS: dict[str, tuple[str, str]] = {
    "id": ("ID", "ID"), "name": ("名称", "Name"), "name_en": ("英語名", "English name"),
    "kind": ("種別", "Kind"), "sector": ("セクター", "Sector"),
    "needs": ("対応ニーズ", "Needs covered"), "hub": ("自立相談支援機関", "Hub"),
    "area": ("対象地域", "Area"), "contact_name": ("担当者名（公的な立場）", "Contact (official)"),
    "phone": ("電話", "Phone"), "email": ("メール", "Email"), "url": ("URL", "URL"),
    "evidence": ("出典", "Evidence"), "assured_date": ("確認日", "Assured date"),
    "note": ("備考", "Note"), "category": ("区分", "Category"), "basis": ("根拠法令", "Basis"),
    "per_year": ("年間開催回数", "Sittings a year"),
    "per_year_max": ("年間開催回数（上限）", "Sittings a year (max)"),
    "purpose": ("目的", "Purpose"), "count": ("人数・件数", "Count"),
    "source": ("元", "Source"), "target": ("先", "Target"), "type": ("リンク種別", "Link type"),
    "need": ("ニーズ", "Need"), "label": ("資料での表記", "Wording in source"),
    "period": ("期間", "Period"), "key": ("項目", "Key"), "value": ("値", "Value"),
    # municipality keys
    "code": ("地方公共団体コード", "Municipality code"), "prefecture": ("都道府県", "Prefecture"),
    "population": ("人口", "Population"), "households": ("世帯数", "Households"),
    "aging_rate": ("高齢化率（％）", "Aging rate (%)"),
    "welfare_rate_permil": ("生活保護率（‰）", "Welfare rate (‰)"),
    "area_km2": ("面積（km²）", "Area (km²)"), "as_of": ("時点", "As of"),
    "slug": ("略称（ローマ字）", "Slug"),
    "certainty": ("確かさ", "Certainty"), "department": ("担当部署", "Department"),
    "aim": ("目的（資料の記述）", "Aim (as written)"),
}

#: Keys of the municipality sheet in an empty template.
MUNICIPALITY_KEYS = ("code", "name", "prefecture", "name_en", "population", "households",
                     "aging_rate", "welfare_rate_permil", "area_km2", "as_of", "evidence")

#: Suggested organisation kinds (docs/FORMAT.md); the drop-down allows other values.
KIND_SUGGESTIONS = ("行政課", "社会福祉協議会", "NPO法人", "社会福祉法人", "公共職業安定所",
                    "弁護士会", "企業", "医療機関", "学校", "自治会", "民生委員協議会",
                    "地域包括支援センター", "生活協同組合")

_SHEET_TITLES = {"municipality": ("自治体", "Municipality"),
                 "organisations": ("機関・団体", "Organisations"),
                 "programs": ("事業", "Programs"), "meetings": ("会議体", "Meetings"),
                 "roles": ("配置人材（人数のみ）", "Roles (counts only)"),
                 "links": ("つながり", "Links"), "demand": ("把握されたニーズ件数", "Demand")}
_LISTS = "lists"
_TEXT_FORMAT = "@"
_ROWS = 500  # rows that get drop-downs and text format beyond the filled ones
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
#: Column widths (in characters) chosen so most sheets print one A4 landscape page wide.
_WIDTHS = {"name": 26, "note": 26, "evidence": 22, "value": 36, "key": 40, "id": 14,
           "name_en": 16, "kind": 14, "needs": 16, "email": 16, "url": 16, "purpose": 20,
           "basis": 16, "label": 16, "source": 18, "target": 18, "type": 14, "hub": 9,
           "count": 9, "per_year": 9, "per_year_max": 9}
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def need_choices(lang: str = "ja") -> list[str]:
    """What the need drop-downs offer: each need's Japanese label (or English with ``en``).

    Every choice resolves to its own need in the validator (tested), so picking one is always
    accepted.
    """
    return [n.label(lang) for n in load_taxonomy()]


def set_text(cell: Cell | MergedCell, value: Any) -> None:
    """Put a value in a cell so that Excel never evaluates it and our reader reads it back.

    Numbers stay numbers. Text is stored as a string cell (openpyxl would otherwise store
    ``=…`` as a formula); text starting with ``=``, ``+``, ``-``, ``@``, tab or CR also gets
    the ``quotePrefix`` style — Excel's own "this is text" mark, which is not part of the
    value — so it stays text even after the user edits the cell.

    >>> from openpyxl import Workbook
    >>> c = Workbook().active["A1"]
    >>> set_text(c, "=1+2"); (c.value, c.data_type, c.quotePrefix)
    ('=1+2', 's', True)
    """
    if value is None or value == "":
        cell.value = None
        return
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = str(value)
    if isinstance(value, (int, float)):
        cell.value = value
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"
    if needs_guard(text):
        cell.quotePrefix = True


def _header(key: str, lang: str) -> str:
    if key not in HEADERS:
        return key
    ja, en = HEADERS[key]
    return f"{en if lang == 'en' else ja} ({key})"


def _required(table: str) -> set[str]:
    from netmap.io.dataset import COLUMNS

    return {c.key for c in COLUMNS[table] if c.required}


def _empty_tables() -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    from netmap.io.dataset import COLUMNS

    out: dict[str, tuple[list[str], list[dict[str, Any]]]] = {
        "municipality": (["key", "value"], [{"key": k, "value": None}
                                            for k in MUNICIPALITY_KEYS])}
    for name in SHEETS[1:]:
        columns = [c.key for c in COLUMNS[name]]  # certainty is one of them (every table but demand)
        out[name] = (columns, [])
    return out


def _display(table: str, key: str, value: Any, lang: str) -> Any:
    """A cell of a prefilled sheet: codes (and need codes) as their label, booleans as
    はい/いいえ."""
    terms = _CODED.get((table, key))
    if terms is not None and isinstance(value, str) and value in terms:
        return vocabulary.label(terms, value, lang)
    if key == "hub" and isinstance(value, bool):
        return _yes_no(lang)[0 if value else 1]
    if key == "needs" and isinstance(value, str) and value:
        tax = load_taxonomy()
        return ";".join(tax.label_of(c, lang) for c in value.split(";"))
    return value


def _write_table(ws: Worksheet, table: str, columns: list[str], rows: list[dict[str, Any]],
                 lang: str) -> None:
    required = _required(table) if table != "municipality" else set()
    for j, key in enumerate(columns, start=1):
        cell = ws.cell(1, j)
        set_text(cell, _header(key, lang))
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if key in required else _HEAD_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = _WIDTHS.get(key, 12)
        ws.column_dimensions[get_column_letter(j)].number_format = _TEXT_FORMAT
    for i, row in enumerate(rows, start=2):
        for j, key in enumerate(columns, start=1):
            value = row.get(key)
            if table == "municipality" and key == "key":
                value = _header(str(value), lang)
            set_text(ws.cell(i, j), _display(table, key, value, lang))
    ws.freeze_panes = "B2" if table != "municipality" else "A2"
    setup_print(ws, len(columns), len(rows) + 1,
                blank_rows=0 if table == "municipality" else BLANK_ROWS)


def _labels(table: vocabulary.Terms, lang: str) -> list[str]:
    return [term.label(lang) for term in table.values()]


def _yes_no(lang: str) -> tuple[str, str]:
    return ("yes", "no") if lang == "en" else ("はい", "いいえ")


def _lists_sheet(wb: Workbook, kinds: list[str], lang: str) -> dict[str, str]:
    """A hidden sheet with the drop-down choices; returns column name → range formula.

    Coded columns offer their labels in ``lang`` (社会福祉協議会, 連携, 必須事業, 推定 …), never
    the codes: the validator maps a label back to its code (:func:`netmap.vocabulary.parse`).
    """
    ws = wb.create_sheet(_LISTS)
    columns = {
        "sector": _labels(vocabulary.SECTORS, lang),
        "kind": kinds,
        "link_type": _labels(vocabulary.LINK_TYPES, lang),
        "category": _labels(vocabulary.PROGRAM_CATEGORIES, lang),
        "purpose": _labels(vocabulary.MEETING_PURPOSES, lang),
        "certainty": _labels(vocabulary.CERTAINTY, lang),
        "need": need_choices(lang),
        "bool": list(_yes_no(lang)),
    }
    ranges = {}
    for j, (name, values) in enumerate(columns.items(), start=1):
        set_text(ws.cell(1, j), name)
        for i, v in enumerate(values, start=2):
            set_text(ws.cell(i, j), v)
        col = get_column_letter(j)
        ranges[name] = f"{_LISTS}!${col}$2:${col}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _validation(ws: Worksheet, column: int, formula: str, strict: bool, title: str,
                prompt: str, rows: int) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.showErrorMessage = strict
    dv.errorStyle = "stop" if strict else "information"
    dv.error = "リストから選んでください (choose from the list)"
    dv.errorTitle = title
    dv.promptTitle = title
    dv.prompt = prompt
    dv.showInputMessage = True
    letter = get_column_letter(column)
    dv.add(f"{letter}2:{letter}{rows}")
    ws.add_data_validation(dv)


#: (table, column) → (list name, strict?, prompt)
_DROPDOWNS = {
    ("organisations", "sector"): ("sector", True, "リストから選ぶ (pick a sector; see 説明)"),
    ("organisations", "kind"): ("kind", False, "例から選ぶか自由に記入 (pick or type any kind)"),
    ("organisations", "hub"): ("bool", True, "自立相談支援機関なら はい (one per municipality)"),
    ("organisations", "needs"): ("need", False,
                                 "一つ選ぶか「;」で区切って複数記入 (one, or several joined by ;)"),
    ("programs", "category"): ("category", True, "必須事業 / 任意事業 / その他"),
    ("programs", "needs"): ("need", False,
                            "一つ選ぶか「;」で区切って複数記入 (one, or several joined by ;)"),
    ("links", "type"): ("link_type", True, "リンク種別 (link type; see 説明)"),
    ("meetings", "purpose"): ("purpose", True, "会議の目的 (meeting purpose; see 説明)"),
    ("demand", "need"): ("need", False, "ニーズ (need; label, code or synonym)"),
    **{(t, "certainty"): ("certainty", True, "出典に明記 / 推定 (empty: stated)")
       for t in ("organisations", "programs", "meetings", "roles", "links")},
}

#: Coded columns of a prefilled template: written as their label, read back as the code.
_CODED: dict[tuple[str, str], vocabulary.Terms] = {
    ("organisations", "sector"): vocabulary.SECTORS,
    ("programs", "category"): vocabulary.PROGRAM_CATEGORIES,
    ("meetings", "purpose"): vocabulary.MEETING_PURPOSES,
    ("links", "type"): vocabulary.LINK_TYPES,
    **{(t, "certainty"): vocabulary.CERTAINTY
       for t in ("organisations", "programs", "meetings", "roles", "links")},
}


_HOW_TO = (
    "1. 各シートに 1 行 1 件で記入します。シート名と見出しの（ ）内の英語キーは変えないでください。"
    " (One row per item; do not rename sheets or the key in brackets.)",
    "2. オレンジの見出しは必須です。id は英数字と - _ . で、全シートで重複しないように。"
    " (Orange headers are required; ids are ASCII, unique across all sheets.)",
    "3. セクター・リンク種別・区分・会議の目的・確かさ・自立相談支援機関は ▼ のリストから日本語で選びます"
    "（下の表のコードを書いても同じです）。 (Pick the Japanese label from each drop-down; the "
    "codes below are accepted too.)",
    "4. つながり (links) の 元・先 には id か、機関・事業・会議体の名称をそのまま書けます"
    "（名称のリストから選べます）。 (In links, source and target take an id or the exact "
    "name of an organisation, program or meeting.)",
    "5. すべての行の 出典 (evidence) に、資料名と行・ページ、URL、または「調査 2025-04」などを"
    "書きます（空の行は注意として示されます）。確認日 (assured_date) は 2025-04-01 の形で。"
    " (Every row cites its evidence — rows without one are listed as warnings; assured_date "
    "is YYYY-MM-DD.)",
    "6. 配置人材 (roles) は人数だけを書き、個人名は書きません。 (Roles are counts, never names.)",
    "7. 保存したら `netmap validate ファイル.xlsx` で検査します。すべての問題が一度に "
    "ファイル.xlsx[シート]:行:列 の形で、「もしかして」の候補つきで示されます。 (netmap "
    "validate lists every problem at once as file.xlsx[sheet]:row:column, with a suggestion.)",
    "8. = + - @ で始まる文字は数式にならないよう文字列として保存されます。 (Text starting "
    "with = + - @ is stored as text, never as a formula.)",
)


def _code_table(title: str, table: vocabulary.Terms) -> list[tuple[Any, ...]]:
    return [(), (title,), ("コード (code)", "日本語", "English")] + [
        (c, t.ja, t.en) for c, t in table.items()]


def _instructions(wb: Workbook, lang: str) -> None:
    ws = wb.create_sheet("説明", 0)
    tax = load_taxonomy()
    lines: list[tuple[Any, ...]] = [
        ("netmap 入力テンプレート (netmap input template)",), (), ("使い方 (how to use)",),
        *((text,) for text in _HOW_TO), (), ("シート (sheets)",),
        ("シート名 (sheet)", "日本語", "English")]
    for name in SHEETS:
        ja, en = _SHEET_TITLES[name]
        lines.append((name, ja, en))
    lines += _code_table("セクター (sector)", vocabulary.SECTORS)
    lines += [(), ("リンク種別 (link types)",),
              ("コード (code)", "日本語", "元 → 先 (from → to)", "向き (direction)")]
    for lt in LINK_TYPES.values():
        ends = (" / ".join(vocabulary.label(vocabulary.NODE_TYPES, s) for s in lt.sources)
                + " → "
                + " / ".join(vocabulary.label(vocabulary.NODE_TYPES, t) for t in lt.targets))
        lines.append((lt.code, lt.label_ja, ends, "有向 (directed)" if lt.directed
                      else "双方向 (undirected)"))
    lines += _code_table("事業の区分 (program category)", vocabulary.PROGRAM_CATEGORIES)
    lines += _code_table("会議の目的 (meeting purpose)", vocabulary.MEETING_PURPOSES)
    lines += _code_table("確かさ (certainty; 空欄は出典に明記)", vocabulary.CERTAINTY)
    lines += [(), ("ニーズ (needs)",),
              ("コード (code)", "日本語", "English", "言い換え (synonyms)")]
    for n in tax:
        lines.append((n.code, n.label_ja, n.label_en, "; ".join(n.synonyms_ja)))
    for i, line in enumerate(lines, start=1):
        for j, value in enumerate(line, start=1):
            set_text(ws.cell(i, j), value)
        if len(line) == 1 and line[0] not in _HOW_TO:
            ws.cell(i, 1).font = Font(bold=True)
        elif len(line) > 1 and len(lines[i - 2]) == 1:  # the column heads under a title
            for j in range(1, len(line) + 1):
                ws.cell(i, j).font = Font(italic=True, color="595959")
        for j in range(1, len(line) + 1):
            ws.cell(i, j).alignment = Alignment(wrap_text=j > 1, vertical="top")
    for col, width in zip("ABCD", (22, 24, 34, 58), strict=True):
        ws.column_dimensions[col].width = width
    fit_rows(ws, range(4 + len(_HOW_TO), len(lines) + 1), 4)
    wrap_lines(ws, [4 + k for k in range(len(_HOW_TO))], 4)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    setup_print(ws, 4, len(lines), blank_rows=0, table=False)


def _name_dropdown(wb: Workbook, tables: dict[str, tuple[list[str], list[dict[str, Any]]]],
                   rows: int) -> None:
    """Links ``source``/``target``: a list of the organisations' names (any id or name may be
    typed too; :class:`netmap.io.endpoints.Endpoints` resolves names to ids)."""
    org_columns, org_rows = tables["organisations"]
    link_columns, _ = tables["links"]
    letter = get_column_letter(org_columns.index("name") + 1)
    formula = f"organisations!${letter}$2:${letter}${max(_ROWS, len(org_rows) + 100)}"
    for key in ("source", "target"):
        _validation(wb["links"], link_columns.index(key) + 1, formula, False,
                    _header(key, "ja"), "id か名称 (an id, or a name from the list)", rows)


def write_template(out: Path | str, source: Network | None = None, lang: str = "ja") -> Path:
    """Write the input workbook, empty or prefilled from a network.

    Parameters
    ----------
    out : Path
        The ``.xlsx`` file to write (written to a temporary file and renamed).
    source : Network, optional
        A network whose tables prefill the sheets (``netmap template --from PATH``).
    lang : {"ja", "en"}
        Language of the headers and of the need drop-down (keys in brackets either way).

    Returns
    -------
    Path
        ``out``.

    Notes
    -----
    Sheets: 説明 (instructions, first), then ``municipality`` (key/value),
    ``organisations``, ``programs``, ``meetings``, ``roles``, ``links``, ``demand``, and a
    hidden ``lists`` sheet holding the drop-down choices. Drop-downs show labels in ``lang``
    (社会福祉協議会, 連携, 必須事業, 推定, はい/いいえ), never codes, and a prefilled sheet writes
    labels too; the validator maps every label back to its code. Sector, hub, link type,
    program category, meeting purpose and certainty accept only their list; organisation kind
    (suggestions from docs/FORMAT.md plus the kinds of ``source``), needs and demand need
    offer choices but accept any text. Links ``source``/``target`` offer the organisations'
    names and accept any id or name. Every sheet prints landscape, fitted to the page width
    (:mod:`netmap.io.workbook_print`).

    Examples
    --------
    >>> import tempfile
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.io.tables import read_raw
    >>> net = load_dataset(Path(__file__).parents[2] / "datasets" / "zama")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     raw = read_raw(write_template(Path(d) / "zama.xlsx", net))
    >>> raw.municipality["name"], len(raw.tables["organisations"].rows)
    ('座間市', 41)
    """
    from netmap.io.output import atomic_output
    from netmap.io.write import dataset_tables

    out = Path(out)
    tables = dataset_tables(source) if source is not None else _empty_tables()
    wb = Workbook()
    for sheet in list(wb.worksheets):  # the default empty sheet
        wb.remove(sheet)
    _instructions(wb, lang)
    kinds = list(KIND_SUGGESTIONS)
    for row in tables["organisations"][1]:
        if row.get("kind") and row["kind"] not in kinds:
            kinds.append(str(row["kind"]))
    for name in SHEETS:
        columns, rows = tables[name]
        ws = wb.create_sheet(name)
        _write_table(ws, name, columns, rows, lang)
    ranges = _lists_sheet(wb, kinds, lang)
    for (table, key), (list_name, strict, prompt) in _DROPDOWNS.items():
        columns, rows = tables[table]
        if key in columns:
            _validation(wb[table], columns.index(key) + 1, ranges[list_name], strict,
                        _header(key, lang), prompt, max(_ROWS, len(rows) + 100))
    _name_dropdown(wb, tables, max(_ROWS, len(tables["links"][1]) + 100))
    wb.active = 1  # open on the municipality sheet; 説明 is one tab to the left
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return out
