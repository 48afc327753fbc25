"""What a synthetic municipality is made of: needs, organisation, program, meeting and role
templates, each with the law or seed line it follows (see :mod:`netmap.synth`)."""

from __future__ import annotations

__all__ = ["NEEDS", "HUB_NEEDS", "RARE_NEEDS", "P_ABSENT", "DEMAND_MIX", "CITYWIDE", "AREA",
           "PROGRAMS", "MEETINGS", "AREA_MEETINGS", "ROLES", "AREA_ROLES", "TIE_CHOICE",
           "COLUMNS"]

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
CITYWIDE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
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
AREA: tuple[tuple[str, str, str, tuple[str, ...], int], ...] = (
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
PROGRAMS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
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
# (name, per_year, per_year_max, purpose code (netmap.vocabulary.MEETING_PURPOSES), aim,
#  convener: "hub" | "government" | "shakyo"). 支援会議, 支援調整会議 and 重層的支援会議 discuss
# individual cases (法第9条; 社会福祉法第106条の6); 協議会 join agencies; 委員会 and 推進会議 on
# a plan are planning.
MEETINGS: tuple[tuple[str, int | None, int | None, str, str, str], ...] = (
    ("支援会議", 12, None, "case", f"{_LAW}第9条に基づく情報共有と支援の検討", "hub"),
    ("支援調整会議", 12, None, "case", "支援プランの調整", "hub"),
    ("重層的支援会議", 12, None, "case", "複合課題ケースの役割分担", "government"),
    ("要保護児童対策地域協議会", 4, None, "network", "要保護児童の支援", "government"),
    ("地域ケア推進会議", 1, 2, "planning", "地域課題の政策化", "government"),
    ("障害者自立支援協議会", 4, None, "network", "障害者の地域生活支援", "government"),
    ("地域福祉計画推進委員会", 1, 2, "planning", "地域福祉計画の進行管理", "shakyo"),
    ("自殺対策推進協議会", 1, None, "network", "自殺対策計画の推進", "government"),
    ("居住支援協議会", 2, None, "network", "住宅確保要配慮者の入居支援", "government"),
    ("再犯防止推進会議", 1, None, "planning", "地域再犯防止推進計画", "government"),
)
AREA_MEETINGS = (("地域ケア会議（{a}）", 6, None, "case", "個別ケースと地域課題の検討"),
                 ("{a}ネットワーク会議", 4, 6, "network", "地区の見守りと情報共有"))
# (name, count range, placed at: "hub" | "shakyo" | "anchor" | "residents")
ROLES: tuple[tuple[str, int, int, str], ...] = (
    ("主任相談支援員", 1, 2, "hub"), ("相談支援員", 2, 8, "hub"), ("就労支援員", 1, 4, "hub"),
    ("家計改善支援員", 1, 3, "shakyo"), ("相談支援包括化推進員", 1, 3, "hub"),
    ("アウトリーチ支援員", 1, 2, "hub"),
)
AREA_ROLES = (("生活支援コーディネーター（{a}）", 1, 2, "anchor"),
              ("コミュニティソーシャルワーカー（{a}）", 1, 3, "anchor"),
              ("民生委員・児童委員（{a}）", 15, 120, "residents"))

#: Kinds of a random working tie between organisations, with weights.
TIE_CHOICE = (("refers_to", 45), ("partners", 30), ("shares_info", 25))
#: Columns of each table the generator writes (in this order, every row filled or empty).
COLUMNS = {
    "organisations": ("id", "name", "kind", "sector", "needs", "hub", "area", "evidence"),
    "programs": ("id", "name", "category", "basis", "needs", "evidence"),
    "meetings": ("id", "name", "per_year", "per_year_max", "purpose", "aim", "evidence"),
    "roles": ("id", "name", "count", "evidence"),
    "links": ("source", "target", "type", "evidence"),
    "demand": ("need", "label", "count", "period", "evidence"),
}

