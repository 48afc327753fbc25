"""The overview map's layout and page data (netmap.render.overview, overview_layout), no browser.

Geometry is checked against the definitions: two discs overlap when the distance of their
centres is less than the sum of their radii (plus the gap asked for); a wedge is a run of
consecutive angles. The page is checked by parsing its JSON back out of the HTML.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from netmap.cli import cli
from netmap.render.overview import overview_data, overview_html, render_overview
from netmap.render.overview_layout import core_size, ring_pack, sunflower
from netmap.render.style import NODE_TYPES, SECTORS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("n", [1, 2, 3, 17, 300])
def test_ring_pack_discs_do_not_overlap_and_fit(n: int) -> None:
    rng = random.Random(n)
    radii = [rng.uniform(1, 45) for _ in range(n)]  # 1 to 2,000 nodes: r ≈ √n
    centres, outer = ring_pack(radii, gap=2.0)
    for (i, a), (j, b) in itertools.combinations(enumerate(centres), 2):
        assert math.dist(a, b) >= radii[i] + radii[j] + 2.0 - 1e-9, (i, j)
    for c, r in zip(centres, radii, strict=True):
        assert math.dist(c, (0.0, 0.0)) + r <= outer + 1e-9
    # the largest sits in the centre
    assert centres[max(range(n), key=radii.__getitem__)] == (0.0, 0.0)


def test_sunflower_core_and_wedges() -> None:
    rng = random.Random(7)
    groups = ["government", "npo", "medical", "meeting", "need"]
    items = [(f"n{i}", rng.choice(groups), float(rng.randint(1, 30))) for i in range(400)]
    items.append(("hub", "government", 1000.0))
    pos, radius = sunflower(items)
    assert len(pos) == len(items)
    # every node in the disc, no two on top of each other
    assert all(math.dist(p, (0, 0)) <= radius + 1e-9 for p in pos.values())
    points = list(pos.values())
    closest = min(math.dist(a, b) for a, b in itertools.combinations(points, 2))
    assert closest > 0.5, closest
    # the hub is nearest the centre; the core is the √n heaviest
    assert min(pos, key=lambda k: math.dist(pos[k], (0, 0))) == "hub"
    k = core_size(len(items))
    heaviest = {key for key, _, _ in sorted(items, key=lambda it: -it[2])[:k]}
    nearest = set(sorted(pos, key=lambda key: math.dist(pos[key], (0, 0)))[:k])
    assert nearest == heaviest
    # outside the core, each group is one run of consecutive angles (a wedge)
    group = {key: g for key, g, _ in items}
    rest = sorted((math.atan2(pos[key][1], pos[key][0]) % (2 * math.pi), group[key])
                  for key in pos if key not in heaviest)
    runs = [g for g, _ in itertools.groupby(g for _, g in rest)]
    if runs[0] == runs[-1] and len(runs) > 1:  # the circle closes
        runs.pop()
    assert sorted(runs) == sorted(set(runs)), runs


def small_graph(name: str = "機関A") -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(code="142166", name="座間市", prefecture="神奈川県")
    G.add_node("hub", node_type="organisation", name="自立相談支援機関", sector="government",
               hub=True, contact_name="山田太郎", phone="046-000-0000")
    G.add_node("a", node_type="organisation", name=name, sector="npo")
    G.add_node("m", node_type="meeting", name="支援調整会議")
    G.add_node("need:housing", node_type="need", code="housing", name="housing",
               label_ja="住まい", label_en="Housing")
    G.add_edge("a", "hub", type="refers_to")
    G.add_edge("hub", "m", type="convenes")
    G.add_edge("a", "m", type="attends")
    G.add_edge("a", "need:housing", type="covers")
    return G


def test_overview_data_columns_colours_and_labels() -> None:
    G = small_graph()
    data = overview_data(G, lang="ja", max_labels=2)
    nodes = data["nodes"]
    assert len(nodes["x"]) == 4 and len(data["e"]) == 2 * 4 and len(data["t"]) == 4
    by_id = {i: k for k, i in enumerate(nodes["id"])}
    colour = {i: data["legend"][nodes["c"][k]]["color"] for i, k in by_id.items()}
    assert colour["hub"] == SECTORS["government"]["color"]
    assert colour["a"] == SECTORS["npo"]["color"]
    assert colour["m"] == NODE_TYPES["meeting"]["border"]
    assert nodes["name"][by_id["need:housing"]] == "住まい"
    assert overview_data(G, lang="en")["nodes"]["name"][by_id["need:housing"]] == "Housing"
    # edges by index: a → hub is a referral
    pairs = list(zip(data["e"][::2], data["e"][1::2], strict=True))
    k = pairs.index((by_id["a"], by_id["hub"]))
    assert data["link_types"][data["t"][k]] == "つなぐ（紹介）"
    # the label threshold is the 2nd largest size: two nodes at least that big
    assert sum(s >= data["label_size"] for s in nodes["s"]) >= 2
    assert data["groups"] == [{"name": "座間市", "pref": "神奈川県", "x": 0.0, "y": -0.0,
                               "r": data["groups"][0]["r"]}]


def test_overview_page_keeps_hostile_names_as_text_and_no_contacts(tmp_path: Path) -> None:
    hostile = "</script><img src=x onerror=alert(1)><!--"
    out = render_overview(small_graph(hostile), tmp_path / "o.html")
    page = out.read_text(encoding="utf-8")
    assert "</script><img" not in page
    match = re.search(r'<script type="application/json" id="netmap-overview-data">(.*?)</script>',
                      page, re.S)
    assert match is not None
    assert hostile in json.loads(match.group(1))["nodes"]["name"]
    assert "山田太郎" not in page and "046-000-0000" not in page
    # both vendored libraries are inlined, without their source-map comments
    assert "sourceMappingURL" not in page
    assert page.count("<script>") == 3


def test_overview_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang"):
        overview_html(small_graph(), lang="fr")


def test_cli_map_renderer_and_overview_command(tmp_path: Path) -> None:
    runner = CliRunner()
    zama = str(ROOT / "datasets" / "zama")
    r = runner.invoke(cli, ["map", zama, "-o", str(tmp_path / "z.html"), "--renderer", "webgl"])
    assert r.exit_code == 0, r.output
    assert "全体図" in r.output and "netmap-overview-data" in (tmp_path / "z.html").read_text()
    r = runner.invoke(cli, ["map", zama, "-o", str(tmp_path / "v.html")])  # auto: small → vis
    assert r.exit_code == 0, r.output
    assert "netmap-overview-data" not in (tmp_path / "v.html").read_text()
    r = runner.invoke(cli, ["--lang", "en", "overview", zama, str(ROOT / "datasets" / "kunitachi"),
                            "-o", str(tmp_path / "o.html")])
    assert r.exit_code == 0, r.output
    data = (tmp_path / "o.html").read_text()
    assert '"lang":"en"' in data and r.output.strip().endswith("(2 自治体 municipalities)")
