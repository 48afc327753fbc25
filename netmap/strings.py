"""The words of netmap's interface: one table of message keys → (Japanese, English).

Labels of *codes* (sectors, link types, …) are in :mod:`netmap.vocabulary`; everything else a
person reads — the map's buttons, the terminal reports' headings, the comparison page — is here,
so a wording is changed in one place and both languages stay side by side. Keys are
``<where>.<what>``; :func:`t` fills ``{placeholders}`` with ``str.format``.

Examples
--------
>>> t("map.reset", "ja"), t("map.reset", "en")
('表示をリセット', 'Reset view')
>>> t("gaps.unreachable", "en", steps=2)
'Needs whose providers are more than 2 ties from the hub'
"""

from __future__ import annotations

from typing import Any

__all__ = ["STRINGS", "t", "ui_strings"]

STRINGS: dict[str, tuple[str, str]] = {
    # -- the map page (render/templates/map.js reads these as UI.<key>) --------------------
    "map.title": ("支援ネットワーク地図", "Support network map"),
    "map.search": ("検索（名前・種別・地域・略称）", "Search (name, kind, area, alias)"),
    "map.search_placeholder": ("例: 社協、ハローワーク", "e.g. council, Hello Work"),
    "map.matches": ("件見つかりました", "matches"),
    "map.showing": ("（{n} 件を表示）", " ({n} shown)"),
    "map.and_more": ("ほか {n} 件", "and {n} more"),
    "map.group_hint": ("まとめて表示中：クリックで展開", "Grouped: click to expand"),
    "map.group_count": ("{n} 機関", "{n} organisations"),
    "map.group_items": ("{n} 件", "{n}"),
    "map.group_links": ("つながり {n} 本（合計）", "{n} links (summed)"),
    "map.gap_list": ("すき間", "Gaps"),
    "map.gap_list_n": ("すき間（{n}）", "Gaps ({n})"),
    "map.gap_only": (" のみ", " only"),
    "map.who": ("チーム", "Team"),
    "map.who_team": ("案", "Option"),
    "map.who_missing": ("対応機関の登録なし: ", "No provider recorded: "),
    "map.who_none": ("表示しない", "Don't show"),
    "map.projection": ("投影モード", "Projection mode"),
    "map.projection_hint": ("P キーで切り替え（Esc で戻る）", "Press P to toggle (Esc leaves)"),
    "map.controls": ("☰ 操作", "☰ Controls"),
    "map.details": ("詳細・凡例", "Details · legend"),
    "map.print": ("印刷", "Print"),
    "map.print_view": ("この表示を印刷", "Print this view"),
    "map.this_view": ("絞り込んだ表示", "filtered view"),
    "map.no_match": ("見つかりません", "No match"),
    "map.need_filter": ("ニーズで絞り込み", "Filter by need"),
    "map.need_all": ("（すべて表示）", "(show all)"),
    "map.need_suffix": ("に対応する機関を表示", ": show who covers it"),
    "map.sector_filter": ("分野（セクター）", "Sectors"),
    "map.type_filter": ("種類", "Kinds"),
    "map.neighbourhood": ("クリックで周辺を表示", "Click shows neighbourhood"),
    "map.steps1": ("1段階", "1 step"),
    "map.steps2": ("2段階", "2 steps"),
    "map.gaps": ("すき間を強調", "Highlight gaps"),
    "map.brokers": ("つなぎ役を強調", "Highlight brokers"),
    "map.no_analysis": ("（分析結果なし）", "(no analysis given)"),
    "map.reset": ("表示をリセット", "Reset view"),
    "map.legend": ("凡例", "Legend"),
    "map.legend_sectors": ("色 = 分野", "Colour = sector"),
    "map.legend_kinds": ("形 = 種類", "Shape = kind"),
    "map.legend_edges": ("線 = つながりの種類", "Line = link type"),
    "map.legend_marks": ("しるし", "Marks"),
    "map.legend_size": ("大きさ", "Size"),
    "map.panel_hint": ("ノードをクリックすると詳細が表示されます。", "Click a node to see its details."),
    "map.kind": ("種別", "Kind"),
    "map.node_type": ("分類", "Type"),
    "map.sector": ("分野", "Sector"),
    "map.needs": ("対応するニーズ", "Needs covered"),
    "map.providers": ("対応する機関・事業", "Covered by"),
    "map.programs": ("実施する事業", "Programs operated"),
    "map.operators": ("実施機関", "Operated by"),
    "map.meetings": ("参加・主催する会議体", "Meetings attended / convened"),
    "map.members": ("参加機関", "Members"),
    "map.placed": ("配置先", "Placed at"),
    "map.count": ("人数", "Count"),
    "map.per_year": ("開催回数（年）", "Sittings a year"),
    "map.links": ("つながり", "Links"),
    "map.evidence": ("出典", "Source"),
    "map.assured_date": ("最終確認日", "Last checked"),
    "map.unknown": ("不明", "unknown"),
    "map.contact": ("連絡先", "Contact"),
    "map.measure": ("指標", "Measure"),
    "map.hub": ("司令塔", "Hub"),
    "map.gap_uncovered": ("対応機関なし", "no provider"),
    "map.gap_thin": ("対応機関が1か所だけ", "single provider"),
    "map.gap_unrecorded": ("未登録の可能性", "probably unrecorded"),
    "map.gap_ask": ("確認先の候補", "ask"),
    "map.broker_rank": ("つなぎ役の順位", "Broker rank"),
    "map.redacted": ("個人情報は削除済み", "personal data removed"),
    "map.as_of": ("{date} 時点", "as of {date}"),
    "map.nodes_count": ("ノード", "nodes"),
    "map.edges_count": ("リンク", "links"),
    "map.none": ("なし", "none"),
    "map.attr_area": ("対象地域", "Area"),
    "map.attr_note": ("備考", "Note"),
    "map.attr_contact_name": ("担当者", "Contact person"),
    "map.attr_phone": ("電話", "Phone"),
    "map.attr_email": ("メール", "E-mail"),
    "map.attr_url": ("URL", "URL"),
    "map.attr_category": ("区分", "Category"),
    "map.attr_basis": ("根拠法令", "Statutory basis"),
    "map.attr_purpose": ("目的", "Purpose"),
    "map.attr_demand": ("把握されたニーズ件数", "Observed demand"),
    # -- netmap show (render/text.py) ------------------------------------------------------
    "show.nodes": ("ノード: ", "Nodes: "),
    "show.links": ("リンク: ", "Links: "),
    "show.sectors": ("セクター: ", "Sectors: "),
    "show.hub": ("司令塔（自立相談支援機関）: ", "Hub: "),
    "show.needs": ("ニーズと対応機関:", "Needs and providers:"),
    "show.none": ("（なし）", "(none)"),
    "show.demand": ("把握されたニーズ件数:", "Demand:"),
    # -- netmap brokers / stale tables (render/text.py) -------------------------------------
    "brokers.col.name": ("機関・団体", "Organisation"),
    "brokers.col.sector": ("セクター", "Sector"),
    "brokers.col.degree": ("つながり数", "Ties"),
    "brokers.col.betweenness": ("媒介中心性", "Betweenness"),
    "brokers.col.constraint": ("制約度", "Constraint"),
    "brokers.col.effective_size": ("実効規模", "Eff. size"),
    "brokers.col.coordinator": ("調整", "coord"),
    "brokers.col.itinerant": ("巡回", "itin"),
    "brokers.col.representative": ("代表", "repr"),
    "brokers.col.gatekeeper": ("門番", "gate"),
    "brokers.col.liaison": ("連絡", "liais"),
    "brokers.col.total": ("役割計", "total"),
    "brokers.col.total_z": ("役割z", "total_z"),
    "brokers.col.rank_range": ("順位の幅", "rank range"),
    "brokers.col.uncertain": ("不確か", "uncertain"),
    "brokers.uncertain": ("不確か", "uncertain"),
    "stale.col.table": ("表", "table"),
    "stale.col.id": ("ID", "id"),
    "stale.col.name": ("名称", "name"),
    "stale.col.assured_date": ("確認日", "assured date"),
    "stale.col.age_days": ("経過日数", "age (days)"),
    "stale.col.reason": ("理由", "reason"),
    "stale.reason.missing": ("確認日なし", "missing"),
    "stale.reason.old": ("古い", "old"),
    # -- netmap diff (render/text.py) ------------------------------------------------------
    "diff.joined": ("加わった", "Joined"),
    "diff.left": ("抜けた", "Left"),
    "diff.changed": ("変わった", "Changed"),
    "diff.ties_added": ("新しいつながり", "New ties"),
    "diff.ties_lost": ("失われたつながり", "Lost ties"),
    "diff.gaps_closed": ("解消したすき間", "Gaps closed"),
    "diff.gaps_opened": ("新たなすき間", "Gaps opened"),
    # -- netmap gaps (render/text.py) ------------------------------------------------------
    "brokers.too_few": ("紹介リンクが少なすぎて役割を評価できません ({k} 本 < {n} 本)",
                        "too few referral links to score ({k} < {n})"),
    "demand.incl_children": ("下位ニーズを含む", "incl. child needs"),
    # -- lines that say where a file went (Japanese keeps the English gloss; English alone)
    "cli.wrote_map": ("地図 (map): {path}", "map: {path}"),
    "cli.wrote": ("作成しました (written): {path}", "written: {path}"),
    "cli.wrote_html": ("{path} に書き出しました (written)", "written: {path}"),
    "gaps.title": ("すき間の点検", "gaps"),
    "gaps.uncovered": ("対応機関の記録がないニーズ", "Needs with no provider recorded"),
    "gaps.unrecorded": ("未登録の可能性（法定・ほぼ全市町村にある機関が通常対応）",
                        "Probably unrecorded (a statutory or near-universal body usually covers it)"),
    "gaps.ask": ("確認先の候補", "ask"),
    "gaps.thin": ("一つのサービスだけが対応", "Needs with a single service"),
    "gaps.designed": ("制度上の単独（要見守り）", "single by design (watch)"),
    "gaps.fragile": ("脆弱な単独", "fragile single provider"),
    "gaps.cases": ("把握件数", "cases"),
    "gaps.no_hub": ("司令塔（hub）が未設定のため、到達性は計算していません",
                    "No hub flagged: reachability not computed"),
    "gaps.unreachable": ("司令塔から {steps} 歩以内に届かないニーズ",
                         "Needs whose providers are more than {steps} ties from the hub"),
    "gaps.steps": ("歩", "steps"),
    "gaps.not_connected": ("つながりなし", "not connected"),
    "gaps.unlinked": ("対応機関どうしがつながっていないニーズ", "Needs whose providers never meet"),
    "gaps.sector_holes": ("偶然では説明しにくい、つながりのないセクターの組",
                          "Sector pairs never linked, unlikely by chance"),
    "gaps.hole_detail": ("実際 0 本 / 次数を保った無作為化で期待 {expected} 本 (z = {z}, 0 本になる割合 {p})",
                         "observed 0 / expected {expected} under degree-preserving rewiring "
                         "(z = {z}, share untied {p})"),
    "gaps.hole_baseline": ("つながりのない組は全部で {n} 組（無作為化でも平均 {e} 組）。司令塔を通じてつながる組は除外",
                           "{n} pairs untied in all ({e} on average under the null); pairs "
                           "the hub joins are left out"),
    "gaps.critical": ("抜けると困る機関・会議体", "Critical organisations and meetings"),
    "gaps.cuts_off": ("{n} か所が孤立: ", "cuts off {n}: "),
    "gaps.hub_loss": ("司令塔自身が抜けると {pieces} 個に分断、残る最大の塊が届くのは需要 {after}/{before}",
                      "the hub itself lost: {pieces} pieces; the best piece left reaches demand "
                      "{after}/{before}"),
    "gaps.hub_alone": ("司令塔には紹介・委託・連携・ケース会議のつながりが記録されていません（抜けると"
                       "自ら対応するニーズ {before} 件に届かなくなる）",
                       "no referral, commissioning, partnership or case-meeting tie of the hub is "
                       "recorded (its loss takes away the {before} needs it covers itself)"),
    "gaps.coverage_left": ("届く需要 {before} → {after}", "reachable demand {before} → {after}"),
    "gaps.needs_left": ("届くニーズ {before} → {after}", "reachable needs {before} → {after}"),
    "gaps.uncertain": ("不確か（順位 {lo}〜{hi}）", "uncertain (rank {lo}–{hi})"),
    "gaps.leaves_uncovered": ("対応者がいなくなる: ", "leaves uncovered: "),
    "gaps.ranking": ("サービスあたりの把握件数（下位ニーズを含む、逼迫度順）",
                     "Demand per service, child needs included (pressure first)"),
    "gaps.per_service": ("件/サービス", "per service"),
    "gaps.services_unit": ("サービス", "services"),
    "gaps.service_unit": ("サービス", "service"),
    "gaps.no_provider": ("対応機関なし", "no provider"),
    "gaps.per_provider": ("件/機関", "per provider"),
    "gaps.cases_unit": ("件", "cases"),
    "gaps.providers_unit": ("機関", "providers"),
    "gaps.matrix": ("セクター間のつながり（本数）", "Sector mixing matrix (ties)"),
    # -- netmap who (render/text.py) -------------------------------------------------------
    "who.question": ("{needs} に対応できるのは？", "Who can handle {needs}?"),
    "who.read": ("読み取り: ", "Read as: "),
    "who.unread": ("読めなかった語: ", "Not understood: "),
    "who.did_you_mean": ("もしかして", "did you mean"),
    "who.start": ("起点（窓口）: ", "Handed on from (desk): "),
    "who.no_start": ("起点なし（司令塔の指定がありません）", "No desk (no hub in the dataset)"),
    "who.area": ("本人の地区: ", "Person's area: "),
    "who.nobody": ("対応機関がないニーズ: ", "Nobody covers: "),
    "who.unrecorded": ("{need}: 通常は {body}（{basis}）が担います。データに未登録の可能性があります。",
                       "{need}: normally covered by {body} ({basis}); probably not recorded in the "
                       "data."),
    "who.partial": ("※ 以下は {needs} を除いた残りのニーズに対応するチームです。",
                    "The teams below cover the other needs, without {needs}."),
    "who.no_team": ("対応できる組み合わせが見つかりません。", "No team found."),
    "who.teams": ("最小のチーム（つなぎやすさの順）:", "Smallest teams, easiest hand-off first:"),
    "who.single": ("1 機関で対応できる候補（つなぎやすさの順）:",
                   "One organisation covers it all (easiest hand-off first):"),
    "who.score": ("スコア", "score"),
    "who.desk": ("窓口", "desk"),
    "who.handoff": ("つなぎやすさ", "hand-off"),
    "who.unreachable": ("窓口からつながる経路なし", "no route from the desk"),
    "who.this_desk": ("（窓口自身）", "(the desk itself)"),
    "who.meeting": ("調整の場: ", "Plan agreed at: "),
    "who.absent": ("不参加: ", "not attending: "),
    "who.no_meeting": ("チームがそろう会議体はありません", "No meeting brings the team together"),
    "who.no_meeting_any": ("どのチームにも、全員がそろう会議体はありません",
                           "No meeting brings any of these teams together"),
    "who.desk_mark": ("（窓口）", " (desk)"),
    # -- netmap compare --html (render/compare_html.py) ------------------------------------
    "compare.title": ("自治体別 ニーズ対応状況", "Support coverage by municipality"),
    "compare.html_lang": ("ja", "en"),
    "compare.scale_0": ("なし（未対応）", "none (uncovered)"),
    "compare.scale_1": ("1か所のみ", "one provider (thin)"),
    "compare.scale_2": ("2か所", "2"),
    "compare.scale_3": ("3〜4か所", "3–4"),
    "compare.scale_5": ("5〜9か所", "5–9"),
    "compare.scale_10": ("10か所以上", "10 or more"),
    "compare.municipalities": ("自治体", "municipalities"),
    "compare.cells": ("ニーズ。セルの数字は対応する機関・団体の数（直接または事業を通じて）。"
                      "マウスを重ねると人口1万人あたりの数。",
                      "needs. Cell: organisations covering the need (directly or through a "
                      "program); tooltip: per 10,000 people."),
    "compare.synthetic": ("件は合成データです。", "synthetic datasets."),
    "compare.coverage": ("ニーズ別の対応機関数", "Coverage"),
    "compare.municipality": ("自治体", "Municipality"),
    "compare.population": ("人口", "Population"),
    "compare.draft": ("（下書き）", " (draft)"),
    "compare.per_10k": ("{per:.3f} / 1万人", "{per:.3f} per 10,000"),
    "compare.population_unknown": ("人口不明", "population unknown"),
    "compare.scores": ("ネットワーク指標", "Network scores"),
    "compare.note": ("つなぎ役: 他の機関どうしを結ぶ最短経路の {thr:.0%} 以上が通る機関（媒介中心性）。"
                     "司令塔から2歩: 自立相談支援機関から2つ以内のつながりで届く機関の割合。",
                     "Brokers: organisations on at least {thr:.0%} of the shortest paths between "
                     "other organisations (normalised betweenness). Hub reach: share of "
                     "organisations within 2 ties of the 自立相談支援機関."),
    # -- the printable report (render/report.py) ---------------------------------------------
    "report.title": ("支援ネットワーク 点検資料", "Support network review"),
    "report.who": ("{needs} に対応できるチーム", "Teams for {needs}"),
    "report.who_note": ("窓口（司令塔）からのつなぎやすさの順。経路はつなぎの根拠つき（netmap who --route と同じ）。",
                 "Ranked by how easily the desk hands the person on; each route with its "
                 "evidence (as netmap who --route)."),
    "report.who_none": ("このニーズのすべてに対応できるチームはありません", "No team covers all these needs"),
    "report.who_uncoverable": ("対応機関が登録されていないニーズ: {needs}（下のチームは残りのニーズに対応）",
                               "No provider recorded for: {needs} (the teams below cover the rest)"),
    "report.who_unrecorded": ("{need}: 通常は {body} が担います（未登録の可能性）",
                              "{need}: normally covered by {body} (probably not recorded)"),
    "report.who_desk": ("窓口", "desk"),
    "report.who_score": ("スコア", "score"),
    "report.who_meeting": ("調整できる会議体", "Meeting that could coordinate"),
    "report.made": ("作成日", "Prepared"),
    "report.as_of": ("データ時点", "Data as of"),
    "report.redacted": ("個人情報（氏名・電話・メール）は削除済み",
                 "Personal data (names, phone numbers, e-mail) removed"),
    "report.counts": ("規模", "Size"),
    "report.hub": ("司令塔（自立相談支援機関）", "Hub (independence support centre)"),
    "report.no_hub": ("司令塔（hub）が未設定のため、到達性は計算していません",
               "No hub flagged: reachability not computed"),
    "report.map": ("ネットワーク図", "Network map"),
    "report.map_note": ("色＝分野、形＝種類。赤＝対応機関なしのニーズ、橙＝一か所だけ、金の縁＝つなぎ役の上位。",
                 "Colour = sector, shape = kind. Red = need nobody covers, orange = one "
                 "provider only, gold rim = top brokers."),
    "report.gaps": ("すき間", "Gaps"),
    "report.uncovered": ("対応機関の記録がないニーズ", "Needs with no provider recorded"),
    "report.unrecorded": ("未登録の可能性（法定・ほぼ全市町村にある機関が通常対応）",
                          "Probably unrecorded (a statutory or near-universal body usually covers it)"),
    "report.ask": ("確認先の候補", "ask"),
    "report.thin": ("一つのサービスだけが対応", "Needs with a single service"),
    "report.designed": ("制度上の単独", "single by design"),
    "report.fragile": ("脆弱な単独", "fragile"),
    "report.unreachable": ("司令塔から {n} 歩以内に届かないニーズ",
                    "Needs whose providers are more than {n} ties from the hub"),
    "report.unlinked": ("対応機関どうしがつながっていないニーズ", "Needs whose providers never meet"),
    "report.critical": ("抜けると困る機関・会議体", "Critical organisations and meetings"),
    "report.none": ("なし", "none"),
    "report.cases": ("把握件数", "cases"),
    "report.steps": ("歩", "steps"),
    "report.not_connected": ("つながりなし", "not connected"),
    "report.cuts_off": ("{n} か所が孤立", "cuts off {n}"),
    "report.needs_lost": ("対応者がいなくなる", "leaves uncovered"),
    "report.more": ("ほか {n} 件", "{n} more"),
    "report.brokers": ("つなぎ役（上位）", "Top brokers"),
    "report.brokers_note": ("重み付き媒介中心性（距離＝1/重み, Opsahl ほか 2010）の高い順。つながりの重みは種類・"
                     "年間件数・会議の目的と回数から（docs/METHODS.md）。制約度は重み付きの Burt (1992)、"
                     "仲介総数は紹介リンク上の Gould & Fernandez (1989) の役割の合計。",
                     "By weighted betweenness (distance = 1/weight, Opsahl et al. 2010); tie "
                     "weights from link type, yearly volume, meeting purpose and sittings "
                     "(docs/METHODS.md). Weighted constraint after Burt (1992); brokerage total = "
                     "Gould & Fernandez (1989) roles on referral links."),
    "report.rank": ("順位", "Rank"),
    "report.name": ("機関・団体", "Organisation"),
    "report.sector": ("分野", "Sector"),
    "report.betweenness": ("媒介中心性", "Betweenness"),
    "report.constraint": ("制約度", "Constraint"),
    "report.brokerage": ("仲介総数", "Brokerage"),
    "report.contact": ("連絡先", "Contact"),
    "report.no_brokers": ("つなぎ役はいません（つながりがありません）", "No brokers (no ties)"),
    "report.demand": ("把握されたニーズと対応サービス数", "Observed needs and services"),
    "report.demand_note": ("逼迫度順（対応サービスのないニーズが先頭、次に 1 サービスあたり件数の多い順。"
                    "下位ニーズの件数は上位ニーズにも合算）。",
                    "Pressure first: needs with no service, then most cases per service (a "
                    "sub-need's cases also count for its parent)."),
    "report.need": ("ニーズ", "Need"),
    "report.source_label": ("資料の表記", "As written"),
    "report.providers": ("サービス数（下位ニーズ含む）", "Services (incl. sub-needs)"),
    "report.per_provider": ("1サービスあたり件数", "Cases per service"),
    "report.cases_all": ("件数（下位ニーズ含む）", "Cases (incl. sub-needs)"),
    "report.no_provider": ("対応機関なし", "no provider"),
    "report.no_demand": ("demand.csv がありません", "No demand.csv"),
    "report.period": ("期間", "Period"),
    "report.sources": ("出典", "Sources"),
    "report.sources_note": ("データセットの各行が引く出典。資料ごとに、箇所（行）と引用する行数。",
                     "The evidence each dataset row cites, by document: place (lines) and "
                     "number of rows citing it."),
    "report.urls": ("ウェブ", "Web"),
    "report.other": ("その他", "Other"),
    "report.rows": ("行", "rows"),
    "report.links": ("リンク", "links"),
    # -- the WebGL overview (render/overview.py) -----------------------------------------------
    "overview.title": ("支援ネットワーク全体図", "Support network overview"),
    "overview.municipality": ("自治体", "Municipality"),
    "overview.degree": ("つながり数", "Links"),
    "overview.more": ("ほか {n} 件", "{n} more"),
    "overview.hint": ("名前で検索、またはノードをクリック。ホイールで拡大すると名前が増えます。",
             "Search a name or click a node; zoom in with the wheel to see more names."),
    "overview.municipalities": ("自治体", "municipalities"),
    "overview.all_links": ("すべてのつながりを描く", "Draw every link"),
    "overview.no_webgl": ("このブラウザでは WebGL が使えないため全体図を描けません。ブラウザの設定で"
                 "ハードウェアアクセラレーションを有効にするか、netmap map --renderer vis で"
                 "描いてください。",
                 "This browser has no WebGL, so the overview cannot be drawn. Turn on hardware "
                 "acceleration in the browser settings, or draw it with "
                 "netmap map --renderer vis."),
}


def t(key: str, lang: str = "ja", **fmt: Any) -> str:
    """The message ``key`` in ``lang`` (``"en"``, else Japanese), formatted with ``fmt``.

    Raises ``KeyError`` for an unknown key (a typo must fail in the tests, not show a key).
    """
    ja, en = STRINGS[key]
    text = en if lang == "en" else ja
    return text.format(**fmt) if fmt else text


def ui_strings(lang: str) -> dict[str, str]:
    """The map page's strings (the ``map.*`` keys without the prefix) in ``lang``.

    >>> ui_strings("ja")["reset"], ui_strings("en")["legend"]
    ('表示をリセット', 'Legend')
    """
    groups = {f"gap_group_{g}": t(key, lang) for g, key in (  # as `netmap gaps` heads them
        ("uncovered", "gaps.uncovered"), ("probably_unrecorded", "gaps.unrecorded"),
        ("thin", "gaps.thin"))}
    return {key[4:]: t(key, lang) for key in STRINGS if key.startswith("map.")} | groups
