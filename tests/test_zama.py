"""datasets/zama holds every チーム座間 partner of seed 002 and the H30 446-issue table."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from helpers import DATASETS, SEEDS

from netmap.cli import cli
from netmap.io.dataset import load_dataset

# The partners named in seed 002 (issue #2's list); each must be an organisation whose name
# contains this text.
PARTNERS = [
    "生活援護課 自立サポート担当", "生活支援課", "座間市社会福祉協議会", "生活クラブ生協",
    "NPO法人ワーカーズ・コレクティブ協会", "さがみ生活クラブ生協", "厚木公共職業安定所",
    "認定NPO法人きづき", "社会福祉法人県央福祉会", "社会福祉法人中心会", "NPO法人ワンエイド",
    "神奈川県弁護士会", "相談オフィスわ〜くすけあ", "社会福祉法人足跡の会", "株式会社シグマスタッフ",
    "NPO法人ライフリンク",
]
PROGRAMS = ["はたらつく・ざま", "家計改善支援事業", "一時生活支援事業", "地域居住支援事業"]
DEMAND = {"経済的困窮": 70, "病気": 48, "家計管理": 39, "就職活動困難": 32, "メンタルヘルス": 31,
          "家族関係": 28, "社会的孤立": 26, "債務": 26, "障害": 23, "住まい不安定": 20}


def test_every_partner_and_program_is_there() -> None:
    net = load_dataset(DATASETS / "zama")
    orgs = [d["name"] for _, d in net.nodes_of("organisation")]
    for partner in PARTNERS:
        assert any(partner in o for o in orgs), partner
    progs = [d["name"] for _, d in net.nodes_of("program")]
    for prog in PROGRAMS:
        assert any(prog in p for p in progs), prog
    assert net.name_of(net.hub) == "座間市 生活援護課 自立サポート担当"


def test_demand_table_is_the_h30_table() -> None:
    net = load_dataset(DATASETS / "zama")
    rows = {r["label"]: r["count"] for r in net.graph.graph["demand"]}
    for label, count in DEMAND.items():
        assert [c for lab, c in rows.items() if lab.startswith(label)] == [count], label
    assert net.graph.graph["demand_assessments"] == 115
    assert net.graph.graph["demand_issues_total"] == 446
    assert sum(rows.values()) == 343  # the ten rows the slide shows (seed 002:211-215)


def test_every_row_cites_a_line_that_exists() -> None:
    seed = (SEEDS / "002_042a08d9d21ad8a0.txt").read_text(encoding="utf-8").splitlines()
    net = load_dataset(DATASETS / "zama")
    cited = [d.get("evidence", "") for _, d in net.graph.nodes(data=True)
             if d["node_type"] != "need"]
    cited += [d.get("evidence", "") for _, _, d in net.graph.edges(data=True)]
    for ev in cited:
        m = re.match(r"002_042a08d9d21ad8a0\.txt:(\d+)(?:-(\d+))?", ev)
        assert m, ev
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        assert 1 <= first <= last <= len(seed)
        assert any(seed[i - 1].strip() for i in range(first, last + 1)), ev


def test_export_json_lists_partners_and_demand() -> None:
    result = CliRunner().invoke(cli, ["export", str(DATASETS / "zama"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    names = [n.get("name", "") for n in data["nodes"]]
    for partner in PARTNERS:
        assert any(partner in n for n in names), partner
    assert {r["need"]: r["count"] for r in data["graph"]["demand"]}["economic_hardship"] == 70
    assert data["multigraph"] is True and "edges" in data  # networkx 3.6 default key


# -- issue 13: what a 支援会議 can trust -----------------------------------------------------
def _zama():  # type: ignore[no-untyped-def]
    return load_dataset(DATASETS / "zama")


def _planning_only(net) -> set[str]:  # type: ignore[no-untyped-def]
    """Organisations whose only links are attending/convening planning meetings."""
    out = set()
    for org in net.organisations():
        links = [(d["type"], v) for _, v, d in net.graph.out_edges(org, data=True)] + \
            [(d["type"], u) for u, _, d in net.graph.in_edges(org, data=True)]
        if links and all(t in ("attends", "convenes") and
                         net.graph.nodes[m].get("purpose") == "planning" for t, m in links):
            out.add(org)
    return out


def test_brokers_hub_first_and_no_planning_only_division_in_top_five() -> None:
    from netmap.analysis.brokers import brokers

    net = _zama()
    rows = brokers(net)
    only_wg = _planning_only(net)
    assert len(only_wg) >= 14  # 収納課, 職員課, 広聴人権課 … (seed 002 l.317-336)
    assert rows[0]["id"] == net.hub
    assert not {r["id"] for r in rows[:5]} & only_wg
    # Every row carries its evidence and its stability (rank range over 5 seeded drops and
    # without the 推定 links).
    for r in rows:
        assert r["evidence"] and r["rank_min"] <= r["rank"] <= r["rank_max"]
        assert isinstance(r["uncertain"], bool)
    assert rows[0]["rank_max"] == 1  # the hub stays first under every variant


def test_gould_fernandez_not_scored_on_nine_referrals() -> None:
    from netmap.analysis.brokers import brokers, referral_status

    net = _zama()
    st = referral_status(net)
    # 9 refers_to rows in datasets/zama/links.csv (counted in the file).
    assert (st["referral_links"], st["scored"]) == (9, False)
    assert st["message_en"] == "too few referral links to score (9 < 20)"
    assert all(r["total_z"] is None for r in brokers(net, stability_runs=0))


def test_gaps_on_zama_mean_something() -> None:
    from netmap.analysis.gaps import gaps

    g = gaps(_zama())
    # 高齢者介護: no provider recorded, but every municipality has a 地域包括支援センター
    # (介護保険法第115条の46; datasets/expected_providers.csv) and the data hold 介護保険課.
    assert "elder_care" not in g["uncovered"]
    elder = next(r for r in g["probably_unrecorded"] if r["need"] == "elder_care")
    assert "座間市 健康部 介護保険課" in [c["name"] for c in elder["candidates"]]
    assert elder["basis"] == "介護保険法第115条の46"
    # Sector holes: at most a handful, each with its expected count under the null model.
    tests = g["sector_hole_tests"]
    assert len(g["sector_holes"]) <= 5
    assert all(r["expected"] > 0 and r["p_untied"] <= 0.05 for r in tests["holes"])
    assert tests["expected_untied"] > 20  # untied pairs are common in the null too
    # The hub's own removal is in the resilience list, with what it leaves.
    hub = next(c for c in g["critical"] if c["hub"])
    assert hub["demand_reachable_after"] < hub["demand_reachable_before"]
    assert hub["components_after"] > hub["components_before"]  # the hub held pieces together
    # はたらつく・ざま is one consortium program of four organisations: one service for 障害.
    dis = next(t for t in g["thin"] if t["need"] == "disability")
    assert len(dis["providers"]) == 4 and len(dis["services"]) == 1 and dis["designed"]
    assert g["demand_period"]["differs"]  # H30年度 counts, 2023-07-21 providers


def test_hub_convened_case_meeting_does_not_lower_the_hub(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: with a plain projection the hub's betweenness fell 0.69 → 0.00 when it
    convened a case meeting of its partners; the convenor star keeps it first."""
    import shutil

    from netmap.analysis.brokers import brokers

    copy = tmp_path / "zama"
    shutil.copytree(DATASETS / "zama", copy)
    net = load_dataset(copy)
    partners = sorted({v for u, v, d in net.links("partners", "commissions", "refers_to")
                       if u == net.hub} | {u for u, v, d in net.links("partners", "refers_to")
                                           if v == net.hub})
    with open(copy / "meetings.csv", "a", encoding="utf-8") as f:
        f.write("mtg-case,支援調整会議,12,,支援調整会議・ケース会議,,test,\n")
    with open(copy / "links.csv", "a", encoding="utf-8") as f:
        f.write(f"{net.hub},mtg-case,convenes,,,test,\n")
        for p in partners:
            f.write(f"{p},mtg-case,attends,,,test,\n")
    before = [r["id"] for r in brokers(net, stability_runs=0)]
    after_net = load_dataset(copy)
    assert after_net.graph.nodes["mtg-case"]["purpose"] == "case"  # Japanese label accepted
    after = [r["id"] for r in brokers(after_net, stability_runs=0)]
    assert len(partners) >= 15
    assert after.index(net.hub) <= before.index(net.hub) == 0


def test_zama_data_carry_purposes_certainty_and_volumes() -> None:
    net = _zama()
    purposes = {m: d.get("purpose") for m, d in net.nodes_of("meeting")}
    assert purposes == {"mtg-hokatsu-wg": "planning", "mtg-hokatsu-senmonbukai": "planning",
                        "mtg-hokatsu-wt": "planning"}
    inferred = [(u, v) for u, v, d in net.links() if d.get("certainty") == "inferred"]
    assert ("zama-shuno", "zama-jiritsu-support") in inferred  # 窓口＝収納課は推定
    volume = {(u, v): d.get("per_year") for u, v, d in net.links("refers_to")}
    # seed 002 l.479-483: 30/47/38 and 38/38/44 a year (H27-H29), 3-year means
    assert volume[("zama-seikatsu-engo", "zama-jiritsu-support")] == 38.3
    assert volume[("zama-jiritsu-support", "zama-seikatsu-engo")] == 40
