"""Recognising a body's name in running text: suffix scanning and the comparison key."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from netmap.io.extract.document import squash
from netmap.io.extract.lexicon import _HIRA_IN_NAMES, _WORD_SUFFIXES, ORG_PREFIXES, lookup

__all__ = ["canonical", "match_key", "scan"]

def _mask(text: str) -> str:
    """Replace hiragana that belong to names by a kanji placeholder (same length)."""
    out = text
    for w in _HIRA_IN_NAMES:
        out = out.replace(w, "".join("漢" if "ぁ" <= c <= "ゖ" else c for c in w))
    return out


def _is_name_char(c: str) -> bool:
    return bool(re.match(r"[\u4e00-\u9fff々〆ヶァ-ヺーA-Za-z0-9・]", c))


def _extend_left(masked: str, end_of_stem: int) -> int:
    """Start of the name whose stem ends just before ``end_of_stem``."""
    i = end_of_stem
    while i > 0 and _is_name_char(masked[i - 1]):
        i -= 1
    # a hiragana run at a delimited start belongs to the name (とかち生活あんしんセンター)
    j = i
    while j > 0 and "ぁ" <= masked[j - 1] <= "ゖ":
        j -= 1
    if j < i and (j == 0 or masked[j - 1] in "\n、,。()「」『』:・ /") and i - j <= 6:
        i = j
    while i < end_of_stem and masked[i] in "・ー0123456789":
        i += 1
    return i


def scan(text: str, suffixes: Iterable[str]) -> list[tuple[int, int, str]]:
    """All ``(start, end, name)`` of names ending in one of ``suffixes`` in ``text``."""
    suffixes = tuple(suffixes)
    masked = _mask(text)
    pat = re.compile("|".join(re.escape(s) for s in sorted(set(suffixes), key=len, reverse=True)))
    out: list[tuple[int, int, str]] = []
    for m in pat.finditer(text):
        if m.group(0) in _WORD_SUFFIXES and m.end() < len(text) and \
                re.match(r"[\u4e00-\u9fff]", text[m.end()]):
            continue  # 課題, 推進会議: the suffix is the start of a longer word
        start = _extend_left(masked, m.start())
        name = text[start:m.end()]
        name = re.sub(r"^(?:及び|および|並びに|又は|または|や|と|の|等|各種|など)", "", name)
        name = re.sub(r"^(?:平成|令和)?\d+年度", "", name)
        pieces = name.split("・")
        if len(pieces) > 1 and len(pieces[-1]) >= 2 and \
                pieces[-2].endswith(tuple(suffixes)):
            start += len(name) - len(pieces[-1])
            name = pieces[-1]
        if len(name) < 2:
            continue
        out.append((start, m.end(), name))
    return out


def match_key(name: str, strip: tuple[str, ...] = ()) -> str:
    """The comparison key of a name used by the evaluation (and for de-duplication).

    NFKC, all whitespace removed, leading 法人格 (:data:`ORG_PREFIXES`) removed, a trailing
    parenthesised part removed, and any leading word in ``strip`` (the report's own
    prefecture or municipality name) removed.

    >>> match_key("社会福祉法人 京極町社会福祉協議会", ("京極町",))
    '社会福祉協議会'
    >>> match_key("札幌市地域見守りネットワーク推進会議（市圏域）")
    '札幌市地域見守りネットワーク推進会議'
    """
    s = squash(unicodedata.normalize("NFKC", name or ""))
    for _ in range(2):
        for p in ORG_PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
        for p in sorted(strip, key=len, reverse=True):
            p = squash(unicodedata.normalize("NFKC", p or ""))
            if p and s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
    s = re.sub(r"\([^()]*\)$", "", s) or s
    s = re.sub(r"「[^」]*」$", "", s) or s
    return s




def canonical(name: str, strip: tuple[str, ...] = ()) -> str:
    """:func:`match_key` with aliases merged: the key under which two rows are one body.

    A trailing 等/など is dropped, 障がい is read as 障害, and a lexicon alias (社協, 包括, HW,
    法テラス, 民生児童委員 …, see ``lexicon.csv``) becomes its canonical name.

    >>> canonical("京極町社協", ("京極町",))
    '社会福祉協議会'
    >>> canonical("民生・児童委員")
    '民生委員・児童委員'
    >>> canonical("障がい者相談支援事業所等")
    '障害者相談支援事業所'
    """
    k = match_key(name, strip)
    k = re.sub(r"(?:等|など)$", "", k) or k
    k = k.replace("障がい", "障害")
    entry = lookup(k)
    return match_key(entry.name) if entry else k
