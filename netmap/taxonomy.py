"""The shared need taxonomy (住まい, 債務, 就労, …) and how a typed need is resolved.

The taxonomy is data, in ``datasets/needs.csv``: code, Japanese and English labels, parent and
synonyms. Anywhere a need is asked for, a user may type the code (``housing``), the Japanese
label (``住まい``), a synonym (``住まい不安定``, ``借金``) or the wording of an assessment table
(``家計管理の問題``, ``障害(疑い)``, seed 002 lines 209-213).

A caseworker's phrase often names several needs at once (``住まいと借金``,
``うつで仕事がない``): :meth:`Taxonomy.read` segments it by longest match over every spelling
and says which words it read as which need. A parent need (``経済的困窮``) stands for itself and
its children (``債務``, ``家計管理``, ``食料``): :meth:`Taxonomy.family`.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from netmap.errors import NeedError
from netmap.resources import needs_csv

__all__ = ["Need", "Taxonomy", "Reading", "ReadWord", "UnreadWord", "load_taxonomy",
           "normalise_text"]


def normalise_text(text: str) -> str:
    """NFKC, lower case, no spaces: the form in which names and needs are compared.

    >>> normalise_text(" 障害（疑い） ")
    '障害(疑い)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Need:
    """One need category; ``sources`` cites seed lines for synonyms (``word@file:line``)."""

    code: str
    label_ja: str
    label_en: str
    parent: str | None = None
    synonyms_ja: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    evidence: str = ""
    sources: tuple[str, ...] = ()

    def label(self, lang: str = "ja") -> str:
        return self.label_en if lang == "en" else self.label_ja


class ReadWord(TypedDict):
    """A stretch of a phrase read as one or more needs (``8050`` → ひきこもり + 高齢者介護)."""

    text: str
    needs: list[str]


class UnreadWord(TypedDict):
    """A stretch that matched no spelling; ``suggestion`` shares ≥ 2 characters with it."""

    text: str
    suggestion: str | None


class Reading(TypedDict):
    """How a phrase was read: the needs, in order of appearance, and the words behind them."""

    phrase: str
    needs: list[str]
    read: list[ReadWord]
    unread: list[UnreadWord]


_SUFFIXES = re.compile(r"(の問題|の課題|問題|課題|の悩み|支援|\(.*?\))$")

#: Joiners and filler between needs in a phrase: 「住まいと借金」「うつで仕事がない」「A・B、C」.
#: A stretch made only of these is not reported as unread.
_FILLER = re.compile(
    r"^(?:[・、,，/／+＋&;；。!?！？()（）「」\-ー~〜]|and|or|と|や|で|が|の|も|に|を|は|か|"
    r"及び|および|ない|なし|ありません|できない|困っている|困ってる|困る|こと|について|"
    r"相談|したい|たい|がある|ある|いる|です|ます|状態|全般|など|等|問題|課題|悩み)+$")


_PARTICLE = r"(?:[・、,，/／+＋&;；。]|と|や|で|が|の|も|に|を|は)"
_EDGE = re.compile(rf"^{_PARTICLE}+|{_PARTICLE}+$")
#: A shared stretch that is only kana (「がない」) says nothing about meaning.
_KANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")


@dataclass
class Taxonomy:
    """The needs by code, with a lookup from every spelling a user may type.

    A spelling listed under several needs (``8050``: ひきこもり and 高齢者介護, seed 002 line
    969) reads as all of them in :meth:`read`; :meth:`get` gives the first.
    """

    needs: dict[str, Need]
    _lookup: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _longest: int = field(default=1, repr=False)

    def __post_init__(self) -> None:
        for need in self.needs.values():
            for spelling in (need.code, need.label_ja, need.label_en, *need.synonyms_ja,
                             *need.synonyms_en):
                key = normalise_text(spelling)
                if key and need.code not in self._lookup.get(key, ()):
                    self._lookup[key] = (*self._lookup.get(key, ()), need.code)
        self._longest = max(map(len, self._lookup), default=1)

    def __contains__(self, code: object) -> bool:
        return code in self.needs

    def __iter__(self) -> Iterator[Need]:
        return iter(self.needs.values())

    def __len__(self) -> int:
        return len(self.needs)

    def label_of(self, code: str, lang: str = "ja") -> str:
        """The label of need ``code`` in ``lang``, or the code itself when the taxonomy does
        not know it (a dataset may carry needs of its own)."""
        return self.needs[code].label(lang) if code in self.needs else code

    def spellings(self, code: str) -> list[str]:
        """Every normalised spelling that reads as ``code``."""
        return [k for k, codes in self._lookup.items() if code in codes]

    def get(self, text: str) -> str | None:
        """The code for ``text``, or None when nothing matches.

        Tried in order: exact code, label or synonym (after :func:`normalise_text`); the same
        with a trailing 「の問題」「課題」「支援」 or a parenthesis removed; then the longest
        label or synonym contained in ``text``.

        >>> t = load_taxonomy()
        >>> [t.get(x) for x in ["housing", "住まい", "住まい不安定", "借金", "家計管理の問題"]]
        ['housing', 'housing', 'housing', 'debt', 'household_budget']
        >>> t.get("宇宙旅行") is None
        True
        """
        key = normalise_text(text)
        if not key:
            return None
        if key in self._lookup:
            return self._lookup[key][0]
        stripped = _SUFFIXES.sub("", key)
        if stripped in self._lookup:
            return self._lookup[stripped][0]
        contained = [s for s in self._lookup if len(s) >= 2 and s in key]
        if contained:
            return self._lookup[max(contained, key=len)][0]
        return None

    def read(self, phrase: str) -> Reading:
        """Read every need in ``phrase`` by longest match over all spellings.

        From left to right, the longest spelling starting at each position is taken
        (``住宅ローン`` is 債務 although ``住宅`` alone is 住まい); what lies between matches is
        dropped when it is only joiners or filler (と, ・, で, がない …) and reported as
        ``unread``, with a suggestion, otherwise. A tokenizer is not needed: the spellings
        are the vocabulary, and a compound a tokenizer would split (住宅ローン) must stay whole.

        >>> r = load_taxonomy().read("住まいと借金")
        >>> r["needs"], [(w["text"], w["needs"]) for w in r["read"]]
        (['housing', 'debt'], [('住まい', ['housing']), ('借金', ['debt'])])
        >>> load_taxonomy().read("うつで仕事がない")["needs"]
        ['mental_health', 'employment']
        >>> load_taxonomy().read("8050")["needs"]
        ['hikikomori', 'elder_care']
        """
        key = normalise_text(phrase)
        read: list[ReadWord] = []
        unread: list[UnreadWord] = []
        needs: list[str] = []
        rest_from, i = 0, 0
        while i < len(key):
            hit = next((key[i:j] for j in range(min(len(key), i + self._longest), i, -1)
                        if key[i:j] in self._lookup), None)
            if hit is None:
                i += 1
                continue
            self._unread(key[rest_from:i], unread)
            codes = list(self._lookup[hit])
            read.append({"text": hit, "needs": codes})
            needs.extend(c for c in codes if c not in needs)
            i += len(hit)
            rest_from = i
        self._unread(key[rest_from:], unread)
        return {"phrase": phrase, "needs": needs, "read": read, "unread": unread}

    def _unread(self, text: str, out: list[UnreadWord]) -> None:
        word = _EDGE.sub("", text)
        if word and not _FILLER.match(word):
            out.append({"text": word, "suggestion": self.suggest(word)})

    def suggest(self, text: str) -> str | None:
        """A need of the same family as ``text``, for a "did you mean" hint, or None.

        Only spellings sharing at least two consecutive characters, not all kana, with
        ``text`` count (``住まう`` shares 「住ま」 with 住まい; 「ない」 counts for nothing), so a suggestion is never a random need: of
        those, the one sharing the longest stretch, then the closest overall. When the best
        stretches belong to needs of different families, the suggestion is None.

        >>> t = load_taxonomy()
        >>> t.suggest("住まう"), t.suggest("生活が大変"), t.suggest("宇宙旅行")
        ('housing', 'economic_hardship', None)
        """
        key = normalise_text(text)
        scored: list[tuple[int, float, str]] = []
        for spelling, codes in self._lookup.items():
            sm = difflib.SequenceMatcher(None, key, spelling, autojunk=False)
            m = sm.find_longest_match(0, len(key), 0, len(spelling))
            common = m.size
            if common >= 2 and not _KANA_ONLY.match(key[m.a:m.a + common]):
                scored.extend((common, sm.ratio(), c) for c in codes)
        if not scored:
            return None
        best = max(s[0] for s in scored)
        top = sorted((s for s in scored if s[0] == best), key=lambda s: -s[1])
        if len({self.root(c) for _, _, c in top}) > 1 and top[0][1] == top[-1][1]:
            return None
        return top[0][2]

    def resolve(self, text: str) -> str:
        """The code for ``text``; :class:`NeedError` with a suggestion when unknown."""
        code = self.get(text)
        if code is None:
            raise NeedError(self.unknown_message(text))
        return code

    def unknown_message(self, text: str) -> str:
        """「不明なニーズ」 with a same-family hint when there is one."""
        hint = self.suggest(text)
        extra = (f" もしかして (did you mean) '{self.needs[hint].label_ja}' ({hint})?"
                 if hint else "")
        return f"不明なニーズ (unknown need) '{text}'.{extra}"

    def ancestors(self, code: str) -> list[str]:
        """Parents of ``code``, nearest first (``debt`` → ``['economic_hardship']``)."""
        out: list[str] = []
        parent = self.needs[code].parent
        while parent and parent not in out:
            out.append(parent)
            parent = self.needs[parent].parent if parent in self.needs else None
        return out

    def root(self, code: str) -> str:
        """The top of ``code``'s family (``suicide_prevention`` → ``illness``)."""
        up = self.ancestors(code)
        return up[-1] if up else code

    def family(self, code: str) -> list[str]:
        """``code`` and every need below it, in taxonomy order: what a provider of the parent
        need may be, since 債務 or 食料 support is economic-hardship support.

        >>> load_taxonomy().family("economic_hardship")
        ['economic_hardship', 'household_budget', 'debt', 'food']
        """
        return [n for n in self.needs if n == code or code in self.ancestors(n)]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in cell.split(";") if s.strip())


@functools.cache
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read the taxonomy CSV (default: ``datasets/needs.csv``)."""
    path = path or needs_csv()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    needs = {
        r["code"]: Need(
            code=r["code"],
            label_ja=r["label_ja"],
            label_en=r["label_en"],
            parent=r.get("parent") or None,
            synonyms_ja=_split(r.get("synonyms_ja", "")),
            synonyms_en=_split(r.get("synonyms_en", "")),
            evidence=r.get("evidence", ""),
            sources=_split(r.get("sources") or ""),
        )
        for r in rows
    }
    return Taxonomy(needs)
