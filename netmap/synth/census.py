"""Japan's municipalities as the generator models them: classes, prefectures, codes, sizes.

Figures: 2020 census (令和2年国勢調査) classes and approximate population ranges; see
:mod:`netmap.synth` for the population and network-size models these functions implement.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from netmap.io.dataset import municipality_check_digit

__all__ = ["MunicipalityClass", "CLASSES", "PREFECTURES", "DESIGNATED_PREFS", "CODE_FIRST",
           "municipality_code", "class_counts", "nodes_for_population", "population", "plan",
           "weighted", "PREF_NAME"]


@dataclass(frozen=True)
class MunicipalityClass:
    """A class of municipality with its count (2020) and population model."""

    key: str
    suffix: str  # 市 / 町 / 村 / 区
    label: str
    count: int
    median: float
    sigma: float
    low: int
    high: int


#: 2020 census classes (see the module docstring for the sources of the figures).
CLASSES: tuple[MunicipalityClass, ...] = (
    MunicipalityClass("designated", "市", "政令指定都市", 20, 1_200_000, 0.50, 690_000,
                      3_780_000),
    MunicipalityClass("ward", "区", "特別区", 23, 340_000, 0.60, 58_000, 950_000),
    MunicipalityClass("city", "市", "市", 772, 68_000, 0.85, 3_000, 650_000),
    MunicipalityClass("town", "町", "町", 743, 12_500, 0.80, 800, 52_000),
    MunicipalityClass("village", "村", "村", 183, 3_000, 0.90, 170, 40_000),
)
_CLASS = {c.key: c for c in CLASSES}

#: Prefectures (code, name, municipalities in 2020, approx.) — weights for placing a
#: synthetic municipality. Tokyo's count excludes its 23 特別区, which are always in 13.
PREFECTURES: tuple[tuple[str, str, int], ...] = (
    ("01", "北海道", 179), ("02", "青森県", 40), ("03", "岩手県", 33), ("04", "宮城県", 35),
    ("05", "秋田県", 25), ("06", "山形県", 35), ("07", "福島県", 59), ("08", "茨城県", 44),
    ("09", "栃木県", 25), ("10", "群馬県", 35), ("11", "埼玉県", 63), ("12", "千葉県", 54),
    ("13", "東京都", 39), ("14", "神奈川県", 33), ("15", "新潟県", 30), ("16", "富山県", 15),
    ("17", "石川県", 19), ("18", "福井県", 17), ("19", "山梨県", 27), ("20", "長野県", 77),
    ("21", "岐阜県", 42), ("22", "静岡県", 35), ("23", "愛知県", 54), ("24", "三重県", 29),
    ("25", "滋賀県", 19), ("26", "京都府", 26), ("27", "大阪府", 43), ("28", "兵庫県", 41),
    ("29", "奈良県", 39), ("30", "和歌山県", 30), ("31", "鳥取県", 19), ("32", "島根県", 19),
    ("33", "岡山県", 27), ("34", "広島県", 23), ("35", "山口県", 19), ("36", "徳島県", 24),
    ("37", "香川県", 17), ("38", "愛媛県", 20), ("39", "高知県", 34), ("40", "福岡県", 60),
    ("41", "佐賀県", 20), ("42", "長崎県", 21), ("43", "熊本県", 45), ("44", "大分県", 18),
    ("45", "宮崎県", 26), ("46", "鹿児島県", 43), ("47", "沖縄県", 41),
)
PREF_NAME = {code: name for code, name, _ in PREFECTURES}
#: Prefectures of the 20 政令指定都市 (札幌 … 熊本), one entry per city.
DESIGNATED_PREFS = ("01", "04", "11", "12", "14", "14", "14", "15", "22", "22", "23", "26",
                    "27", "27", "28", "33", "34", "40", "40", "43")
#: Synthetic codes use the 3-digit numbers 700–999, which no real municipality uses (the
#: highest real ones are Hokkaido's 01695–01700), so they never collide with real datasets.
CODE_FIRST = 700


def municipality_code(pref: str, number: int) -> str:
    """A 6-digit 全国地方公共団体コード: prefecture, 3-digit number, check digit.

    >>> municipality_code("14", 216)  # 座間市
    '142166'
    """
    five = f"{pref}{number:03d}"
    return f"{five}{municipality_check_digit(five)}"


def class_counts(n: int) -> dict[str, int]:
    """How many municipalities of each class a run of ``n`` has (largest remainder).

    >>> class_counts(1741)
    {'designated': 20, 'ward': 23, 'city': 772, 'town': 743, 'village': 183}
    >>> class_counts(20)
    {'designated': 1, 'ward': 0, 'city': 8, 'town': 9, 'village': 2}
    """
    total = sum(c.count for c in CLASSES)
    exact = [n * c.count / total for c in CLASSES]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(CLASSES)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    if n >= 5 and counts[0] == 0:  # one big city even in a small run
        counts[0] = 1
        counts[counts.index(max(counts))] -= 1
    return {c.key: k for c, k in zip(CLASSES, counts, strict=True)}


def nodes_for_population(population: int) -> float:
    """Expected node rows for a population: ``30 · (P / 3000) ^ 0.676``, clipped to 20–2,400.

    >>> round(nodes_for_population(3000)), round(nodes_for_population(1_500_000))
    (30, 2003)
    """
    expected: float = 30.0 * (population / 3000.0) ** 0.676
    return min(2400.0, max(20.0, expected))


def weighted(rng: random.Random, options: tuple[tuple[Any, int], ...] | list[Any]) -> Any:
    """One value of ``(value, weight)`` options, drawn with one ``rng.random()``."""
    total = sum(w for _, w in options)
    x = rng.random() * total
    for value, w in options:
        x -= w
        if x < 0:
            return value
    return options[-1][0]


def population(rng: random.Random, cls: MunicipalityClass) -> int:
    """A population drawn from the class's truncated log-normal (rounded to tens above 1,000)."""
    for _ in range(1000):
        p = rng.lognormvariate(math.log(cls.median), cls.sigma)
        if cls.low <= p <= cls.high:
            return int(round(p, -1)) if p > 1000 else int(p)
    return int(cls.median)


def plan(n: int, seed: int) -> list[tuple[MunicipalityClass, str, int]]:
    """Class, prefecture and code number of each municipality, in order."""
    rng = random.Random(f"{seed}:plan")
    counts = class_counts(n)
    designated = [_CLASS["designated"]] * counts["designated"]
    rest = [c for c in CLASSES[1:] for _ in range(counts[c.key])]
    rng.shuffle(rest)
    # big cities spread through the list, not all at the front
    order = list(rest)
    for i, cls in enumerate(designated):
        order.insert(min(len(order), (i * len(order)) // max(1, len(designated))), cls)
    pref_weights = tuple((p, w) for p, _, w in PREFECTURES)
    next_number: dict[str, int] = {}
    out: list[tuple[MunicipalityClass, str, int]] = []
    d = 0
    for cls in order:
        if cls.key == "ward":
            pref = "13"
        elif cls.key == "designated":
            pref = DESIGNATED_PREFS[d % len(DESIGNATED_PREFS)]
            d += 1
        else:
            pref = weighted(rng, pref_weights)
        number = next_number.get(pref, CODE_FIRST)
        if number > 999:  # a prefecture is full: take the next with room
            pref = next(p for p, _, _ in PREFECTURES if next_number.get(p, CODE_FIRST) <= 999)
            number = next_number.get(pref, CODE_FIRST)
        next_number[pref] = number + 1
        out.append((cls, pref, number))
    return out

