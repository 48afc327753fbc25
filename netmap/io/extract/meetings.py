"""Meetings: the 推進会議 table of the form and meeting names in the body."""

from __future__ import annotations

import re
from typing import Any

from netmap.io.extract.cells import paren
from netmap.io.extract.document import Doc, squash, wrap_join
from netmap.io.extract.lexicon import _MEETING_SUFFIXES
from netmap.io.extract.names import explains, scan
from netmap.io.extract.numbers import parse_frequency
from netmap.io.extract.rows import Rows

__all__ = ["meeting_block", "scan_meetings"]

def _participants(text: str) -> list[str]:
    """Participant list of a meeting description (frequency and labels removed)."""
    t = re.sub(r"^.*?参加者[:]?", "", text) if "参加者" in text else text
    t = re.sub(r"[()（）]", "、", t)
    out: list[str] = []
    for p in re.split(r"[、,。]", t):
        p = p.strip(" ・\n")
        p = re.sub(r"(?:等|など)$", "", p)
        if not p or re.search(r"\d+回|随時|開催|程度|毎月|隔月|必要に応じ|年\d|月\d|※|構築|検討", p):
            continue
        if len(p) > 30:
            continue
        out.append(p)
    return out


def meeting_block(doc: Doc, b: Rows, a: int, z: int) -> None:
    """相談支援包括化推進会議の開催方法: description column and name column paired by order."""
    i0, i1 = doc.idx(a), doc.idx(z)
    lines = _whole_markers([(k, squash(doc.lines[k][1])) for k in range(i0, i1)])
    parts: list[tuple[str, list[tuple[int, str]], list[tuple[int, str]]]] = []
    purpose, mode = "", ""
    desc: list[tuple[int, str]] = []
    names: list[tuple[int, str]] = []
    for k, s in lines:
        s = s.replace("※会議の開催回数や参加者等を記載", "")
        for marker, label in (("(個別事例の検討)", "個別事例の検討"),
                              ("(ネットワーク構築)", "ネットワーク構築")):
            if marker in s:
                if purpose:
                    parts.append((purpose, desc, names))
                purpose, mode, desc, names = label, "desc", [], []
                s = s.replace(marker, "")
        if "(既存の会議の名称)" in s:
            before, after = s.split("(既存の会議の名称)", 1)
            if before:
                desc.append((k, before))
            mode = "names"
            s = after
        if "相談支援包括化推進会議の開催方法" in s:
            continue
        if not s or not purpose:
            continue
        (names if mode == "names" else desc).append((k, s))
    if purpose:
        parts.append((purpose, desc, names))
    for purpose, desc, names in parts:
        items = _join_items(names, meeting=True)
        entries = _join_items(desc, meeting=False)
        freq_entries = [e for e in entries if parse_frequency(e[2])[0] is not None
                        or "随時" in e[2]]
        pair = freq_entries if len(freq_entries) >= len(items) else entries
        for n, (k0, k1, name) in enumerate(items):
            kw: dict[str, Any] = {"purpose": purpose}
            if n < len(pair):
                e0, e1, text = pair[n]
                py, pmax = parse_frequency(text)
                kw.update(per_year=py, per_year_max=pmax, frequency=_freq_phrase(text),
                          participants=_participants(text), paired=True)
            b.meeting(name, doc.ev_lines(k0, k1), "table", **kw)


#: The form's labels inside the 推進会議 table (squashed, NFKC).
_MARKERS = ("(個別事例の検討)", "(ネットワーク構築)", "(既存の会議の名称)",
            "※会議の開催回数や参加者等を記載", "相談支援包括化推進会議の開催方法")


def _whole_markers(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines with each form label the PDF broke over two lines made whole on the first.

    「（既存の会議 / の名称）」: the label's tail moves up to its head, so that the table
    reader finds every label on one line whatever the width of the column.

    >>> _whole_markers([(1, "(既存の会議"), (2, "の名称)支援会議")])
    [(1, '(既存の会議の名称)'), (2, '支援会議')]
    """
    out = list(lines)
    for n in range(len(out) - 1):
        (k1, s1), (k2, s2) = out[n], out[n + 1]
        for marker in _MARKERS:
            if marker in s1 or marker in s2:
                continue
            for cut in range(1, len(marker)):
                if s1.endswith(marker[:cut]) and s2.startswith(marker[cut:]):
                    s1, s2 = s1 + marker[cut:], s2[len(marker) - cut:]
                    break
        out[n], out[n + 1] = (k1, s1), (k2, s2)
    return out


def _freq_phrase(text: str) -> str | None:
    """The frequency words of a description (for the ``note`` column)."""
    m = re.search(r"((?:年|月|週|毎月|隔月|\d+(?:か|ヶ|カ|ケ)?月に)[^、()]*?回[^、()]*|随時[^、()]*"
                  r"|隔月|毎月)", text)
    return m.group(1) if m else None


def _join_items(rows: list[tuple[int, str]], meeting: bool) -> list[tuple[int, int, str]]:
    """Join wrapped lines of a flattened table column into items ``(first, last, text)``."""
    items: list[list[Any]] = []
    for k, s in rows:
        if items:
            prev = items[-1][2]
            unbalanced = prev.count("(") > prev.count(")")
            if meeting:
                ends = prev.endswith(")") or prev.endswith(_MEETING_SUFFIXES) or \
                    re.search(r"(?:会|体|部会)$", prev)
                cont = unbalanced or s.startswith("(") or not ends
            else:
                cont = unbalanced or (len(prev) >= 24 and not prev.endswith(("。", ")")))
            if cont:
                items[-1][1] = k
                items[-1][2] += s
                continue
        items.append([k, k, s])
    out: list[tuple[int, int, str]] = []
    for k0, k1, s in items:
        if meeting:
            depth, cur, pieces = 0, "", []
            for c in s:
                depth += c == "("
                depth -= c == ")"
                if c in "、," and depth == 0:
                    pieces.append(cur)
                    cur = ""
                else:
                    cur += c
            pieces.append(cur)
            for p in pieces:
                p = p.strip("・ ")
                if p and not re.fullmatch(r"[\d\W]*|なし|特になし|未定|-", p):
                    out.append((k0, k1, p))
        else:
            out.append((k0, k1, s))
    return out


#: What follows a meeting that is a standing body: set up (設置, 立ち上げ, 設立, 発足) or with
#: members (構成員, 委員, メンバー). 「「山形市福祉施設等連絡会」において…を設置」, 「二中地区ふれあい
#: 会議では，自治会，…がメンバー」 (seed lines 4543, 5395): such a council is an organisation too.
_STANDING = re.compile(r"[」)]?(?:を|が|は)?(?:新たに)?(?:設置|立ち上げ|立ち上が|設立|発足|の構成員|の委員(?!会)|の事務局)")


def scan_meetings(doc: Doc, b: Rows, i0: int, i1: int, skip: set[int]) -> None:
    """Meeting names anywhere in the body, with a frequency from the bracket that follows.

    The form's heading 「相談支援包括化推進会議の開催方法」 is not a meeting (issue 16,
    pattern 5); lines in ``skip`` are not read.
    """
    text, where = wrap_join(doc, i0, i1)
    for s, e, name in scan(text, _MEETING_SUFFIXES, phrase=True):
        if where[s] in skip or text[e:e + 6].startswith(("の開催方法", "の開催")) and \
                "開催方法" in text[e:e + 8]:
            continue
        if re.match(r"^(?:この|その|上記|次回|前回|今回)", name):
            continue
        rest = text[e:e + 80].replace("\n", "")
        kw: dict[str, Any] = {}
        if rest.startswith("("):
            inside, _ = paren(rest, 0)
            py, pmax = parse_frequency(inside)
            # a bracket of one item and no sittings explains the name, it lists no one:
            # 「かたつむりの会（認知症サポーターの会）」 (seed line 1528); as in names._explains,
            # a body of the lexicon, a 法人格 or an office in it is a participant (「…会議（社協）」)
            listed = py is not None or "参加" in inside or re.search("[、,]", inside) or \
                not explains(inside)
            kw = {"per_year": py, "per_year_max": pmax, "frequency": _freq_phrase(inside),
                  "participants": _participants(inside) if listed else []}
        else:
            m = re.match(r"^(?:を|は|:)?([^。、]{0,12}?(?:年|月|週|隔月|毎月)[^。、]{0,8}?回?)", rest)
            if m and parse_frequency(m.group(1))[0] is not None:
                py, pmax = parse_frequency(m.group(1))
                kw = {"per_year": py, "per_year_max": pmax, "frequency": m.group(1)}
        ev = doc.ev_lines(where[s], where[max(s, e - 1)])
        key = b.meeting(name, ev, "prose", **kw)
        if key and _STANDING.match(text, e):
            b.add_org(b.meetings[key]["name"], ev, "medium", "協議体", "prose/standing")

