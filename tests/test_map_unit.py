"""Unit tests of the HTML map and SVG picture (no browser): data, escaping, redaction, layout.

The graphs are built by hand with the node and edge attributes of FORMAT.md's last section
(:func:`make_graph`); expected sets are listed by hand next to each test.
"""

from __future__ import annotations

import json
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from netmap.render import layout, map_data, render_map, write_map, write_picture
from netmap.render.map import pack_edges
from netmap.render.page import script_json
from netmap.render.redact import redactor

XSS = "<img src=x onerror=alert(1)>"
PERSON = "山田 花子"
PHONES = ["046-252-8566", "046-266-2004", "０４６（２５２）７７１７"]
EMAILS = ["hanako@example.jp", "info@oneaid.example.org"]

NEEDS = {
    "economic_hardship": ("経済的困窮", "Economic hardship"),
    "household_budget": ("家計管理", "Household budgeting"),
    "debt": ("債務", "Debt"),
    "housing": ("住まい", "Housing"),
    "employment": ("就労", "Employment"),
    "food": ("食料", "Food"),
    "legal": ("法律", "Legal matters"),
    "hikikomori": ("ひきこもり", "Hikikomori (social withdrawal)"),
}

#: The analysis the lead's step would produce for make_graph(): hikikomori has no provider,
#: debt one (the shakyo), brokers as given.
ANALYSIS = {
    "uncovered": ["hikikomori"],
    "thin": [{"need": "debt", "providers": ["shakyo"]}],
    "brokers": {
        "jiritsu": {"betweenness": 0.6, "total": 12},
        "shakyo": {"betweenness": 0.2, "total": 5},
        "oneaid": {"betweenness": 0.05, "total": 1},
    },
}

#: Providers of housing, by hand: covers links from jiritsu, oneaid and the program p-jukyo,
#: plus fudosan's ``needs`` column (the loader makes it a covers link, FORMAT.md).
HOUSING_SHOWN = {"need:housing", "jiritsu", "oneaid", "fudosan", "p-jukyo"}
#: shakyo's 1-step neighbourhood, by hand from make_graph's links.
SHAKYO_1 = {"shakyo", "jiritsu", "need:household_budget", "need:debt", "p-kakei", "m-team"}


def make_graph(xss: bool = False) -> nx.MultiDiGraph:
    """A small Zama-like network (names after datasets/zama) with every node and link type."""
    G = nx.MultiDiGraph(
        code="142166", name="座間市", prefecture="神奈川県", name_en="Zama",
        as_of="2023-07-21", evidence="002_042a08d9d21ad8a0.txt:1-10",
    )
    ev = "002_042a08d9d21ad8a0.txt:566-570"
    for code, (ja, en) in NEEDS.items():
        G.add_node(f"need:{code}", node_type="need", code=code, name=ja, label_ja=ja,
                   label_en=en, evidence="datasets/needs.csv")

    def org(i: str, name: str, sector: str, kind: str, **kw: object) -> None:
        G.add_node(i, node_type="organisation", name=name, kind=kind, sector=sector,
                   evidence=ev, **kw)

    org("jiritsu", "座間市 生活援護課 自立サポート担当", "government", "行政課（自立相談支援機関）",
        hub=True, name_en="Zama Self-Reliance Support Unit", phone=PHONES[0],
        assured_date="2025-04-01", area="市全域")
    org("shakyo", "座間市社会福祉協議会", "shakyo", "社会福祉協議会", hub=False,
        contact_name=PERSON, email=EMAILS[0], phone=PHONES[1],
        note=f"家計改善支援の担当は{PERSON.replace(' ', '')}（電話 {PHONES[1]}）",
        assured_date="2024-11-30")
    org("hw", "厚木公共職業安定所（ハローワーク）", "labour", "公共職業安定所")
    org("oneaid", "NPO法人ワンエイド", "npo", "NPO法人（居住支援法人）",
        note=f"問い合わせ {EMAILS[1]} / {PHONES[2]}")
    org("bengoshi", "神奈川県弁護士会 貧困問題対策本部", "legal", "弁護士会")
    org("fudosan", "市内不動産店（ワンエイド連携先）", "private", "不動産事業者")
    G.add_node("p-kakei", node_type="program", name="家計改善支援事業", category="optional",
               basis="生活困窮者自立支援法第7条", evidence=ev)
    G.add_node("p-jukyo", node_type="program", name="住居確保給付金", category="mandatory",
               evidence=ev)
    G.add_node("m-team", node_type="meeting", name="チーム座間 定例会議", per_year=12,
               evidence=ev)
    G.add_node("r-soudan", node_type="role", name="相談支援員", count=3, evidence=ev)
    links = [
        ("jiritsu", "shakyo", "refers_to"), ("jiritsu", "hw", "refers_to"),
        ("jiritsu", "bengoshi", "refers_to"), ("jiritsu", "shakyo", "commissions"),
        ("shakyo", "jiritsu", "shares_info"), ("oneaid", "fudosan", "partners"),
        ("shakyo", "p-kakei", "operates"), ("jiritsu", "p-jukyo", "operates"),
        ("jiritsu", "m-team", "convenes"), ("shakyo", "m-team", "attends"),
        ("hw", "m-team", "attends"), ("oneaid", "m-team", "attends"),
        ("r-soudan", "jiritsu", "placed_at"),
    ]
    covers = [
        ("jiritsu", "economic_hardship"), ("jiritsu", "employment"), ("jiritsu", "housing"),
        ("shakyo", "household_budget"), ("shakyo", "debt"), ("hw", "employment"),
        ("oneaid", "food"), ("oneaid", "housing"), ("bengoshi", "legal"),
        ("p-kakei", "household_budget"), ("p-jukyo", "housing"),
    ]
    links += [(s, f"need:{c}", "covers") for s, c in covers]
    for s, t, typ in links:
        G.add_edge(s, t, type=typ, evidence=ev, assured_date="2025-04-01")
    # fudosan's ``needs`` column, as the loader turns it into a link (netmap.io.dataset)
    G.add_edge("fudosan", "need:housing", type="covers", evidence=ev, origin="needs column")
    if xss:
        G.add_node("evil", node_type="organisation", name=XSS, kind="<script>alert(2)</script>",
                   sector="npo", evidence="</script><script>alert(3)</script>",
                   note="<b onmouseover=alert(4)>x</b>")
        G.add_edge("evil", "jiritsu", type="refers_to", evidence=XSS)
        G.add_edge("evil", "need:food", type="covers", evidence="x")
    return G


def page_data(page: str) -> dict:
    """The JSON document embedded in a rendered page."""
    m = re.search(r'<script type="application/json" id="netmap-data">(.*?)</script>', page, re.S)
    assert m, "no netmap-data script in the page"
    return json.loads(m.group(1))


def test_script_json_cannot_break_out_and_round_trips() -> None:
    value = {"a": "</script><!-- & <img src=x onerror=alert(1)>", "b": "\u2028日本語"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_page_is_self_contained_and_carries_the_graph() -> None:
    G = make_graph()
    page = render_map(G)
    # no external resource: no src/href attribute at all, no CDN or Bootstrap
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert "cdnjs" not in page and "jsdelivr" not in page and "bootstrap" not in page.lower()
    assert "@version 9.1.2" in page and "@license" in page  # vis-network, licence header kept
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    data = page_data(page)
    assert {n["id"] for n in data["nodes"]} == {str(n) for n in G}
    assert len(data["edges"]["from"]) == G.number_of_edges()  # columnar: html.pack_edges
    assert data["meta"]["municipality"]["name"] == "座間市"
    assert data["ui"]["reset"] == "表示をリセット"
    hub = next(n for n in data["nodes"] if n["id"] == "jiritsu")
    assert hub["hub"] is True and hub["assured_date"] == "2025-04-01"
    assert hub["covers"] == ["economic_hardship", "employment", "housing"]


def test_need_providers_include_needs_column_and_programs() -> None:
    data = map_data(make_graph())
    housing = next(nd for nd in data["needs"] if nd["code"] == "housing")
    assert set(housing["providers"]) | set(housing["operators"]) | {housing["id"]} == HOUSING_SHOWN
    hikikomori = next(nd for nd in data["needs"] if nd["code"] == "hikikomori")
    assert hikikomori["providers"] == [] and hikikomori["gap"] is None  # no analysis: no gap
    data = map_data(make_graph(), analysis=ANALYSIS)
    gaps = {nd["code"]: nd["gap"] for nd in data["needs"] if nd["gap"]}
    assert gaps == {"hikikomori": "uncovered", "debt": "thin"}
    ranks = {n["id"]: n["broker_rank"] for n in data["nodes"] if "broker_rank" in n}
    assert ranks == {"jiritsu": 1, "shakyo": 2, "oneaid": 3}


def test_xss_strings_never_appear_raw() -> None:
    page = render_map(make_graph(xss=True))
    for raw in (XSS, "<script>alert(2)</script>", "<b onmouseover=alert(4)>"):
        assert raw not in page
    assert page.count("</script>") == 3  # data, vis-network, map.js: nothing closes early
    names = {n["name"] for n in page_data(page)["nodes"]}
    assert XSS in names  # kept, as text


def test_redact_removes_names_phones_emails_everywhere() -> None:
    G = make_graph()
    plain = render_map(G)
    for secret in [PERSON, PERSON.replace(" ", ""), *PHONES, *EMAILS]:
        assert secret in plain, secret  # the test data really holds them
    red = render_map(G, redact=True)
    for secret in [PERSON, PERSON.replace(" ", ""), *PHONES, *EMAILS, "花子"]:
        assert secret not in red, secret
    data = page_data(red)
    shakyo = next(n for n in data["nodes"] if n["id"] == "shakyo")
    assert "contact_name" not in shakyo and "phone" not in shakyo and "email" not in shakyo
    assert shakyo["note"] == "家計改善支援の担当は［氏名削除］（電話 ［電話番号削除］）"
    assert data["meta"]["redacted"] is True
    # dates and evidence line ranges are not phone numbers
    assert shakyo["assured_date"] == "2024-11-30"
    assert shakyo["evidence"] == "002_042a08d9d21ad8a0.txt:566-570"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("電話 046-252-7717 まで", "電話 ［電話番号削除］ まで"),
        ("(046)252-7717", "［電話番号削除］"),
        ("0462527717", "［電話番号削除］"),
        ("+81-46-252-7717", "［電話番号削除］"),
        ("フリーダイヤル 0120-123-456", "フリーダイヤル ［電話番号削除］"),
        ("令和5年 2023-07-21 開催", "令和5年 2023-07-21 開催"),
        ("002_042a08d9d21ad8a0.txt:558-570", "002_042a08d9d21ad8a0.txt:558-570"),
        ("人口 130000 人", "人口 130000 人"),
        ("mail: a.b@c.example.jp", "mail: ［メール削除］"),
        ("a＠b.jp", "［メール削除］"),
    ],
)
def test_redactor_patterns(text: str, expected: str) -> None:
    assert redactor(nx.MultiDiGraph())(text) == expected


def test_layout_is_deterministic_and_spaced() -> None:
    G = make_graph()
    a, b = layout(G, seed=1), layout(G, seed=1)
    assert a == b
    assert layout(G, seed=2) != a
    assert a["jiritsu"] == (0.0, 0.0)  # the hub in the centre
    pts = list(a.values())
    closest = min(
        ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5
        for i, (x1, y1) in enumerate(pts)
        for (x2, y2) in pts[i + 1:]
    )
    assert closest > 30, closest  # no two nodes on top of each other
    # needs sit outside the organisations, meetings and programs inside
    r = {n: (x * x + y * y) ** 0.5 for n, (x, y) in a.items()}
    orgs = [r[n] for n in ("shakyo", "hw", "oneaid", "bengoshi", "fudosan")]
    assert max(r["p-kakei"], r["p-jukyo"], r["m-team"]) < min(orgs)
    assert min(r[f"need:{c}"] for c in NEEDS) > max(orgs)


def test_size_by_uses_analysis_and_falls_back_to_degree() -> None:
    G = make_graph()
    sizes = {n["id"]: n["size"] for n in map_data(G, analysis=ANALYSIS,
                                                    size_by="brokerage")["nodes"]}
    assert sizes["shakyo"] > sizes["oneaid"] > sizes["hw"]  # totals 5 > 1 > 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = map_data(G, size_by="betweenness")
    assert data["meta"]["size_by"] == "degree"
    assert any("analysis['brokers']" in str(w.message) for w in caught)
    degree = {n["id"]: n["degree"] for n in data["nodes"]}
    assert degree["shakyo"] == len(SHAKYO_1) - 1


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_map(make_graph(), lang="fr")
    with pytest.raises(ValueError, match="size_by"):
        render_map(make_graph(), size_by="pagerank")
    with pytest.raises(ValueError, match="png"):
        write_picture(make_graph(), Path("x.gif"))


def test_english_labels() -> None:
    data = map_data(make_graph(), lang="en")
    assert data["ui"]["reset"] == "Reset view"
    hub = next(n for n in data["nodes"] if n["id"] == "jiritsu")
    assert hub["label"] == "Zama Self-Reliance Support Unit"
    assert hub["name"] == "座間市 生活援護課 自立サポート担当"
    assert next(nd for nd in data["needs"] if nd["code"] == "housing")["label"] == "Housing"


def test_write_map_is_utf8(tmp_path: Path) -> None:
    out = write_map(make_graph(), tmp_path / "sub" / "map.html", redact=True)
    raw = out.read_bytes()
    assert "座間市".encode() in raw
    raw.decode("utf-8")  # raises if anything else was written


def test_svg_picture(tmp_path: Path) -> None:
    G = make_graph(xss=True)
    out = write_picture(G, tmp_path / "map.svg", analysis=ANALYSIS)
    root = ET.parse(out).getroot()  # well-formed XML even with the XSS name
    ns = "{http://www.w3.org/2000/svg}"
    drawn = root.find(f"{ns}g[@id='nodes']")
    assert drawn is not None
    shapes = [e for e in drawn if e.tag in (f"{ns}circle", f"{ns}polygon")]
    assert len(shapes) == G.number_of_nodes()
    titles = [e.find(f"{ns}title").text for e in shapes]
    assert XSS in titles
    edges = root.find(f"{ns}g[@id='edges']")
    assert len(list(edges)) == G.number_of_edges()
    text = out.read_text(encoding="utf-8")
    assert "#d32f2f" in text and "#f57c00" in text  # uncovered and thin needs drawn


def test_packed_edges_unpack_to_map_data_edges() -> None:
    G = make_graph(xss=True)
    data = map_data(G)
    packed = pack_edges(data)["edges"]
    ids = [n["id"] for n in data["nodes"]]
    unpacked = []
    for i in range(len(packed["from"])):
        e = {"id": f"e{i}", "from": ids[packed["from"][i]], "to": ids[packed["to"][i]],
             "type": packed["types"][packed["type"][i]]}
        if packed["attrs"][i] >= 0:
            e.update(packed["attr_sets"][packed["attrs"][i]])
        unpacked.append(e)
    assert unpacked == data["edges"]
    # shared attribute sets are stored once
    assert len(packed["attr_sets"]) == len({json.dumps({k: v for k, v in e.items()
                                                        if k not in ("id", "from", "to", "type")},
                                                       sort_keys=True)
                                            for e in data["edges"]} - {"{}"})


# ---------------------------------------------------------------- colour-blind safe colours
_CVD_SCRIPT = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
import colour, numpy as np
hexes = json.loads(sys.argv[1])
rgb = colour.models.eotf_sRGB(np.array([colour.notation.HEX_to_RGB(h) for h in hexes]))
out = {}
for kind in (None, "Protanomaly", "Deuteranomaly", "Tritanomaly"):
    lin = rgb if kind is None else np.clip(
        rgb @ colour.blindness.matrix_cvd_Machado2009(kind, 1.0).T, 0, 1)
    xyz = colour.RGB_to_XYZ(lin, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False)
    lab = colour.XYZ_to_Lab(xyz)
    d = colour.delta_E(lab[:, None, :], lab[None, :, :], method="CIE 2000")
    out[kind or "normal"] = d.tolist()
print(json.dumps(out))
"""


def _delta_e_matrices(hexes: list[str]) -> dict[str, list[list[float]]]:
    """Pairwise CIEDE2000 differences of the colours under normal vision and simulated
    protanopia, deuteranopia and tritanopia: Machado, Oliveira & Fernandes (2009), "A
    physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6),
    severity 1.0, applied to linear sRGB. The matrices and CIEDE2000 (Sharma, Wu & Dalal 2005)
    come from colour-science, not from us; it runs in a subprocess because importing it puts a
    stand-in ``matplotlib`` module into ``sys.modules`` that breaks python-igraph's import."""
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("colour") is None:  # not imported here: see above
        pytest.skip("colour-science is not installed (pip install colour-science)")
    done = subprocess.run([sys.executable, "-c", _CVD_SCRIPT, json.dumps(hexes)],
                          capture_output=True, text=True, check=True)
    result: dict[str, list[list[float]]] = json.loads(done.stdout)
    return result


def test_sector_colours_stay_apart_for_colour_blind_readers() -> None:
    from netmap.render.style import SECTORS

    codes = list(SECTORS)
    hexes = [SECTORS[c]["color"] for c in codes] + ["#e0e0e0", "#ffffff"]
    matrices = _delta_e_matrices(hexes)
    assert set(matrices) == {"normal", "Protanomaly", "Deuteranomaly", "Tritanomaly"}
    pairs = 0
    for vision, d in matrices.items():
        for i in range(len(codes)):
            for j in range(i + 1, len(codes)):
                pairs += 1
                assert d[i][j] >= 10, f"{codes[i]} and {codes[j]}: ΔE00 {d[i][j]:.1f} ({vision})"
            # and no sector looks like a dimmed node (#e0e0e0) or the white background
            assert d[i][-2] >= 10 and d[i][-1] >= 10, (codes[i], vision)
    assert pairs == 4 * 66  # 12 sectors, 66 pairs, four kinds of vision


def test_compare_heat_map_scale_is_ordered_for_colour_blind_readers() -> None:
    """Blue→orange: each step of the compare heat map differs from the next by ≥ 10 ΔE00 under
    every simulated vision (a red→green scale collapses under deuteranopia)."""
    from netmap.render.compare_html import SCALE

    for vision, d in _delta_e_matrices([s[1] for s in SCALE]).items():
        for i in range(len(SCALE) - 1):
            assert d[i][i + 1] >= 10, (
                f"steps {SCALE[i][0]} and {SCALE[i + 1][0]}: ΔE00 {d[i][i + 1]:.1f} ({vision})")


def test_big_maps_open_aggregated_small_ones_do_not() -> None:
    from netmap.render.map import AGGREGATE_ABOVE

    assert map_data(make_graph())["meta"]["aggregate"] is False
    G = nx.MultiDiGraph(name="大")
    for i in range(AGGREGATE_ABOVE + 1):
        G.add_node(f"o{i}", node_type="organisation", name=f"機関{i}", sector="npo")
    assert map_data(G)["meta"]["aggregate"] is True
    G.remove_node("o0")  # exactly at the threshold: still one picture
    assert map_data(G)["meta"]["aggregate"] is False
    assert map_data(G, aggregate=True)["meta"]["aggregate"] is True
    assert map_data(G, aggregate=False)["meta"]["aggregate"] is False
    assert '"aggregate":true' in render_map(G, aggregate=True).replace(" ", "")
