"""Numbers in a report: counts, rates, sittings a year, ticks and dashes.

Pure functions on strings so each quirk of the flattened PDF can be pinned by a small test.
"""

from __future__ import annotations

import re
import unicodedata

from netmap.io.extract.document import squash

__all__ = ["is_dash", "is_tick", "parse_frequency", "parse_number"]

_TICKS = "○〇◯"
_DASHES = "-‐‑‒–—―−ー－"

_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def parse_number(text: str) -> float | int | None:
    """Return the first number in ``text`` (commas dropped), int when it has no decimals.

    >>> parse_number("1,966,735(人)")
    1966735
    >>> parse_number("14.4(‰)")
    14.4
    >>> parse_number("未集計") is None
    True
    """
    m = _NUM.search(text)
    if not m:
        return None
    raw = m.group(0).replace(",", "")
    if "." in raw:
        return float(raw)
    return int(raw)


def _n(word: str) -> float:
    """A small count written in digits or kanji (``2``, ``二``)."""
    kanji = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "半": 0.5}
    if word.isdigit():
        return float(word)
    return float(kanji.get(word, 0))


_D = r"(\d+|[一二三四五六七八九十])"
_RANGE = r"\s*[~〜～\-・]\s*"


def parse_frequency(text: str | None) -> tuple[int | None, int | None]:
    """Sittings a year from the report's wording: ``(per_year, per_year_max)``.

    Parameters
    ----------
    text : str or None
        A phrase such as ``月1回``, ``隔月``, ``2か月に1回``, ``年1~2回``, ``随時``.

    Returns
    -------
    tuple of (int or None, int or None)
        ``per_year`` (FORMAT.md meetings.csv: 月1回 → 12, 隔月 → 6, 週1回 → 52) and
        ``per_year_max`` for a range (年1～2回 → (1, 2)); ``(None, None)`` when the text
        gives no rate (``随時`` alone, or nothing).

    Notes
    -----
    A rate wins over ``随時``: ``月1回及び随時開催`` is 12 a year (seed line 1219).

    Examples
    --------
    >>> parse_frequency("月1回")
    (12, None)
    >>> parse_frequency("隔月")
    (6, None)
    >>> parse_frequency("年1~2回")
    (1, 2)
    >>> parse_frequency("2 か月に 1 回")
    (6, None)
    >>> parse_frequency("随時")
    (None, None)
    """
    if not text:
        return None, None
    s = squash(unicodedata.normalize("NFKC", text))
    patterns: list[tuple[str, float, bool]] = [
        (rf"年{_D}{_RANGE}{_D}回", 1, True),
        (rf"月{_D}{_RANGE}{_D}回", 12, True),
        (rf"週{_D}{_RANGE}{_D}回", 52, True),
    ]
    for pat, mult, _ in patterns:
        m = re.search(pat, s)
        if m:
            lo, hi = _n(m.group(1)), _n(m.group(2))
            return int(round(lo * mult)), int(round(hi * mult))
    m = re.search(rf"{_D}(?:か|ヶ|ケ|カ|ヵ|箇)?月(?:に|毎に|ごとに|おきに)?{_D}回", s)
    if m:
        months, times = _n(m.group(1)), _n(m.group(2))
        if months:
            return int(round(12 / months * times)), None
    m = re.search(rf"{_D}(?:か|ヶ|ケ|カ|ヵ|箇)?年(?:に|毎に|ごとに)?{_D}回", s)
    if m and _n(m.group(1)):
        return int(round(_n(m.group(2)) / _n(m.group(1)))) or None, None
    simple: list[tuple[str, float]] = [
        (rf"年(?:間)?{_D}回", 1),
        (rf"(?:毎月|月)(?:に)?{_D}回", 12),
        (rf"(?:毎週|週)(?:に)?{_D}回", 52),
        (rf"{_D}回/年", 1),
        (rf"{_D}回/月", 12),
    ]
    for pat, mult in simple:
        m = re.search(pat, s)
        if m:
            return int(round(_n(m.group(1)) * mult)), None
    words: list[tuple[str, int]] = [
        ("隔週", 26), ("毎週", 52), ("隔月", 6), ("毎月", 12), ("月例", 12), ("定例月", 12),
        ("四半期", 4), ("半年", 2), ("毎年", 1),
    ]
    for word, per_year in words:
        if word in s:
            return per_year, None
    return None, None


def is_tick(ch: str) -> bool:
    """True for the tick marks used in 実施事業 (○, 〇, ◯)."""
    return ch in _TICKS


def is_dash(text: str) -> bool:
    """True when a cell holds only a dash (「－」 means 'not applicable')."""
    t = squash(text)
    return bool(t) and all(c in _DASHES for c in t)
