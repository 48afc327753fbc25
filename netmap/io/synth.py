"""Synthetic municipalities at national scale: realistic datasets in the standard format.

Japan has 1,741 municipalities (2020 census, 令和2年国勢調査: 792 市 of which 20 政令指定都市,
743 町, 183 村, and the 23 特別区 of Tokyo). netmap has only a handful of real datasets, so
the national-scale features (``netmap compare``, the Neo4j and analysis benchmarks) are tested
on synthetic ones: one folder per municipality, valid under ``netmap validate``, shaped like
the seed datasets (座間市 seed 002, 国立市 seeds 000/001/004, 小田原市 and 藤沢市 seed 004) and
marked ``synthetic: true`` so they can never pass for real data.

Population model
----------------
Each class of municipality gets its own log-normal population, truncated to the range the
class really spans (approximate 2020 census figures; the whole distribution comes out
right-skewed: with seed 0 the 1,741 have a median of ≈ 23,300, a mean of ≈ 68,000 and a total
of ≈ 118 million, against Japan's ≈ 24,000, 72,000 and 126 million):

========  =====  ================  =====  ======================
class     count  median (e^μ)      σ      truncated to
========  =====  ================  =====  ======================
政令市      20   1,200,000         0.50   690,000 – 3,780,000
特別区      23   340,000           0.60   58,000 – 950,000
市         772   68,000            0.85   3,000 – 650,000
町         743   12,500            0.80   800 – 52,000
村         183   3,000             0.90   170 – 40,000
========  =====  ================  =====  ======================

For ``n`` other than 1,741 the class counts are scaled by largest remainder (at least one
政令市 when ``n ≥ 5``, so that even a small run has one big network).

Network size
------------
Rows (organisations + programs + meetings + roles; the graph adds the 21 shared need nodes)
follow ``30 · (population / 3,000) ^ 0.676`` times a log-normal jitter (σ = 0.1), clipped to
20 – 2,400: a village of 3,000 people has ≈ 30 nodes, a city of 1.5 million ≈ 2,000 (the
exponent is the one that joins those two points). Of the rows, ≈ 66 % are organisations,
20 % programs, 6 % meetings and 8 % roles (the seed datasets average 53/28/11/9; big synthetic
cities have relatively more organisations and fewer programs, as programs are per-city).

Shape
-----
* One hub (the 自立相談支援機関: a government division, or the 社会福祉協議会 in ≈ 55 % of
  municipalities, as commissioning is common), citywide organisations (行政課, 社協, ハローワーク,
  弁護士会, 保健所 …) and areas (地区) of ≈ 35 organisations, each with an anchor (地域包括支援
  センター) that is a local hub.
* Ties: the hub refers to every anchor and most citywide organisations, and works directly
  with an area organisation with probability 0.5/√areas (a town of one area is a star around
  the hub; a 政令市 works through its anchors); area organisations are tied to their anchor
  (p = 0.6) and to one to three neighbours; a few *bridging* organisations (≈ 1 in 60) reach
  into other areas (brokers); ≈ 4 % of organisations have no tie at all. With seed 0 the hub
  has the highest betweenness in ≈ 80 % of municipalities, an anchor in most of the rest.
* Programs (事業) follow the 生活困窮者自立支援法 (必須: 自立相談支援事業 第5条, 住居確保
  給付金 第6条; 任意: 就労準備支援・家計改善支援・一時生活支援・子どもの学習・生活支援 第7条)
  and the usual local programs; big cities repeat them per area. A program run by a
  non-government organisation is commissioned (``commissions``) by a government division.
* Meetings: citywide ones (支援会議 法第9条, 支援調整会議, 重層的支援会議, 要保護児童対策地域協議会
  …) convened by the hub or a division, and per-area ones (地域ケア会議) convened by the anchor.
* Gaps: in each municipality some rarer needs (再犯防止, 葬送, 自殺対策, 権利擁護 …) have no
  provider (more often in small ones), and one or two needs are left with a single provider.
* ``demand.csv`` for ≈ 40 % of municipalities: first assessments ≈ 0.088 % of the population
  with 3.88 issues each, spread like 座間市's H30 table (seed 002 lines 207-215, 457-466).

Every row's evidence is ``synthetic seed=S``. The output is deterministic: the same ``n`` and
``seed`` give the same files byte for byte (each municipality has its own
``random.Random(f"{seed}:{index}")``; no set or hash order is ever used).

Examples
--------
>>> nets = list(synthesize(3, seed=1))
>>> [len(rows["organisations"]) > 0 for rows in nets]
[True, True, True]
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netmap.io.dataset import municipality_check_digit

__all__ = [
    "CLASSES",
    "synthesize",
    "write_synth",
    "write_municipality",
    "municipality_code",
    "class_counts",
    "nodes_for_population",
]


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
_PREF_NAME = {code: name for code, name, _ in PREFECTURES}
#: Prefectures of the 20 政令指定都市 (札幌 … 熊本), one entry per city.
DESIGNATED_PREFS = ("01", "04", "11", "12", "14", "14", "14", "15", "22", "22", "23", "26",
                    "27", "27", "28", "33", "34", "40", "40", "43")
#: Synthetic codes use the 3-digit numbers 700–999, which no real municipality uses (the
#: highest real ones are Hokkaido's 01695–01700), so they never collide with real datasets.
CODE_FIRST = 700

NEEDS = ("economic_hardship", "household_budget", "debt", "housing", "employment",
         "work_readiness", "social_isolation", "disability", "illness", "mental_health",
         "family", "food", "child_learning", "hikikomori", "elder_care", "legal",
         "suicide_prevention", "guardianship", "reentry", "funeral", "disaster")
#: Needs the hub always covers (自立相談支援: 相談・就労・住居確保給付金, seed 002 line 182).
HUB_NEEDS = ("economic_hardship", "employment", "housing")
#: Needs often without a local provider (seed datasets: zama lacks elder_care, guardianship,
#: reentry, disaster; odawara lacks 14 of 21).
RARE_NEEDS = ("reentry", "funeral", "suicide_prevention", "guardianship", "disaster",
              "hikikomori", "legal", "food", "debt")
#: Probability that a rare (resp. common) need has no provider at all, by class.
P_ABSENT = {"designated": (0.03, 0.0), "ward": (0.08, 0.0), "city": (0.18, 0.02),
            "town": (0.38, 0.05), "village": (0.55, 0.10)}
#: 座間市 H30 first-assessment issues (seed 002 lines 457-466), the demand mix.
DEMAND_MIX = (("economic_hardship", "経済的困窮", 70), ("household_budget", "家計管理の問題", 39),
              ("illness", "病気", 48), ("employment", "就職活動困難", 32),
              ("mental_health", "メンタルヘルス", 31), ("family", "家族関係", 28),
              ("social_isolation", "社会的孤立", 26), ("debt", "債務", 26),
              ("disability", "障害(疑い)", 23), ("housing", "住まい不安定", 20))

# -- organisation templates ----------------------------------------------------------------
# (sector, kind, name, needs, weight). ``{a}`` is the area label, ``{k}`` a running number.
_CITYWIDE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("government", "行政課", "福祉部 生活福祉課", ("economic_hardship",)),
    ("shakyo", "社会福祉協議会", "社会福祉協議会", ("household_budget", "guardianship",
                                                    "social_isolation", "food")),
    ("government", "行政課", "福祉部 障害福祉課", ("disability",)),
    ("government", "行政課", "福祉部 高齢介護課", ("elder_care",)),
    ("labour", "公共職業安定所", "ハローワーク", ("employment",)),
    ("government", "行政課", "こども家庭課", ("family", "child_learning")),
    ("government", "行政課", "健康づくり課", ("illness", "mental_health", "suicide_prevention")),
    ("legal", "弁護士会", "弁護士会 法律相談センター", ("legal", "debt")),
    ("government", "行政課", "納税課", ("debt",)),
    ("government", "行政課", "住宅政策課", ("housing",)),
    ("education", "教育委員会", "教育委員会 学校教育課", ("child_learning",)),
    ("medical", "保健所", "保健所", ("mental_health", "illness")),
    ("government", "行政課", "危機管理課", ("disaster",)),
    ("legal", "司法書士会", "司法書士会", ("debt", "guardianship")),
    ("other", "保護司会", "保護司会", ("reentry",)),
    ("legal", "法テラス", "法テラス", ("legal",)),
    ("government", "行政課", "市民課", ("funeral",)),
    ("npo", "NPO法人", "NPO法人 フードバンク", ("food",)),
    ("other", "更生保護施設", "更生保護施設", ("reentry", "housing")),
    ("government", "行政課", "保険年金課", ("illness", "economic_hardship")),
)
_AREA: tuple[tuple[str, str, str, tuple[str, ...], int], ...] = (
    ("residents", "自治会", "{a}自治会{k}", ("social_isolation", "disaster"), 12),
    ("residents", "民生委員協議会", "{a}民生委員児童委員協議会", ("social_isolation", "family"), 4),
    ("residents", "地区社会福祉協議会", "{a}地区社会福祉協議会", ("social_isolation", "food"), 3),
    ("social_welfare_corp", "社会福祉法人", "社会福祉法人 {a}福祉会{k}",
     ("elder_care", "disability", "work_readiness"), 9),
    ("social_welfare_corp", "障害者支援施設", "{a}障害者支援センター{k}",
     ("disability", "work_readiness", "employment"), 4),
    ("npo", "NPO法人", "NPO法人 {a}ささえあいネット{k}", ("social_isolation", "hikikomori",
                                                         "work_readiness"), 6),
    ("npo", "NPO法人", "{a}子ども食堂{k}", ("child_learning", "food", "social_isolation"), 4),
    ("npo", "NPO法人", "NPO法人 {a}学習支援の会{k}", ("child_learning", "family"), 3),
    ("private", "企業", "{a}不動産{k}", ("housing",), 4),
    ("private", "企業", "株式会社{a}協力雇用主{k}", ("employment", "reentry", "work_readiness"), 4),
    ("medical", "医療機関", "{a}クリニック{k}", ("illness", "mental_health"), 6),
    ("medical", "医療機関", "{a}病院 医療相談室{k}", ("illness", "mental_health",
                                                    "suicide_prevention"), 2),
    ("education", "学校", "{a}小学校{k}", ("child_learning",), 4),
    ("education", "学校", "{a}中学校{k}", ("child_learning", "family"), 2),
    ("cooperative", "生活協同組合", "生活協同組合 {a}支部{k}", ("food", "household_budget"), 2),
    ("cooperative", "農業協同組合", "{a}農業協同組合{k}", ("food", "employment"), 1),
    ("other", "寺院", "{a}寺{k}", ("funeral", "social_isolation"), 2),
    ("other", "ボランティア団体", "{a}ボランティアの会{k}", ("social_isolation", "disaster"), 3),
    ("legal", "司法書士事務所", "{a}司法書士事務所{k}", ("debt", "guardianship", "legal"), 1),
)

# -- program, meeting and role templates ---------------------------------------------------
# (name, category, basis, needs, operator sectors in order of preference)
_LAW = "生活困窮者自立支援法"
_PROGRAMS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("自立相談支援事業", "mandatory", f"{_LAW}第5条", ("economic_hardship", "mental_health",
                                                       "family"), ("hub",)),
    ("住居確保給付金", "mandatory", f"{_LAW}第6条", ("housing",), ("hub",)),
    ("就労準備支援事業", "optional", f"{_LAW}第7条", ("work_readiness", "employment"),
     ("npo", "social_welfare_corp", "shakyo")),
    ("家計改善支援事業", "optional", f"{_LAW}第7条", ("household_budget", "debt"),
     ("shakyo", "npo")),
    ("一時生活支援事業", "optional", f"{_LAW}第7条", ("housing",),
     ("social_welfare_corp", "npo")),
    ("子どもの学習・生活支援事業", "optional", f"{_LAW}第7条", ("child_learning",),
     ("npo", "education")),
    ("生活福祉資金貸付事業", "other", "社会福祉法第2条", ("economic_hardship", "debt"),
     ("shakyo",)),
    ("日常生活自立支援事業", "other", "社会福祉法第81条", ("guardianship",), ("shakyo",)),
    ("重層的支援体制整備事業", "other", "社会福祉法第106条の4", ("social_isolation", "family"),
     ("hub", "shakyo")),
    ("認定就労訓練事業", "other", f"{_LAW}第16条", ("work_readiness",),
     ("social_welfare_corp", "private")),
    ("ひきこもり地域支援センター事業", "other", "", ("hikikomori", "mental_health"),
     ("npo", "medical")),
    ("成年後見制度利用支援事業", "other", "", ("guardianship", "legal"),
     ("shakyo", "legal")),
    ("自殺対策事業", "other", "自殺対策基本法第13条", ("suicide_prevention", "mental_health"),
     ("government", "medical")),
    ("生活支援体制整備事業", "other", "介護保険法第115条の45", ("elder_care", "social_isolation"),
     ("shakyo", "social_welfare_corp")),
    ("フードドライブ", "other", "", ("food",), ("npo", "cooperative", "shakyo")),
    ("居場所づくり事業", "other", "", ("social_isolation", "hikikomori"), ("npo", "residents")),
    ("無料職業紹介事業", "other", "職業安定法第29条", ("employment",), ("hub", "labour")),
    ("避難行動要支援者支援", "other", "災害対策基本法第49条の10", ("disaster",),
     ("government", "residents")),
    ("再犯防止推進事業", "other", "再犯の防止等の推進に関する法律第8条", ("reentry",),
     ("other", "government")),
    ("終活・死後事務支援事業", "other", "", ("funeral",), ("shakyo", "other")),
    ("家庭児童相談", "other", "", ("family",), ("government",)),
)
# (name, per_year, per_year_max, purpose, convener: "hub" | "government" | "shakyo")
_MEETINGS: tuple[tuple[str, int | None, int | None, str, str], ...] = (
    ("支援会議", 12, None, f"{_LAW}第9条に基づく情報共有と支援の検討", "hub"),
    ("支援調整会議", 12, None, "支援プランの調整", "hub"),
    ("重層的支援会議", 12, None, "複合課題ケースの役割分担", "government"),
    ("要保護児童対策地域協議会", 4, None, "要保護児童の支援", "government"),
    ("地域ケア推進会議", 1, 2, "地域課題の政策化", "government"),
    ("障害者自立支援協議会", 4, None, "障害者の地域生活支援", "government"),
    ("地域福祉計画推進委員会", 1, 2, "地域福祉計画の進行管理", "shakyo"),
    ("自殺対策推進協議会", 1, None, "自殺対策計画の推進", "government"),
    ("居住支援協議会", 2, None, "住宅確保要配慮者の入居支援", "government"),
    ("再犯防止推進会議", 1, None, "地域再犯防止推進計画", "government"),
)
_AREA_MEETINGS = (("地域ケア会議（{a}）", 6, None, "個別ケースと地域課題の検討"),
                  ("{a}ネットワーク会議", 4, 6, "地区の見守りと情報共有"))
#: The ``purpose`` code of each meeting template (netmap.vocabulary.MEETING_PURPOSES); the
#: template's free text is written as ``aim``.
_PURPOSE_CODES = {
    "支援会議": "case", "支援調整会議": "case", "重層的支援会議": "case",
    "要保護児童対策地域協議会": "network", "地域ケア推進会議": "planning",
    "障害者自立支援協議会": "network", "地域福祉計画推進委員会": "planning",
    "自殺対策推進協議会": "network", "居住支援協議会": "network", "再犯防止推進会議": "planning",
    "地域ケア会議（{a}）": "case", "{a}ネットワーク会議": "network",
}
# (name, count range, placed at: "hub" | "shakyo" | "anchor" | "residents")
_ROLES: tuple[tuple[str, int, int, str], ...] = (
    ("主任相談支援員", 1, 2, "hub"), ("相談支援員", 2, 8, "hub"), ("就労支援員", 1, 4, "hub"),
    ("家計改善支援員", 1, 3, "shakyo"), ("相談支援包括化推進員", 1, 3, "hub"),
    ("アウトリーチ支援員", 1, 2, "hub"),
)
_AREA_ROLES = (("生活支援コーディネーター（{a}）", 1, 2, "anchor"),
               ("コミュニティソーシャルワーカー（{a}）", 1, 3, "anchor"),
               ("民生委員・児童委員（{a}）", 15, 120, "residents"))

TIE_CHOICE = (("refers_to", 45), ("partners", 30), ("shares_info", 25))
COLUMNS = {
    "organisations": ("id", "name", "kind", "sector", "needs", "hub", "area", "evidence"),
    "programs": ("id", "name", "category", "basis", "needs", "evidence"),
    "meetings": ("id", "name", "per_year", "per_year_max", "purpose", "aim", "evidence"),
    "roles": ("id", "name", "count", "evidence"),
    "links": ("source", "target", "type", "evidence"),
    "demand": ("need", "label", "count", "period", "evidence"),
}


# -- public helpers ---------------------------------------------------------------------------
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
    return min(2400.0, max(20.0, 30.0 * (population / 3000.0) ** 0.676))


# -- one municipality ---------------------------------------------------------------------------
@dataclass
class _Muni:
    """Rows of one synthetic dataset under construction."""

    rng: random.Random
    evidence: str
    orgs: list[dict[str, Any]] = field(default_factory=list)
    programs: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def org(self, name: str, kind: str, sector: str, needs: list[str], area: str,
            hub: bool = False) -> dict[str, Any]:
        row = {"id": f"org-{len(self.orgs) + 1}", "name": name, "kind": kind, "sector": sector,
               "needs": needs, "hub": hub, "area": area}
        self.orgs.append(row)
        return row

    def link(self, source: str, target: str, ltype: str) -> None:
        if source == target:
            return
        key = (source, target, ltype)
        if ltype in ("partners", "shares_info") and target < source:
            key = (target, source, ltype)
        if key in self.seen:
            return
        self.seen.add(key)
        self.links.append({"source": source, "target": target, "type": ltype})

    def tie(self, a: str, b: str) -> None:
        """A random working tie: a referral (either way), partnership or information sharing."""
        ltype = _weighted(self.rng, TIE_CHOICE)
        if ltype == "refers_to" and self.rng.random() < 0.5:
            a, b = b, a
        self.link(a, b, ltype)


def _weighted(rng: random.Random, options: tuple[tuple[Any, int], ...] | list[Any]) -> Any:
    total = sum(w for _, w in options)
    x = rng.random() * total
    for value, w in options:
        x -= w
        if x < 0:
            return value
    return options[-1][0]


def _pick_needs(rng: random.Random, pool: tuple[str, ...]) -> list[str]:
    k = 1 + (rng.random() < 0.45) + (rng.random() < 0.15)
    return [n for n in pool if rng.random() < k / len(pool)] or [pool[0]]


def _population(rng: random.Random, cls: MunicipalityClass) -> int:
    for _ in range(1000):
        p = rng.lognormvariate(math.log(cls.median), cls.sigma)
        if cls.low <= p <= cls.high:
            return int(round(p, -1)) if p > 1000 else int(p)
    return int(cls.median)


def _build(index: int, cls: MunicipalityClass, pref: str, number: int, seed: int,
           width: int) -> dict[str, Any]:
    """All rows of municipality ``index`` (0-based) as plain data."""
    rng = random.Random(f"{seed}:{index}")
    ev = f"synthetic seed={seed}"
    population = _population(rng, cls)
    size = int(round(nodes_for_population(population) * rng.lognormvariate(0.0, 0.1)))
    size = max(20, min(2400, size))
    n_roles = max(2, round(0.08 * size))
    n_meetings = max(1, round(0.06 * size))
    n_programs = max(3, round(0.20 * size))
    n_orgs = size - n_roles - n_meetings - n_programs
    label = f"合成{cls.suffix}{index + 1:0{width}d}"
    m = _Muni(rng, ev)

    # -- organisations: hub, citywide, areas ------------------------------------------------
    n_city = min(len(_CITYWIDE), max(4, 3 + n_orgs // 12))
    n_areas = max(1, round((n_orgs - n_city - 1) / 35))
    areas = [f"第{k + 1}地区" for k in range(n_areas)] if n_areas > 1 else ["市全域"]
    shakyo_hub = rng.random() < 0.55
    hub_needs = list(HUB_NEEDS) + (["household_budget"] if rng.random() < 0.3 else [])
    if shakyo_hub:
        hub = m.org(f"{label}社会福祉協議会 自立相談支援センター", "社会福祉協議会（自立相談支援機関）",
                    "shakyo", hub_needs, "市全域", hub=True)
    else:
        hub = m.org(f"{label} 生活支援課 自立相談支援担当", "行政課（自立相談支援機関）",
                    "government", hub_needs, "市全域", hub=True)
    citywide = [hub]
    for sector, kind, name, needs in _CITYWIDE[:n_city]:
        full = name if sector in ("labour", "legal") or kind in ("保健所", "保護司会") else \
            f"{label}{'' if sector == 'shakyo' else ' '}{name}"
        citywide.append(m.org(full, kind, sector, _pick_needs(rng, needs), "市全域"))
    by_area: dict[str, list[dict[str, Any]]] = {a: [] for a in areas}
    anchors: dict[str, dict[str, Any]] = {}
    for a in areas:
        prefix = "" if a == "市全域" else a
        anchors[a] = m.org(f"地域包括支援センター{prefix}", "地域包括支援センター",
                           "social_welfare_corp", ["elder_care", "social_isolation"], a)
        by_area[a].append(anchors[a])
    running: dict[str, int] = {}
    area_weights = tuple((t, t[4]) for t in _AREA)
    for i in range(n_orgs - len(m.orgs)):
        a = areas[i % len(areas)]
        sector, kind, name, needs, _ = _weighted(rng, area_weights)
        running[name] = running.get(name, 0) + 1
        prefix = label if a == "市全域" else a
        k = running[name]
        text = name.format(a=prefix, k="" if k == 1 else k)
        by_area[a].append(m.org(text, kind, sector, _pick_needs(rng, needs), a))
    orgs_by_sector: dict[str, list[dict[str, Any]]] = {}
    for o in m.orgs:
        orgs_by_sector.setdefault(o["sector"], []).append(o)
    shakyo = next((o for o in citywide if o["sector"] == "shakyo" and not o["hub"]), hub)
    gov = orgs_by_sector.get("government", [hub])

    # -- ties ------------------------------------------------------------------------------
    isolated = {o["id"] for o in m.orgs[len(citywide) + len(areas):] if rng.random() < 0.04}
    for o in citywide[1:]:
        if rng.random() < 0.85:
            m.link(hub["id"], o["id"], "refers_to")
        if rng.random() < 0.3:
            m.link(o["id"], hub["id"], "refers_to")
    m.link(hub["id"], shakyo["id"], "partners")
    # in a one-area town the hub is the centre itself; the more areas, the more it works
    # through their anchors (1 area: 0.5, 4: 0.25, 25: 0.1)
    p_hub = max(0.06, 0.5 / math.sqrt(len(areas)))
    p_anchor = 0.35 if len(areas) == 1 else 0.6
    for a in areas:
        m.link(hub["id"], anchors[a]["id"], "refers_to")
        if rng.random() < 0.5:
            m.link(anchors[a]["id"], hub["id"], "refers_to")
        members = [o for o in by_area[a][1:] if o["id"] not in isolated]
        for o in members:
            if rng.random() < p_hub:
                m.tie(hub["id"], o["id"])
            if rng.random() < p_anchor:
                m.tie(anchors[a]["id"], o["id"])
            for _ in range(1 + (rng.random() < 0.6) + (rng.random() < 0.3)):
                other = rng.choice(by_area[a])
                if other["id"] not in isolated:
                    m.tie(o["id"], other["id"])
        for o in citywide[1:]:
            if members and rng.random() < 0.15:
                m.tie(o["id"], rng.choice(members)["id"])
    others = [o for o in m.orgs[len(citywide) + len(areas):] if o["id"] not in isolated]
    if len(areas) > 1 and others:
        bridges = rng.sample(others, max(1, len(others) // 60))
        for o in bridges:
            for _ in range(rng.randint(2, 5)):
                far = rng.choice([a for a in areas if a != o["area"]])
                target = anchors[far] if rng.random() < 0.5 else rng.choice(by_area[far])
                if target["id"] not in isolated:
                    m.tie(o["id"], target["id"])

    # -- programs --------------------------------------------------------------------------
    def operator(prefs: tuple[str, ...], area: str | None) -> dict[str, Any]:
        for p in prefs:
            if p == "hub":
                return hub
            pool = [o for o in orgs_by_sector.get(p, []) if o["id"] not in isolated
                    and (area is None or o["area"] in (area, "市全域"))]
            if pool:
                return rng.choice(pool)
        return hub

    for i in range(n_programs):
        name, category, basis, needs, prefs = _PROGRAMS[i % len(_PROGRAMS)]
        area = None
        if i >= len(_PROGRAMS):
            area = areas[(i // len(_PROGRAMS) - 1) % len(areas)]
            name = f"{name}（{area}）"
            if "hub" in prefs:
                prefs = ("social_welfare_corp", "shakyo", "npo")
        row = {"id": f"prog-{i + 1}", "name": name, "category": category, "basis": basis,
               "needs": list(needs)}
        m.programs.append(row)
        op = operator(prefs, area)
        m.link(op["id"], row["id"], "operates")
        row["_operator"] = op["id"]
        if op["sector"] != "government" and not op["hub"]:
            m.link(rng.choice(gov[: max(1, len(gov))])["id"], op["id"], "commissions")

    # -- meetings --------------------------------------------------------------------------
    n_city_meetings = min(len(_MEETINGS), max(1, n_meetings - len(areas) * 2))
    hubs_reach = [o for o in citywide if o["id"] not in isolated]
    for i in range(n_meetings):
        mid = f"mtg-{i + 1}"
        if i < n_city_meetings:
            name, per, per_max, purpose, conv = _MEETINGS[i]
            code = _PURPOSE_CODES[name]
            convener = hub if conv == "hub" else shakyo if conv == "shakyo" else rng.choice(gov)
            pool = [o for o in hubs_reach if not o["hub"]]
            members = [hub] + rng.sample(pool, min(len(pool), rng.randint(4, 12)))
            members += [anchors[a] for a in areas if rng.random() < 0.3]
            if rng.random() < 0.5 and others:
                members.append(rng.choice(others))
        else:
            j = i - n_city_meetings
            a = areas[j % len(areas)]
            tpl = _AREA_MEETINGS[(j // len(areas)) % len(_AREA_MEETINGS)]
            name, per, per_max, purpose = tpl
            code = _PURPOSE_CODES[name]
            name = name.format(a=a)
            if j >= 2 * len(areas):
                name = f"{name}{j // (2 * len(areas)) + 1}"
            convener = anchors[a]
            pool = [o for o in by_area[a][1:] if o["id"] not in isolated]
            members = rng.sample(pool, min(len(pool), rng.randint(4, 9)))
        m.meetings.append({"id": mid, "name": name, "per_year": per, "per_year_max": per_max,
                           "purpose": code, "aim": purpose})
        m.link(convener["id"], mid, "convenes")
        for o in members:
            if o["id"] != convener["id"]:
                m.link(o["id"], mid, "attends")

    # -- roles -----------------------------------------------------------------------------
    residents = {a: [o for o in by_area[a] if o["sector"] == "residents"] for a in areas}
    for i in range(n_roles):
        if i < len(_ROLES):
            name, lo, hi, where = _ROLES[i]
            a = areas[0]
        else:
            j = i - len(_ROLES)
            a = areas[j % len(areas)]
            name, lo, hi, where = _AREA_ROLES[(j // len(areas)) % len(_AREA_ROLES)]
            name = name.format(a=a)
            if j >= len(_AREA_ROLES) * len(areas):
                name = f"{name}{j // (len(_AREA_ROLES) * len(areas)) + 1}"
        place = {"hub": hub, "shakyo": shakyo, "anchor": anchors[a]}.get(where)
        if place is None:
            place = residents[a][0] if residents[a] else anchors[a]
        count = rng.randint(lo, hi) if rng.random() < 0.85 else None
        m.roles.append({"id": f"role-{i + 1}", "name": name, "count": count})
        m.link(f"role-{i + 1}", place["id"], "placed_at")

    # -- gaps: absent and scarce needs -------------------------------------------------------
    p_rare, p_common = P_ABSENT[cls.key]
    absent = [n for n in NEEDS if n not in HUB_NEEDS
              and rng.random() < (p_rare if n in RARE_NEEDS else p_common)]
    candidates = [n for n in NEEDS if n not in HUB_NEEDS and n not in absent]
    scarce = rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))
    _apply_gaps(m, absent, scarce)

    # covers links instead of the needs column for ≈ 1 in 5 (organisation, need) pairs
    for o in m.orgs:
        keep = []
        for n in o["needs"]:
            if rng.random() < 0.2:
                m.link(o["id"], n, "covers")
            else:
                keep.append(n)
        o["needs"] = keep

    demand = []
    if rng.random() < 0.4:
        assessments = max(3, round(population * 0.00088 * rng.lognormvariate(0.0, 0.3)))
        issues = assessments * 3.88
        total = sum(w for _, _, w in DEMAND_MIX)
        for code, text, w in DEMAND_MIX:
            count = round(issues * w / total * rng.lognormvariate(0.0, 0.25))
            if count:
                demand.append({"need": code, "label": text, "count": count, "period": "R2年度"})

    area_km2 = round(population / rng.lognormvariate(math.log(600), 1.2), 2)
    meta = {
        "code": municipality_code(pref, number),
        "name": label,
        "prefecture": _PREF_NAME[pref],
        "name_en": f"Synthetic {cls.suffix}{index + 1:0{width}d}",
        "population": population,
        "households": int(population / rng.uniform(2.0, 2.6)),
        "aging_rate": round(rng.uniform(*{"designated": (22, 29), "ward": (18, 26)}.get(
            cls.key, (25, 45) if cls.key == "village" else (24, 38))), 1),
        "welfare_rate_permil": round(rng.uniform(3.0, 30.0), 1),
        "area_km2": max(area_km2, 0.5),
        "as_of": "2020-10-01",
        "municipality_class": cls.label,
        "synthetic": True,
        "seed": seed,
        "evidence": ev,
    }
    return {"slug": f"synth-{index + 1:0{width}d}", "municipality": meta,
            "organisations": m.orgs, "programs": m.programs, "meetings": m.meetings,
            "roles": m.roles, "links": m.links, "demand": demand}


def _apply_gaps(m: _Muni, absent: list[str], scarce: list[str]) -> None:
    """Remove ``absent`` needs everywhere; keep each ``scarce`` need at one provider only."""
    for o in m.orgs:
        o["needs"] = [n for n in o["needs"] if n not in absent]
    for p in m.programs:
        p["needs"] = [n for n in p["needs"] if n not in absent]
    for need in scarce:
        keeper: str | None = None
        for o in m.orgs:
            if need in o["needs"]:
                if keeper is None:
                    keeper = o["id"]
                else:
                    o["needs"].remove(need)
        for p in m.programs:
            if need in p["needs"]:
                if keeper is None:
                    keeper = p["_operator"]
                elif p["_operator"] != keeper:
                    p["needs"].remove(need)


# -- generation -----------------------------------------------------------------------------
def _plan(n: int, seed: int) -> list[tuple[MunicipalityClass, str, int]]:
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
    plan = []
    d = 0
    for cls in order:
        if cls.key == "ward":
            pref = "13"
        elif cls.key == "designated":
            pref = DESIGNATED_PREFS[d % len(DESIGNATED_PREFS)]
            d += 1
        else:
            pref = _weighted(rng, pref_weights)
        number = next_number.get(pref, CODE_FIRST)
        if number > 999:  # a prefecture is full: take the next with room
            pref = next(p for p, _, _ in PREFECTURES if next_number.get(p, CODE_FIRST) <= 999)
            number = next_number.get(pref, CODE_FIRST)
        next_number[pref] = number + 1
        plan.append((cls, pref, number))
    return plan


def synthesize(n: int = 1741, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Yield the raw rows of ``n`` synthetic municipalities, one dict at a time.

    Parameters
    ----------
    n : int
        Number of municipalities (1,741 = all of Japan in 2020; at most 14,100, the synthetic
        code space).
    seed : int
        Seed; the same ``(n, seed)`` always gives the same rows.

    Returns
    -------
    iterator of dict
        ``slug``, ``municipality`` (the fields of municipality.yaml) and one list of row dicts
        per table (``organisations``, ``programs``, ``meetings``, ``roles``, ``links``,
        ``demand``). ``needs`` cells are lists of need codes.
    """
    if n < 1 or n > 300 * len(PREFECTURES):
        raise ValueError(f"n must be between 1 and {300 * len(PREFECTURES)}, got {n}")
    width = max(4, len(str(n)))
    for index, (cls, pref, number) in enumerate(_plan(n, seed)):
        yield _build(index, cls, pref, number, seed, width)


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...], evidence: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        out = []
        for c in columns:
            v = evidence if c == "evidence" else r.get(c)
            if isinstance(v, list):
                v = ";".join(v)
            elif v is True:
                v = "true"
            elif v is False or v is None:
                v = ""
            out.append(v)
        w.writerow(out)
    return buf.getvalue()


def write_municipality(rows: dict[str, Any], out_dir: Path | str) -> Path:
    """Write one municipality from :func:`synthesize` to ``out_dir/<slug>/``; return the folder."""
    folder = Path(out_dir) / rows["slug"]
    folder.mkdir(parents=True, exist_ok=True)
    meta = rows["municipality"]
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    (folder / "municipality.yaml").write_text(text, encoding="utf-8")
    ev = meta["evidence"]
    for table, columns in COLUMNS.items():
        if table == "demand" and not rows["demand"]:
            continue
        (folder / f"{table}.csv").write_text(_csv(rows[table], columns, ev), encoding="utf-8")
    return folder


def write_synth(out_dir: Path | str, n: int = 1741, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic datasets under ``out_dir`` (one folder each); return the folders.

    Examples
    --------
    >>> import tempfile
    >>> from netmap.io.dataset import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folders = write_synth(tmp, n=2, seed=0)
    ...     [load_dataset(f).graph.graph["synthetic"] for f in folders]
    [True, True]
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [write_municipality(rows, out) for rows in synthesize(n, seed)]
