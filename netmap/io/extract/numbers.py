"""Numbers in a report: counts, rates, sittings a year, ticks and dashes.

Pure functions on strings so each quirk of the flattened PDF can be pinned by a small test.
"""

from __future__ import annotations

import re
import unicodedata

from netmap.io.extract.document import squash

__all__ = ["RANGES", "check_number", "is_dash", "is_tick", "parse_frequency", "parse_number",
           "permil_from_percent"]

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


#: Plausible range of each 1-1 figure over every Japanese municipality and prefecture, with a
#: margin, and whether it is a count. Bounds (2018-19, 住民基本台帳 / 被保護者調査 / 全国都道府県
#: 市区町村別面積調): most populous 東京都 ≈ 13.8 M people, 7.3 M households; highest aging rate
#: 南牧村 ≈ 60 %; highest municipal welfare rate 大阪市 ≈ 50 ‰ (national 16.6 ‰); smallest area
#: 舟橋村 3.47 km², largest 北海道 83,424 km²; most public schools 東京都 ≈ 1,300 / 620.
RANGES: dict[str, tuple[float, float, bool]] = {
    "population": (1, 14_100_000, True),
    "households": (1, 7_500_000, True),
    "aging_rate": (5.0, 70.0, False),
    "welfare_rate_permil": (0.0, 60.0, False),
    "area_km2": (1.0, 84_000.0, False),
    "chiiki_kanyu_rate": (0.0, 100.0, False),
    "elementary_schools": (0, 1_400, True),
    "junior_high_schools": (0, 700, True),
}


def check_number(key: str, value: float | int | None, raw: str) -> tuple[float | int | None,
                                                                         str | None]:
    """Plausibility of one 1-1 figure: ``(value, problem)``; an implausible value becomes None.

    Parameters
    ----------
    key : str
        A key of :data:`RANGES`.
    value : float or int or None
        The parsed value.
    raw : str
        The cell text it came from, quoted in the problem so a reviewer can compare.

    Returns
    -------
    tuple
        The value (None when it is outside every municipality's range, or a count that is not
        a whole number) and a message in Japanese with English, or None when plausible.

    Examples
    --------
    >>> check_number("aging_rate", 34.9, "34.9(%)")
    (34.9, None)
    >>> check_number("welfare_rate_permil", 659.0, "65.9(‰)")[0] is None
    True
    >>> check_number("population", 1234.5, "1234.5(人)")[1]
    "population: 数ではない (not a count): '1234.5(人)'"
    """
    if value is None or key not in RANGES:
        return value, None
    lo, hi, count = RANGES[key]
    if count and (isinstance(value, float) and not value.is_integer()):
        return None, f"{key}: 数ではない (not a count): '{raw}'"
    if not lo <= value <= hi:
        return None, (f"{key}: 全市区町村の範囲外 (outside the range of every municipality, "
                      f"{lo:g}-{hi:g}): '{raw}'")
    return value, None


def permil_from_percent(value: float, raw: str) -> tuple[float, str | None]:
    """A welfare rate written in ％: ×10 to ‰, unless that exceeds every municipality.

    「6.59（％）」 would be 65.9 ‰, above every municipality (:data:`RANGES`); the figure is
    then taken as ‰ with a problem noted, since a ‰ value under a ％ label is the likelier
    slip (issue 16).

    >>> permil_from_percent(1.54, "1.54(%)")
    (15.4, None)
    >>> permil_from_percent(6.59, "6.59(%)")[0]
    6.59
    """
    permil = round(value * 10, 4)
    hi = RANGES["welfare_rate_permil"][1]
    if permil > hi >= value:
        return value, (f"welfare_rate_permil: ％ として {permil:g} ‰ は全市区町村の範囲外; ‰ と"
                       f"読んだ (as % it would be {permil:g} ‰, above every municipality; read "
                       f"as ‰): '{raw}'")
    return permil, None
