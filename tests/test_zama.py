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
    assert data["multigraph"] is True and "links" in data
