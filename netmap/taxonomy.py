"""The shared need taxonomy (住まい, 債務, 就労, …) and how a typed need is resolved.

The taxonomy is data, in ``datasets/needs.csv``: code, Japanese and English labels, parent and
synonyms. Anywhere a need is asked for, a user may type the code (``housing``), the Japanese
label (``住まい``), a synonym (``住まい不安定``, ``借金``) or the wording of an assessment table
(``家計管理の問題``, ``障害(疑い)``, seed 002 lines 209-213).
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

from netmap.errors import NeedError
from netmap.resources import needs_csv

__all__ = ["Need", "Taxonomy", "load_taxonomy", "normalise_text"]


def normalise_text(text: str) -> str:
    """NFKC, lower case, no spaces: the form in which names and needs are compared.

    >>> normalise_text(" 障害（疑い） ")
    '障害(疑い)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Need:
    """One need category."""

    code: str
    label_ja: str
    label_en: str
    parent: str | None = None
    synonyms_ja: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    evidence: str = ""

    def label(self, lang: str = "ja") -> str:
        return self.label_en if lang == "en" else self.label_ja


_SUFFIXES = re.compile(r"(の問題|の課題|問題|課題|の悩み|支援|\(.*?\))$")


@dataclass
class Taxonomy:
    """The needs by code, with a lookup from every spelling a user may type."""

    needs: dict[str, Need]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for need in self.needs.values():
            for spelling in (need.code, need.label_ja, need.label_en, *need.synonyms_ja,
                             *need.synonyms_en):
                if spelling:
                    self._lookup.setdefault(normalise_text(spelling), need.code)

    def __contains__(self, code: object) -> bool:
        return code in self.needs

    def __iter__(self) -> Iterator[Need]:
        return iter(self.needs.values())

    def __len__(self) -> int:
        return len(self.needs)

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
            return self._lookup[key]
        stripped = _SUFFIXES.sub("", key)
        if stripped in self._lookup:
            return self._lookup[stripped]
        contained = [s for s in self._lookup if len(s) >= 2 and s in key]
        if contained:
            return self._lookup[max(contained, key=len)]
        return None

    def suggest(self, text: str) -> str | None:
        """The closest known spelling's code, for a "did you mean" hint."""
        close = difflib.get_close_matches(normalise_text(text), list(self._lookup), n=1,
                                          cutoff=0.5)
        return self._lookup[close[0]] if close else None

    def resolve(self, text: str) -> str:
        """The code for ``text``; :class:`NeedError` with a suggestion when unknown."""
        code = self.get(text)
        if code is None:
            hint = self.suggest(text)
            extra = f" もしかして (did you mean) '{hint}'?" if hint else ""
            raise NeedError(f"不明なニーズ (unknown need) '{text}'.{extra}")
        return code

    def ancestors(self, code: str) -> list[str]:
        """Parents of ``code``, nearest first (``debt`` → ``['economic_hardship']``)."""
        out: list[str] = []
        parent = self.needs[code].parent
        while parent and parent not in out:
            out.append(parent)
            parent = self.needs[parent].parent if parent in self.needs else None
        return out


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
        )
        for r in rows
    }
    return Taxonomy(needs)
