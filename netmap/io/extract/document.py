"""The report as a document: lines, the reports in a file, and the PDF's line wraps.

The standard report sheets of 地域力強化推進事業 / 多機関の協働による包括的支援体制構築事業
(H30) reach us as text flattened from PDF (seed ``004_reports_visible.txt``): full-width digits,
letter-spaced labels (``２ ４ ． ９``), ``k ㎡``, words broken over two lines. This module
normalises lines, splits a file into reports and joins wrapped lines; it knows no names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Doc", "HEAD_BASIC", "normalise", "read_lines", "split_reports", "squash",
           "wrap_join"]

HEAD_BASIC = "自治体の基本情報等"

def normalise(text: str) -> str:
    """NFKC-normalise one line and undo the PDF's letter spacing inside numbers.

    Parameters
    ----------
    text : str
        A raw line of the flattened report.

    Returns
    -------
    str
        The line with full-width digits/commas made ASCII (NFKC), ``k m2`` and ``㎢`` written
        ``km2``, and spaces between digits, separators and percent signs removed
        (``２ ４ ． ９ （ ％ ）`` → ``24.9(%)``, seed ``004_reports_visible.txt:7449``).

    Examples
    --------
    >>> normalise("高齢化率 ２ ４ ． ９ （ ％ ）")
    '高齢化率 24.9(%)'
    >>> normalise("面積 ２３１．６（k ㎡）")
    '面積 231.6(km2)'
    """
    s = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    s = s.replace("k m2", "km2").replace("k m 2", "km2")
    s = re.sub(r"(?<=[\d.,])\s+(?=[\d.,%‰)(])", "", s)
    s = re.sub(r"(?<=[(])\s+(?=[%‰])", "", s)
    s = re.sub(r"(?<=[%‰])\s+(?=\))", "", s)
    return s.rstrip()


def squash(text: str) -> str:
    """Remove every whitespace character (labels are letter-spaced or wrapped mid-word).

    >>> squash("本 事 業 を 通 じて")
    '本事業を通じて'
    """
    return re.sub(r"\s+", "", text)



@dataclass
class Doc:
    """One report: its non-blank lines (normalised) and a squashed text mapped to lines."""

    file: str
    lines: list[tuple[int, str]]
    sq: str = ""
    sq_line: list[int] = field(default_factory=list)
    joined: dict[tuple[int, int], tuple[str, list[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parts: list[str] = []
        for i, (_, text) in enumerate(self.lines):
            s = squash(text)
            parts.append(s)
            self.sq_line.extend([i] * len(s))
        self.sq = "".join(parts)

    def line_no(self, pos: int) -> int:
        """Seed line number of squashed position ``pos``."""
        if not self.sq_line:
            return self.lines[0][0] if self.lines else 0
        pos = max(0, min(pos, len(self.sq_line) - 1))
        return self.lines[self.sq_line[pos]][0]

    def idx(self, pos: int) -> int:
        """Index into ``lines`` of squashed position ``pos``."""
        pos = max(0, min(pos, len(self.sq_line) - 1))
        return self.sq_line[pos]

    def ev(self, a: int, b: int | None = None) -> str:
        """Evidence string for squashed positions ``a``..``b``."""
        la = self.line_no(a)
        lb = self.line_no(b if b is not None else a)
        return f"{self.file}:{la}-{max(la, lb)}"

    def ev_lines(self, i: int, j: int) -> str:
        """Evidence string for line indices ``i``..``j``."""
        a, b = self.lines[i][0], self.lines[max(i, j)][0]
        return f"{self.file}:{a}-{b}"

    def find(self, label: str, start: int = 0, end: int | None = None) -> int:
        """Position of ``label`` (squashed) in ``sq[start:end]``, or -1."""
        return self.sq.find(squash(label), start, len(self.sq) if end is None else end)


def read_lines(path: Path) -> list[tuple[int, str]]:
    """Non-blank normalised lines with their 1-based line numbers."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - decode of latin-1 never fails
        text = raw.decode("latin-1")
    out: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        norm = normalise(re.sub("[\u2460-\u2473]", lambda m: f"#{ord(m.group(0)) - 0x245F} ",
                                line))
        norm = re.sub(r"※記入例.*$", "", norm)
        if norm.strip():
            out.append((n, norm))
    return out


def split_reports(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Index ranges ``[a, b)`` of the reports in a file.

    A report starts at its title line (``北海道 京極町``) followed by ``都道府県名 …``; when the
    header block is missing (the first report of the seed) it starts at the
    ``１．自治体の基本情報等`` heading, or at the top of the file.
    """
    heads = [i for i, (_, t) in enumerate(lines) if HEAD_BASIC in squash(t)]
    starts: list[int] = []
    prev = 0
    for h in heads:
        start = h
        for j in range(h - 1, max(prev, h - 15) - 1, -1):
            if squash(lines[j][1]).startswith("都道府県名"):
                start = j
                if j - 1 >= prev and len(squash(lines[j - 1][1])) <= 30 and re.search(
                        r"(?:都|道|府|県|市|区|町|村|郡)$", squash(lines[j - 1][1])):
                    start = j - 1
                break
        if not starts:
            start = 0
        starts.append(start)
        prev = h + 1
    return [(a, starts[k + 1] if k + 1 < len(starts) else len(lines))
            for k, a in enumerate(starts)]


_TEMPLATE_PHRASES = ("※会議の開催回数や参加者等を記載", "(既存の会議の名称)")
#: Line starts that open a new item. The form's item letters ア-オ count only when a space or
#: a bracket follows (「エ 新たな社会資源…」): 「サンタの会（ケ / アマネジャーの会）」 is a wrap.
_BULLETS = tuple("・○〇●◎◆■□※-#(【<＜")


#: Endings of a body's name; a line ending in one is taken as complete (not wrapped).
_NAME_ENDS = ("センター", "事業所", "協議会", "会議", "保健所", "相談所", "事務所", "委員会",
              "病院", "社協", "公社", "課", "係", "部会", "連絡会", "検討会", "懇談会", "勉強会",
              "交換会", "全体会", "分科会", "定例会", "座談会", "交流会")


#: Verbal nouns that close a sentence written without 。 (体言止め: 「…で周知」, 「…を開催」);
#: none of them ends or starts a body's name, so a line ending in one does not run on.
_CLOSING_NOUNS = ("周知", "実施", "開催", "配布", "配付", "予定", "作成", "活用", "確保", "完了",
                  "終了", "実施中", "開始", "継続")

#: A gap between two columns of a table row (the PDF kept it as a run of spaces).
_COLUMN_GAP = re.compile(r"\S {4,}\S")


def _continues(lines: list[str], k: int) -> bool:
    """Whether line ``k`` runs on into line ``k + 1`` (the PDF wrapped it).

    A line runs on when it ends with 、 or leaves a bracket open, or when it is nearly as wide
    as the widest of its neighbours (±3 lines: a table column is narrower than the page) and
    does not end a sentence or a bracket. Never when the next line starts with a bullet or a
    label, nor after a short cell that ends like a name (a list of meeting names, one a line),
    nor after a table row whose columns the PDF kept apart by a run of spaces.
    """
    sq, nxt = lines[k].replace(" ", ""), lines[k + 1].strip()
    if not sq or nxt.startswith(_BULLETS) or re.match(r"^\d+[.．)]|^[①-⑳]|^[ア-オ](?:[\s.．)]|$)", nxt):
        return False
    if sq.endswith(("、", ",")) or sq.count("(") > sq.count(")"):
        return True
    if sq.endswith(_CLOSING_NOUNS) and not sq.endswith(_NAME_ENDS):
        return False  # 「…地域ケア会議で周知 / 福祉総合相談センターについては…」 (seed line 8263)
    if _COLUMN_GAP.search(lines[k]):
        return False  # a row of a flattened table (「地域福祉座談会(大字単位)    参加者延べ…」)
    if sq.endswith(("。", ")", "」", ":", "】")) or sq.endswith(_NAME_ENDS) and len(sq) <= 40:
        return False  # a sentence, or a cell/list item ending in a name (…保健所 / ゆうあい…)
    widths = [len(t.replace(" ", "")) for t in lines[max(0, k - 3):k + 4]]
    local = max(widths)
    if len(sq) >= 0.75 * local and len(sq) >= 12:
        return True
    # a narrow column (a table cell ~10 characters wide): two more lines near it run to the
    # same width and none of its column is wider (a line 1.5 times as wide is another block:
    # a heading), 「地区福祉ネットワーク / 会議の開催と町内福 / 祉連絡会での…」
    # (datasets/sources/003_48bd7124126cd07a.txt:3085-3089)
    column = [w for w in widths if w < 1.5 * len(sq)]
    return len(sq) >= 6 and len(sq) >= max(column) - 1 and \
        sum(abs(w - len(sq)) <= 1 for w in column) >= 3


def wrap_join(doc: Doc, i: int, j: int) -> tuple[str, list[int]]:
    """Lines ``i..j-1`` joined where the PDF wrapped a line, ``\n`` elsewhere.

    See :func:`_continues` for when a line runs on; this is what keeps 「専門機関」,
    「社会福祉協議会」 or 「及び」 whole when the PDF broke them over two lines (issue 16,
    pattern 4). Runs of spaces become one space (a delimiter for name scanning). Returns the
    text and, per character, the index of its line.
    """
    cached = doc.joined.get((i, j))
    if cached is not None:
        return cached
    raw = [doc.lines[k][1].strip() for k in range(i, j)]
    texts = [re.sub(r"\s+", " ", t) for t in raw]
    parts: list[str] = []
    where: list[int] = []
    for n, k in enumerate(range(i, j)):
        s = texts[n]
        template = False
        for phrase in _TEMPLATE_PHRASES:
            if phrase in squash(s):
                template = True
                s = s.replace(phrase, " ")
        parts.append(s)
        where.extend([k] * len(s))
        if k + 1 < j and (template or not _continues(raw, n)):
            parts.append("\n")
            where.append(k)
    doc.joined[(i, j)] = ("".join(parts), where)
    return doc.joined[(i, j)]
