"""The codes netmap shows, each with its one Japanese and one English label.

Every user-visible label of a code comes from the tables here: ``netmap show``, the map's
legend and filters (:mod:`netmap.render.style` adds colours and shapes, never words), the
report, the Excel template's instruction sheet and the problem messages all print
``label(TABLE, code, lang)``. A dataset may give a code or any of its labels or aliases;
:func:`parse` turns what a coordinator typed back into the code (「社会福祉協議会」 and
``shakyo`` are the same sector).

The tables: :data:`SECTORS`, :data:`NODE_TYPES`, :data:`LINK_TYPES` (labels only; which node
types a link joins lives in :data:`netmap.model.LINK_TYPES`), :data:`MEETING_PURPOSES`,
:data:`CERTAINTY`, :data:`CONFIDENCE`, :data:`PROGRAM_CATEGORIES`, and the need-independent
map labels :data:`MARKS` and :data:`SIZE_MEASURES`. The needs themselves are data
(``datasets/needs.csv``, :mod:`netmap.taxonomy`).

Where two tables used to disagree, the label kept is the one that names the category rather
than one of its members: ``npo`` is 「NPO・市民活動」 (not 「NPO法人」, which is an organisation
*kind* and would exclude unincorporated citizen groups), ``medical`` 「医療」 (「医療機関」 is a
kind), ``residents`` 「住民・地域組織」, ``role`` 「配置人材」 (the template's sheet title and
FORMAT.md: placed professionals *and* volunteers, counts only); link types take the longer
legend wording that says what is joined (「事業を実施」 rather than 「実施」). The other
spellings stay accepted as aliases.

Examples
--------
>>> label(SECTORS, "npo", "ja"), label(SECTORS, "npo", "en")
('NPO・市民活動', 'NPO')
>>> parse(SECTORS, "社会福祉協議会"), parse(LINK_TYPES, "Refers to"), parse(SECTORS, "ＮＰＯ法人")
('shakyo', 'refers_to', 'npo')
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from netmap.errors import DatasetError

__all__ = [
    "Term",
    "Terms",
    "UnknownTermError",
    "label",
    "parse",
    "lookup",
    "suggest",
    "TABLES",
    "SECTORS",
    "NODE_TYPES",
    "LINK_TYPES",
    "MEETING_PURPOSES",
    "CERTAINTY",
    "CONFIDENCE",
    "PROGRAM_CATEGORIES",
    "MARKS",
    "SIZE_MEASURES",
]


@dataclass(frozen=True)
class Term:
    """One code with its Japanese and English label and other accepted spellings."""

    code: str
    ja: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "ja") -> str:
        """The label in ``lang`` (``"en"`` gives English, anything else Japanese)."""
        return self.en if lang == "en" else self.ja


class Terms(Mapping[str, Term]):
    """An ordered code table (code → :class:`Term`) with its own name for messages.

    Iterating gives the codes in display order (legend, drop-downs, instruction sheet).
    """

    def __init__(self, name_ja: str, name_en: str, *terms: Term) -> None:
        self.name_ja = name_ja
        self.name_en = name_en
        self._terms = {t.code: t for t in terms}
        self._spellings: dict[str, str] = {}
        for t in terms:
            for spelling in (t.code, t.ja, t.en, *t.aliases):
                self._spellings.setdefault(_key(spelling), t.code)

    def __getitem__(self, code: str) -> Term:
        return self._terms[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return f"Terms({self.name_en!r}, {list(self._terms)!r})"


class UnknownTermError(DatasetError):
    """A value that is no code, label or alias of a table; ``suggestion`` is the closest code."""

    def __init__(self, message: str, suggestion: str | None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def _key(text: str) -> str:
    """NFKC, case-folded, without spaces: the form in which spellings are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


_BRACKETED = re.compile(r"^(.*?)[(（]\s*([A-Za-z_][A-Za-z0-9_]*)\s*[)）]\s*$")


def label(table: Mapping[str, Term], code: str, lang: str = "ja") -> str:
    """The ``lang`` label of ``code`` in ``table``, or the code itself when unknown.

    >>> label(NODE_TYPES, "role"), label(NODE_TYPES, "role", "en"), label(SECTORS, "ufo")
    ('配置人材', 'Role', 'ufo')
    """
    term = table.get(code)
    return code if term is None else term.label(lang)


def lookup(table: Terms, text: str) -> str | None:
    """The code ``text`` names (code, either label or alias; NFKC, any case), or None.

    A drop-down style ``社会福祉協議会 (shakyo)`` gives the code in brackets.

    >>> lookup(CERTAINTY, "推定"), lookup(CERTAINTY, "STATED"), lookup(CERTAINTY, "たぶん")
    ('inferred', 'stated', None)
    """
    found = table._spellings.get(_key(text))
    if found is None:
        m = _BRACKETED.match(text.strip())
        if m and m.group(2) in table:
            found = m.group(2)
    return found


def suggest(table: Terms, text: str) -> str | None:
    """The code of the spelling closest to ``text`` (for a 「もしかして」 hint), or None."""
    close = difflib.get_close_matches(_key(text), list(table._spellings), n=1, cutoff=0.4)
    return table._spellings[close[0]] if close else None


def parse(table: Terms, text: str) -> str:
    """The code ``text`` names; :class:`UnknownTermError` with a suggestion when none.

    Parameters
    ----------
    table : Terms
        One of the tables of this module.
    text : str
        A code (``shakyo``), Japanese label (``社会福祉協議会``), English label or alias,
        compared after NFKC normalisation, case-folding and removing spaces.

    Raises
    ------
    UnknownTermError
        The message names the value, the closest code with its label (「もしかして」) and
        every valid code with its Japanese label.

    >>> parse(MEETING_PURPOSES, "連携会議・協議会")
    'network'
    >>> parse(SECTORS, "社協")
    'shakyo'
    >>> try:
    ...     parse(SECTORS, "社会福祉協議")
    ... except UnknownTermError as e:
    ...     print(e.suggestion)
    shakyo
    """
    code = lookup(table, text)
    if code is not None:
        return code
    hint = suggest(table, text)
    extra = f" もしかして (did you mean) '{hint}' ({table[hint].ja})?" if hint else ""
    valid = ", ".join(f"{t.code} {t.ja}" for t in table.values())
    raise UnknownTermError(f"不明な{table.name_ja} (unknown {table.name_en}) '{text}'.{extra} "
                           f"使えるもの (valid): {valid}", hint)


# -- the tables ------------------------------------------------------------------------------
#: Sectors of ``organisations.csv`` (docs/FORMAT.md), in legend order.
SECTORS = Terms(
    "セクター", "sector",
    Term("government", "行政", "Government", ("行政機関", "自治体")),
    Term("shakyo", "社会福祉協議会", "Council of Social Welfare",
         ("社協", "Council of Social Welfare (shakyo)", "shakyokai")),
    Term("npo", "NPO・市民活動", "NPO", ("NPO法人", "市民活動", "NPO・市民団体")),
    Term("social_welfare_corp", "社会福祉法人", "Social welfare corporation",
         ("Social welfare corp.", "社福")),
    Term("private", "民間企業", "Private company", ("企業", "民間")),
    Term("medical", "医療", "Medical", ("医療機関",)),
    Term("legal", "法律・司法", "Legal", ("司法", "法律")),
    Term("labour", "労働・就労", "Labour / employment", ("労働", "就労", "Labour", "labor")),
    Term("education", "教育", "Education", ()),
    Term("residents", "住民・地域組織", "Residents / community",
         ("住民・地域", "住民", "地域組織", "Residents")),
    Term("cooperative", "協同組合", "Cooperative", ("生協", "農協")),
    Term("other", "その他", "Other", ()),
)

#: Kinds of node of the graph (docs/FORMAT.md "The graph").
NODE_TYPES = Terms(
    "ノードの種類", "node type",
    Term("organisation", "機関・団体", "Organisation", ("organization", "機関", "団体", "組織")),
    Term("program", "事業", "Program", ("programme",)),
    Term("meeting", "会議体", "Meeting", ("会議",)),
    Term("role", "配置人材", "Role", ("専門職・役割", "専門職", "役割")),
    Term("need", "ニーズ", "Need", ()),
)

#: Link types of ``links.csv``; the structure (ends, direction) is :data:`netmap.model.LINK_TYPES`.
LINK_TYPES = Terms(
    "リンク種別", "link type",
    Term("refers_to", "つなぐ（紹介）", "Refers to", ("つなぐ", "紹介", "refers")),
    Term("commissions", "委託", "Commissions", ()),
    Term("operates", "事業を実施", "Operates", ("実施", "運営")),
    Term("covers", "ニーズに対応", "Covers need", ("対応", "covers")),
    Term("attends", "会議に参加", "Attends", ("参加",)),
    Term("convenes", "会議を主催", "Convenes", ("主催", "事務局")),
    Term("partners", "連携", "Partners", ("協力",)),
    Term("shares_info", "情報共有", "Shares information", ("shares info",)),
    Term("placed_at", "配置", "Placed at", ("配置先",)),
)

#: Purpose of a meeting (``meetings.csv``: ``purpose``), agreed codes.
MEETING_PURPOSES = Terms(
    "会議の目的", "meeting purpose",
    Term("case", "支援調整会議・ケース会議", "Case conference",
         ("支援調整会議", "ケース会議", "個別ケース", "case conference")),
    Term("network", "連携会議・協議会", "Network meeting", ("連携会議", "協議会")),
    Term("planning", "庁内会議・計画策定", "Internal meeting / planning",
         ("庁内会議", "計画策定", "planning meeting")),
    Term("training", "研修", "Training", ("研修会",)),
    Term("other", "その他", "Other", ()),
)

#: How sure a fact is (``certainty`` of nodes and links); empty means ``stated``.
CERTAINTY = Terms(
    "確かさ", "certainty",
    Term("stated", "出典に明記", "Stated in source", ("明記", "stated in source")),
    Term("inferred", "推定", "Inferred", ("推測",)),
)

#: The extractor's confidence in a field it read from a report (``confidence``).
CONFIDENCE = Terms(
    "確信度", "confidence",
    Term("high", "高", "High", ("高い",)),
    Term("medium", "中", "Medium", ("中程度", "普通")),
    Term("low", "低", "Low", ("低い",)),
)

#: Category of a program (``programs.csv``: ``category``; 生活困窮者自立支援法 第5–7条).
PROGRAM_CATEGORIES = Terms(
    "事業の区分", "program category",
    Term("mandatory", "必須事業", "Mandatory", ("必須",)),
    Term("optional", "任意事業", "Optional", ("任意",)),
    Term("other", "その他", "Other", ()),
)

#: Marks of the map that belong to no sector or node type (legend and picture).
MARKS = Terms(
    "しるし", "mark",
    Term("hub", "司令塔（自立相談支援機関）", "Hub (independence support centre)"),
    Term("uncovered", "対応機関なし（すき間）", "Uncovered need (gap)"),
    Term("probably_unrecorded", "未登録の可能性（通常は法定機関が対応）",
         "Probably unrecorded (a statutory body usually covers it)"),
    Term("thin", "対応機関が少ない", "Thinly covered need"),
    Term("broker", "つなぎ役（上位）", "Top broker"),
)

#: Measures that can size the map's nodes (``render_map(size_by=...)``).
SIZE_MEASURES = Terms(
    "大きさの指標", "size measure",
    Term("degree", "つながりの数（次数）", "Degree (number of neighbours)"),
    Term("betweenness", "媒介中心性", "Betweenness"),
    Term("brokerage", "仲介（ブローカー）総数", "Brokerage total"),
)

#: Every table by name (the test that each code has both labels walks this).
TABLES: dict[str, Terms] = {
    "sectors": SECTORS, "node_types": NODE_TYPES, "link_types": LINK_TYPES,
    "meeting_purposes": MEETING_PURPOSES, "certainty": CERTAINTY, "confidence": CONFIDENCE,
    "program_categories": PROGRAM_CATEGORIES, "marks": MARKS, "size_measures": SIZE_MEASURES,
}
