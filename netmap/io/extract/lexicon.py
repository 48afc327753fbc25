"""The field's vocabulary: bodies, suffixes that make a name, 法人格, sectors and kinds.

Kept apart from the scanning code so that a coordinator can read (and extend) what the
extractor knows about the welfare field without reading regular expressions.

Every row of ``lexicon.csv`` cites its ``source``: the law or national program that sets the
body up (児童福祉法 第12条 for 児童相談所, 生活困窮者自立支援法 第3条 for its 事業), a line of a
seed text in ``datasets/sources/`` where the word is used (``002:583`` is
``002_042a08d9d21ad8a0.txt`` line 583; ``004:`` lines are of development reports of
``benchmarks/extract_eval.py`` only), or the error pattern of issue 16 that a non-body word
stands for. The bodies around 生活困窮者自立支援・重層的支援体制・地域福祉 were listed from the
partners named by the MHLW notices on 生活困窮者自立支援制度 and 関係制度の連携 (福祉事務所, 保健所,
児童相談所, 教育委員会, 保護観察所, 地域生活定着支援センター, 法テラス, 消費生活センター, ハローワーク,
サポステ …), the WAM NET job guide to 自立相談支援機関 (保健所, 精神保健福祉センター,
ひきこもり地域支援センター, 法テラス, ハローワーク), and the seeds 000–003 (国立市, 座間市, 福井県社協),
not from the held-back reports.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from netmap.io.extract.document import squash

__all__ = ["ORG_PREFIXES", "SUFFIXES", "Entry", "guess_kind", "guess_sector", "lexicon", "lookup"]

#: The lexicon file: one row per word of the field, ``name,aliases,class,sector,kind,source``.
LEXICON_CSV = Path(__file__).with_name("lexicon.csv")

#: Classes of ``lexicon.csv``: ``body`` a body known without a suffix (法テラス, 農協);
#: ``group`` a local residents' group, often named in general (自治会, 老人クラブ, 商店街);
#: ``category`` a kind of body rather than one body (NPO, 医療機関, ボランティア団体); ``meeting`` a
#: meeting word that is a name alone (ワークショップ);
#: ``profession`` a profession named as a participant (弁護士: people, no body; kept in the
#: meeting's participants, not made an organisation row); ``generic`` a word that names no
#: particular body (他団体, 庁内各課); ``legal_form`` a 法人格 alone; ``activity`` an activity,
#: place or program (サロン, 小学校区, 日常生活自立支援事業, コミュニティセンター, 子ども食堂);
#: ``form`` text of the report form; ``people`` a kind of people that is no profession (関係者,
#: 住民, 支援員, ボランティア, 学識経験者: like ``profession``, no organisation row).
#:
#: ``body`` is an institution a report may name by its kind and still mean one body: the area
#: has one (保健所, 児童相談所, 法テラス, 社協, 教育委員会). ``category`` is a kind with many members
#: in an area (医療機関, 介護保険事業所, 居住支援法人): kept, at ``low`` confidence, because the
#: reports' readers list such kinds as partners.
CLASSES = ("body", "group", "category", "meeting", "profession", "people", "generic", "legal_form",
           "activity", "form")


@dataclass(frozen=True)
class Entry:
    """One row of ``lexicon.csv``: the canonical ``name`` and what kind of word it is."""

    name: str
    cls: str
    sector: str
    kind: str


def _key(word: str) -> str:
    return squash(unicodedata.normalize("NFKC", word))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Entry]:
    """Every name and alias of ``lexicon.csv`` (NFKC, spaces removed) → its :class:`Entry`.

    >>> lexicon()["法テラス"].name
    '日本司法支援センター'
    >>> lexicon()["他団体"].cls
    'generic'
    """
    out: dict[str, Entry] = {}
    with LEXICON_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["class"] not in CLASSES or not row["source"].strip():
                raise ValueError(f"{LEXICON_CSV.name}: row {row['name']!r}: unknown class "
                                 f"{row['class']!r} or no source")
            entry = Entry(row["name"], row["class"], row["sector"], row["kind"])
            for word in [row["name"], *filter(None, row["aliases"].split("|"))]:
                out.setdefault(_key(word), entry)
    return out


def lookup(word: str) -> Entry | None:
    """The lexicon entry of ``word`` (any alias), or None.

    >>> lookup("社協").name
    '社会福祉協議会'
    """
    return lexicon().get(_key(word))

# Hiragana that occur inside organisation / meeting names; masked so that name scanning may
# run through them (障がい者相談支援事業所, 地区福祉のまち推進センター).
_HIRA_IN_NAMES = (
    "障がい", "子ども", "子育て", "見守り", "か町村", "こども", "ふれあい", "いきいき", "ささえあい", "支えあい", "支え合い",
    "まちづくり", "のまち", "くらし", "すこやか", "あんしん", "ふくし", "よりそい", "つながり",
    "ひきこもり", "がん", "けん", "こころの", "こころ", "なごみ", "ひだまり", "わが", "我が事", "丸ごと",
    "まるごと", "困りごと", "心配ごと", "ごと", "ぐるみ", "みんなの", "の会", "の家", "の園",
    "ほっと", "かたつむり", "あいさつ", "づくり", "しあわせ", "ゆうあい", "もりおか", "いわて",
    "こども園", "子ども会",
)
#: Hiragana words welfare bodies and 窓口 give themselves as their own name (general knowledge of
#: the field): 「くらしサポートセンター」「生活あんしんセンター」「市民なやみごと相談窓口」 (WAM NET,
#: the job guide to 自立相談支援機関), 「たすけあい銀行」 (003:4287), 「はたらっく・ざま」 (002:573).
#: Masked like :data:`_HIRA_IN_NAMES` when scanning, but a proper part of a name, not a common
#: word: 「市民なやみごと相談窓口」 names one 窓口, 「子育て相談窓口」 a kind.
_HIRA_OWN_NAMES = (
    "なやみ", "しごと", "すまい", "たすけあい", "ささえ", "みまもり", "ぬくもり", "やすらぎ",
    "ほほえみ", "えがお", "ひまわり", "たんぽぽ", "あおぞら", "わかば", "みらい", "きずな",
    "なかま", "よろず", "まなび", "はたらく", "はたらっく", "おもいやり", "ほっとけない",
)
#: The spellings of 子ども食堂: a suffix of the group that runs one (○○こども食堂), and a kind
#: when nothing but common words stands before it (names.py ``_KIND_SUFFIX``).
CHILD_CAFETERIAS = ("子ども食堂", "こども食堂", "子供食堂")
#: Suffixes that make a name, with the kind of thing they name. The longest suffix that fits
#: decides (社会福祉協議会 is an organisation although 協議会 alone is both).
SUFFIXES: dict[str, tuple[str, str]] = {
    **{x: ("organisation", "suffix") for x in (
        "社会福祉協議会", "社協", "センター", "事業所", "事務所", "協会", "組合", "連合会",
        "商工会", "医師会", "家族会", "母子会", "クラブ", "病院", "診療所", "クリニック", "大学",
        "学校", "教育委員会", "課", "係", "室", "保健所", "相談所", "支部", "本部", "公社",
        "事業団", "役所", "役場", "振興局", "福祉会", "公民館", "福祉館", "班", "推進会", "分会",
        "ステーション", "民生委員協議会", "児童委員協議会", "民児協", "福祉公社", "法人会",
        "後見センター", "事業協同組合", "管理組合", "商店街", "自治会", "町内会", "町会",
        "局", "庁", "省", "協同組合", "労働組合", "家庭裁判所", "刑務所", "保護観察所",
        "株式会社", "有限会社", "合同会社",  # キャリアバンク株式会社 (seed line 13)
        # how Japanese bodies of the field name themselves, from general knowledge of the field
        # (not from a report): schools and nurseries, offices that end in 署/所, the 〜会 of
        # professions (社会福祉士会), of residents (婦人会, 子ども会) and of families (遺族会)
        "大学院", "学園", "保育所", "保育園", "幼稚園", "こども園", "児童館", "図書館",
        "医院", "薬局", "老人ホーム", "作業所", "授産所", "研究所", "裁判所", "会議所",
        "警察署", "消防署", "税務署", "監督署", "赤十字社", "信用金庫", "消防団",
        "士会", "育成会", "遺族会", "断酒会", "当事者会", "女性会", "婦人会", "老人会",
        "子ども会", "子供会", "互助会", "振興会", "協力会",
        "生協", "農協", "漁協", "職業安定所", "学会",  # 生活クラブ生協, 厚木公共職業安定所
        "会社", "販売店",  # the lifeline firms of 見守り協定: ガス会社, 新聞販売店
        # banks and funds (見守り協定, 家計改善支援の連携先: 地方銀行, 信用組合, 労働金庫, 〜財団),
        # churches (food banks' partners), leagues and service corps (赤十字奉仕団, 001:563)
        "銀行", "信用組合", "労働金庫", "財団", "教会", "連盟", "奉仕団")},
    **{x: ("organisation", "weak") for x in (
        "機関", "団体", "窓口", "の家", "ネットワーク", "チーム", "工房", "文庫", "事業者",
        "協働体", "サポート", "プロジェクト",
        # a named 子ども食堂 (○○こども食堂) is the group that runs it; bare, it is an activity
        *CHILD_CAFETERIAS)},
    **{x: ("meeting", "suffix") for x in (
        "会議", "部会", "連絡会", "検討会", "懇談会", "勉強会", "意見交換会", "情報交換会",
        "交換会", "全体会", "分科会", "定例会", "座談会", "ミーティング", "会合", "会義", "交流会",
        # the other words Japanese bodies name their sittings with (a bare one is generic,
        # lexicon.csv): 社会福祉審議会, 地域福祉懇話会, ケアカンファレンス, 包括担当者会
        "審議会", "懇話会", "評議会", "幹事会", "世話人会", "担当者会", "役員会", "理事会",
        "カンファレンス", "報告会",
        # working groups and study meetings (ワーキンググループ, WG, 学習会, 打合せ会)
        "ワーキンググループ", "WG", "学習会", "打合せ会", "打ち合わせ会", "調整会")},
    **{x: ("meeting", "weak") for x in (
        "ワークショップ", "フォーラム", "サミット", "相談会", "セミナー", "シンポジウム",
        "研修会", "カレッジ")},
    **{x: ("both", "suffix") for x in ("協議会", "協議体", "委員会", "連絡協議会")},
    # 〜プラットフォーム: the word 地域共生 policy uses for a standing forum of residents and
    # bodies (地域福祉活動プラットフォーム); a council or a meeting, as 協議会 is
    **{x: ("both", "weak") for x in ("の会", "研究会", "プラットフォーム")},
}
_MEETING_SUFFIXES = tuple(k for k, (kind, _) in SUFFIXES.items() if kind != "organisation")
_ORG_SUFFIXES = tuple(k for k, (kind, _) in SUFFIXES.items() if kind != "meeting")
_WORD_SUFFIXES = {"課", "係", "班", "推進会", "分会", "研究会", "の会", "の家", "部会", "全体会",
                  # 高校生, 学園都市, 消防団員, 薬局長: the suffix starts a word for people or a place
                  "学園", "医院", "薬局", "児童館", "図書館", "保育園", "幼稚園",
                  "消防団", "士会", "会社", "婦人会", "女性会", "老人会", "子ども会", "子供会"}
_ROLE_SUFFIXES = ("コーディネーター", "推進員", "相談員", "支援員", "ワーカー", "専門員",
                  "協力員", "サポーター", "後見人", "相談支援専門員", "社会福祉士", "保健師")
_LEGAL_PREFIX = re.compile(
    r"(?:認定特定非営利活動法人|特定非営利活動法人|NPO法人|社会福祉法人|一般社団法人|一般財団法人|"
    r"公益社団法人|公益財団法人|社会医療法人|医療法人社団|医療法人|更生保護法人|株式会社)"
)

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


