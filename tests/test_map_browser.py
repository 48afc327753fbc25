"""The HTML map in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Every page is opened via ``file://`` with every other request aborted and recorded; each test
checks that nothing tried to leave the file and that no console error or page error happened.
Install the browser with ``scripts/setup-browser`` (root). Without it these tests skip locally
and FAIL when ``CI=true``.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from netmap.render import write_map, write_picture
from netmap.render.picture import CHROMIUM_ARGS, block_network, chromium_path
from netmap.render.style import SECTORS

try:
    from tests.test_map_unit import (
        ANALYSIS,
        EMAILS,
        HOUSING_SHOWN,
        PERSON,
        PHONES,
        SHAKYO_1,
        XSS,
        make_graph,
    )
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from test_map_unit import (  # type: ignore[no-redef]
        ANALYSIS,
        EMAILS,
        HOUSING_SHOWN,
        PERSON,
        PHONES,
        SHAKYO_1,
        XSS,
        make_graph,
    )

pytestmark = pytest.mark.browser


def assert_no_overlap(boxes: list[dict[str, Any]]) -> None:
    """No two drawn label boxes (page pixels, from window.netmap.labels()) intersect."""
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, f"labels overlap: {a} and {b}"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if not Path(exe).exists():
        reason = (
            f"!!! Chromium not found at {exe}: map browser tests NOT RUN. "
            "Install it with `sudo scripts/setup-browser`. !!!"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"playwright is not installed: {exc}")
        pytest.skip(f"!!! playwright is not installed ({exc}): map browser tests NOT RUN !!!")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Opened:
    page: Any
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests left the file: {self.blocked}"
        assert self.console_errors == [], self.console_errors
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"


@pytest.fixture
def open_map(browser: Any, tmp_path: Path) -> Iterator[Callable[..., Opened]]:
    pages: list[Any] = []

    def _open(G: Any = None, viewport: tuple[int, int] = (1600, 1000), **kw: Any) -> Opened:
        out = write_map(make_graph() if G is None else G, tmp_path / f"map{len(pages)}.html", **kw)
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        pages.append(page)
        opened = Opened(page)

        block_network(page, opened.blocked)
        page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.console_errors.append(f"pageerror: {e}"))

        def on_dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(out.resolve().as_uri())
        page.wait_for_function("window.netmap && window.netmap.ready", timeout=60_000)
        return opened

    yield _open
    for page in pages:
        page.close()


def test_offline_complete_and_counts(open_map: Callable[..., Opened]) -> None:
    G = make_graph()
    m = open_map(G, analysis=ANALYSIS)
    assert m.js("window.netmap.network.body.data.nodes.length") == G.number_of_nodes()
    assert m.js("window.netmap.network.body.data.edges.length") == G.number_of_edges()
    # every node really drawn on the canvas at its precomputed position
    ids = m.js("Object.keys(window.netmap.network.getPositions())")
    assert set(ids) == {str(n) for n in G}
    assert m.js("window.netmap.network.getPositions(['jiritsu']).jiritsu") == {"x": 0, "y": 0}
    assert m.page.title() == "座間市 支援ネットワーク地図"
    assert m.page.inner_text("#netmap-reset") == "表示をリセット"
    # styling: sector colour, hub star, uncovered need red, thin need orange
    # the look vis resolved (node item + its group), not just what the item carries
    node = ("id => { const o = window.netmap.network.body.nodes[id].options;"
            " return [o.shape, o.color.background]; }")
    assert m.js(node, "shakyo") == ["dot", SECTORS["shakyo"]["color"]]
    assert m.js(node, "jiritsu")[0] == "star"
    assert m.js(node, "need:hikikomori") == ["hexagon", "#d32f2f"]
    assert m.js(node, "need:debt") == ["hexagon", "#f57c00"]
    # names are drawn by the label layer (labels.js), the hub's always
    hub = next(b for b in m.js("window.netmap.labels()") if b["id"] == "jiritsu")
    assert hub["lines"][0].startswith("★ ") and hub["lines"][-1] == "（司令塔）"
    m.js("window.netmap.setProjection(false)")
    legend = m.js("document.getElementById('netmap-legend').textContent")
    for text in ("社会福祉協議会", "会議体", "委託", "司令塔", "対応機関なし（すき間）"):
        assert text in legend
    m.assert_clean()


def test_search_japanese_partial_name(open_map: Callable[..., Opened]) -> None:
    m = open_map()
    m.page.fill("#netmap-search", "社会福祉")
    m.page.press("#netmap-search", "Enter")
    m.page.wait_for_selector("#netmap-search-results li")
    assert m.page.inner_text("#netmap-search-status") == "1 件見つかりました"
    assert m.page.inner_text("#netmap-search-results") == "座間市社会福祉協議会"
    assert m.js("window.netmap.network.getSelectedNodes()") == ["shakyo"]
    assert m.js("window.netmap.emphasisedIds()") == ["shakyo"]  # the rest is dimmed
    # half-width katakana finds the full-width name (NFKC); partial, several hits
    assert m.js("window.netmap.search('ﾊﾛｰ')") == ["hw"]
    assert set(m.js("window.netmap.search('座間')")) == {"jiritsu", "shakyo", "m-team"}
    assert m.js("window.netmap.search('存在しない名前')") == []
    assert m.page.inner_text("#netmap-search-status") == "見つかりません"
    m.assert_clean()


def test_need_filter_shows_exactly_the_providers(open_map: Callable[..., Opened]) -> None:
    G = make_graph()
    m = open_map(G)
    options = m.page.eval_on_selector_all("#netmap-need option", "os => os.map(o => o.textContent)")
    assert "住まい（4）" in options
    m.page.select_option("#netmap-need", "housing")
    assert set(m.js("window.netmap.visibleIds()")) == HOUSING_SHOWN
    hidden = m.js("window.netmap.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert set(hidden) == {str(n) for n in G} - HOUSING_SHOWN
    # edges to hidden nodes are hidden too
    shown_edges = m.js("window.netmap.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to])")
    assert shown_edges and all(a in HOUSING_SHOWN and b in HOUSING_SHOWN for a, b in shown_edges)
    # sector checkbox: unticking NPO hides oneaid
    m.page.uncheck('#netmap-sectors input[data-code="npo"]')
    assert set(m.js("window.netmap.visibleIds()")) == HOUSING_SHOWN - {"oneaid"}
    m.page.click("#netmap-reset")
    assert len(m.js("window.netmap.visibleIds()")) == G.number_of_nodes()
    assert m.js("window.netmap.emphasisedIds().length") == G.number_of_nodes()
    m.assert_clean()


def test_click_node_focuses_neighbourhood_and_fills_panel(open_map: Callable[..., Opened]) -> None:
    m = open_map()
    m.js("window.netmap.network.moveTo({position: window.netmap.network.getPositions(['shakyo'])"
         ".shakyo, scale: 1, animation: false})")
    box = m.page.locator("#netmap-canvas").bounding_box()
    dom = m.js("(() => { const n = window.netmap.network;"
               " return n.canvasToDOM(n.getPositions(['shakyo']).shakyo); })()")
    m.page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])
    m.page.wait_for_function("window.netmap.state.focus === 'shakyo'")
    assert set(m.js("window.netmap.emphasisedIds()")) == SHAKYO_1
    panel = m.page.inner_text("#netmap-panel")
    for text in (
        "座間市社会福祉協議会", "種別", "社会福祉協議会", "分野", "対応するニーズ", "家計管理", "債務",
        "実施する事業", "家計改善支援事業", "参加・主催する会議体", "チーム座間 定例会議",
        "出典", "002_042a08d9d21ad8a0.txt:566-570", "最終確認日", "2024-11-30",
    ):
        assert text in panel, text
    # two steps: the hub's neighbours join (hw, bengoshi, p-jukyo, r-soudan, ...)
    m.page.check('#netmap-steps input[value="2"]')
    two = set(m.js("window.netmap.emphasisedIds()"))
    assert SHAKYO_1 < two and {"hw", "bengoshi", "p-jukyo", "r-soudan", "oneaid"} <= two
    # a program link in the panel moves the focus
    m.page.get_by_role("button", name="家計改善支援事業").first.click()
    assert m.js("window.netmap.state.focus") == "p-kakei"
    assert "実施機関" in m.page.inner_text("#netmap-panel")
    m.assert_clean()


def test_gaps_and_brokers_highlight(open_map: Callable[..., Opened]) -> None:
    m = open_map(analysis=ANALYSIS)
    m.page.check("#netmap-gaps")
    assert set(m.js("window.netmap.emphasisedIds()")) == {"need:hikikomori", "need:debt", "shakyo"}
    m.page.uncheck("#netmap-gaps")
    m.page.check("#netmap-brokers")
    assert set(m.js("window.netmap.emphasisedIds()")) == {"jiritsu", "shakyo", "oneaid"}
    assert m.js("window.netmap.network.body.nodes['oneaid'].options.color.border") == "#ffc400"
    m.assert_clean()
    # without analysis the switches are disabled and say so
    m2 = open_map()
    assert m2.page.is_disabled("#netmap-gaps")
    assert "分析結果なし" in m2.page.inner_text("#netmap-controls")
    m2.assert_clean()


def test_xss_name_stays_inert_text(open_map: Callable[..., Opened]) -> None:
    m = open_map(make_graph(xss=True))
    assert m.js("window.netmap.search('onerror')") == ["evil"]
    assert m.page.inner_text("#netmap-search-results") == XSS
    m.js("window.netmap.focus('evil')")
    panel = m.page.inner_text("#netmap-panel")
    assert XSS in panel and "<script>alert(2)</script>" in panel
    assert "</script><script>alert(3)</script>" in panel
    # hover the node so vis-network shows its tooltip
    m.js("window.netmap.network.moveTo({position: window.netmap.network.getPositions(['evil'])"
         ".evil, scale: 1, animation: false})")
    box = m.page.locator("#netmap-canvas").bounding_box()
    dom = m.js("(() => { const n = window.netmap.network;"
               " return n.canvasToDOM(n.getPositions(['evil']).evil); })()")
    m.page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])
    m.page.wait_for_timeout(600)
    assert m.js("document.querySelectorAll('img, b, iframe').length") == 0
    assert m.js("document.querySelectorAll('script').length") == 3
    m.page.wait_for_timeout(300)
    m.assert_clean()  # includes: no dialog (alert) fired


def test_redacted_map_holds_no_personal_data(open_map: Callable[..., Opened], tmp_path: Path) -> None:
    m = open_map(redact=True)
    html = m.js("document.documentElement.outerHTML")
    m.js("window.netmap.focus('shakyo')")
    panel = m.page.inner_text("#netmap-panel")
    for secret in [PERSON, PERSON.replace(" ", ""), *PHONES, *EMAILS]:
        assert secret not in html and secret not in panel, secret
    assert "［氏名削除］" in panel and "個人情報は削除済み" in m.page.inner_text("#netmap-header")
    m.assert_clean()


def test_english_ui(open_map: Callable[..., Opened]) -> None:
    m = open_map(lang="en")
    assert m.page.inner_text("#netmap-reset") == "Reset view"
    # the hub's English name wraps at word boundaries (or after a hyphen), never inside a word
    lines = next(b for b in m.js("window.netmap.labels()") if b["id"] == "jiritsu")["lines"]
    assert lines[-1] == "（Hub）" and len(lines) >= 3, lines
    # (joined with spaces the lines give the name back only if no word was cut)
    assert " ".join(lines[:-1]).replace("- ", "-") == "★ Zama Self-Reliance Support Unit", lines
    assert "Council of Social Welfare" in m.page.inner_text("#netmap-sectors")
    m.js("window.netmap.focus('jiritsu')")
    assert "Last checked" in m.page.inner_text("#netmap-panel")
    m.assert_clean()


def test_print_shows_only_the_svg_sheet_with_legend_and_gaps(open_map: Callable[..., Opened]) -> None:
    m = open_map(analysis=ANALYSIS)
    info = m.js("window.netmap.preparePrint(false, 'A4')")
    assert info["paper"] == "A4" and info["labels"] > 0
    m.page.emulate_media(media="print")
    display = "sel => getComputedStyle(document.querySelector(sel)).display"
    assert m.js(display, "#netmap-main") == "none"
    assert m.js(display, "#netmap-header") == "none"
    assert m.js(display, "#netmap-print") == "block"
    sheet = m.js("document.getElementById('netmap-print-svg').textContent")
    for text in ("すき間（2）", "ひきこもり", "債務", "座間市社会福祉協議会 のみ", "社会福祉協議会", "委託",
                 "司令塔（自立相談支援機関）"):
        assert text in sheet, text
    assert m.js("document.getElementById('netmap-print-svg').getAttribute('width')") == "297mm"
    m.assert_clean()


def test_2000_nodes_stay_interactive(open_map: Callable[..., Opened]) -> None:
    spec = importlib.util.spec_from_file_location("map_bench", ROOT / "benchmarks" / "map_bench.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    G = bench.synthetic_graph(2000, seed=1)
    m = open_map(G, aggregate=False)  # the map opens aggregated at this size: this is expanded
    assert m.js("window.netmap.network.body.data.nodes.length") == 2000
    assert m.js("window.netmap.network.physics.options.enabled") is False
    # a search and a focus answer quickly (generous bound: shared 2-core CI machines)
    ms = m.js("(() => { const t = performance.now(); window.netmap.search('機関12');"
              " window.netmap.focus('org-1'); return performance.now() - t; })()")
    assert ms < 5000, ms
    # a dimmed node takes the dim look (its group must exist: vis would give an unknown group
    # one of its default colours), the focused one keeps its sector colour
    bg = "id => window.netmap.network.body.nodes[id].options.color.background"
    assert m.js(bg, "org-1") == m.js("window.netmap.data.styles.sectors[window.netmap.data"
                                     ".nodes.find(n => n.id === 'org-1').sector].color")
    dimmed = m.js("window.netmap.data.nodes.map(n => n.id)"
                  ".filter(id => !window.netmap.emphasisedIds().includes(id))")
    assert dimmed and {m.js(bg, i) for i in dimmed[:50]} == {"#e0e0e0"}
    m.js("window.netmap.reset()")
    # names: drawn at ≥ 12 px and never overlapping at 2,000 nodes too; zooming in shows more
    m.page.wait_for_timeout(200)
    before = m.js("window.netmap.labels()")
    assert before and min(b["px"] for b in before) >= 12
    assert_no_overlap(before)
    assert all(b["node_type"] in ("organisation", "need") for b in before)
    # programs, meetings and roles get their names once zoomed in
    m.js("window.netmap.network.moveTo({position: window.netmap.network.getPositions(['org-1'])"
         "['org-1'], scale: 1.2, animation: false})")
    m.page.wait_for_timeout(200)
    after = m.js("window.netmap.labels()")
    assert_no_overlap(after)
    assert len(after) >= 10 and min(b["px"] for b in after) >= 12
    assert {b["node_type"] for b in after} - {"organisation", "need"}, after
    m.assert_clean()


def test_png_and_screenshot(open_map: Callable[..., Opened], tmp_path: Path) -> None:
    G = make_graph()
    out = write_picture(G, tmp_path / "map.png", analysis=ANALYSIS)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
    # the screenshot for the report: the Zama dataset when the loader can read it
    try:
        from netmap.io.dataset import load_dataset

        real = load_dataset(ROOT / "datasets" / "zama").graph
    except Exception:  # the loader is another part; fall back to the hand-built graph
        real = G
    m = open_map(real, viewport=(1800, 1100))
    m.page.screenshot(path="/tmp/netmap-map.png")
    m.js("['zama-shakyo', 'shakyo'].some(id => window.netmap.focus(id).length)")
    m.page.screenshot(path="/tmp/netmap-map-focus.png")
    m.assert_clean()


# ---------------------------------------------------------------- rooms: projector, phone, paper
#: The sizes people show the map at: full HD screen, the two usual projector sizes, a phone.
SIZES = [(1920, 1080), (1280, 720), (1024, 768), (390, 844)]
SHOTS = Path(os.environ.get("NETMAP_SHOTS", "/tmp/netmap-shots"))


@pytest.fixture(scope="module")
def zama() -> Any:
    from netmap.analysis.marks import analyse
    from netmap.io.dataset import load_dataset

    net = load_dataset(ROOT / "datasets" / "zama")
    return net, analyse(net)


#: The first layout of headless Chromium's ``--window-size=390,844 --screenshot``: the page is
#: laid out at 500×757 and then resized (seen by logging innerWidth × innerHeight on load and on
#: resize, Chromium 156). A phone turned upright or a laptop window dragged narrower does the same.
FIRST_LAYOUT = (500, 757)

#: The parts of the page that can lie over the map: the gap list, the details card (800–1439 px)
#: or bottom sheet (phone), the controls drawer (phone, when open).
OVERLAYS = ("netmap-gaplist", "netmap-side", "netmap-controls")

_VISIBLE_MAP_JS = """(ids) => {
  const c = document.getElementById('netmap-canvas').getBoundingClientRect();
  const over = ids.map(id => document.getElementById(id)).filter(el => {
      const s = getComputedStyle(el); return s.display !== 'none' && s.visibility !== 'hidden'; })
    .map(el => { const r = el.getBoundingClientRect();
                 return {id: el.id, x: r.left, y: r.top, w: r.width, h: r.height}; })
    .filter(o => o.x < c.right && c.left < o.x + o.w && o.y < c.bottom && c.top < o.y + o.h);
  const n = window.netmap.network, k = n.getScale(), ids2 = window.netmap.drawnIds();
  const pos = n.getPositions(ids2);
  const discs = ids2.map(id => { const p = n.canvasToDOM(pos[id]), r = window.netmap.nodes.get(id).size * k;
    return {id: id, x: c.left + p.x - r, y: c.top + p.y - r, w: 2 * r, h: 2 * r}; });
  return {canvas: {x: c.left, y: c.top, w: c.width, h: c.height}, overlays: over, discs: discs};
}"""


def _meets(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def assert_on_the_visible_map(m: Opened, boxes: list[dict[str, Any]]) -> None:
    """Every drawn name and every drawn node lies wholly inside the map's canvas and under none
    of the overlays (page pixels). A name keeps its white halo (half the 4 px stroke drawLabels
    puts round the letters: 2 px) on screen too; a node's box is its size × the zoom either side
    of its centre (the fit in map.js reserves the same)."""
    seen = m.js(_VISIBLE_MAP_JS, list(OVERLAYS))
    c, halo = seen["canvas"], 2.0
    for b in boxes:
        inside = (b["x"] - halo >= c["x"] and b["y"] - halo >= c["y"]
                  and b["x"] + b["w"] + halo <= c["x"] + c["w"] and b["y"] + b["h"] + halo <= c["y"] + c["h"])
        assert inside, f"name {b['lines']} ({b['id']}) runs off the map {c}: {b}"
        for o in seen["overlays"]:
            assert not _meets(b, o), f"name {b['lines']} ({b['id']}) lies under #{o['id']} {o}: {b}"
    for d in seen["discs"]:
        inside = (d["x"] >= c["x"] - 0.5 and d["y"] >= c["y"] - 0.5
                  and d["x"] + d["w"] <= c["x"] + c["w"] + 0.5 and d["y"] + d["h"] <= c["y"] + c["h"] + 0.5)
        assert inside, f"node {d['id']} runs off the map {c}: {d}"
        for o in seen["overlays"]:
            assert not _meets(d, o), f"node {d['id']} lies under #{o['id']} {o}: {d}"


@pytest.mark.parametrize("first", ["at-size", "resized"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_names_readable_and_apart_at_room_sizes(
    open_map: Callable[..., Opened], zama: Any, size: tuple[int, int], first: str
) -> None:
    """The default view of 座間 at each room size, opened at that size or laid out first at
    FIRST_LAYOUT and then shown at that size (headless Chromium's screenshot, a phone turned)."""
    net, analysis = zama
    m = open_map(net, viewport=size if first == "at-size" else FIRST_LAYOUT, analysis=analysis)
    if first == "resized":
        m.page.set_viewport_size({"width": size[0], "height": size[1]})
    m.page.wait_for_timeout(300)
    boxes = m.js("window.netmap.labels()")
    # every name and node is wholly on the visible map: not cut by its edges, not under the
    # gap list, the details card or the bottom sheet's handle
    assert_on_the_visible_map(m, boxes)
    orgs = [b for b in boxes if b["node_type"] == "organisation"]
    # every organisation name drawn in the default view is ≥ 12 CSS px (the page is at zoom 1,
    # device pixel ratio 1: CSS px = screen px); the drawn box is as tall as its lines need
    assert orgs, "no organisation name drawn"
    assert min(b["px"] for b in orgs) >= 12
    assert all(b["h"] >= 12 * len(b["lines"]) for b in orgs)
    # enough names to read the room: the hub and a good share of the 41 organisations
    assert any(b["id"] == "zama-jiritsu-support" for b in boxes)
    assert len(orgs) >= (5 if size[0] < 800 else 12), len(orgs)
    assert_no_overlap(boxes)
    # every gap need keeps its name on the map (permanent label)
    gaps = {f"need:{c}" for c in analysis["uncovered"]} | {f"need:{t['need']}" for t in analysis["thin"]}
    shown = {b["id"] for b in boxes}
    assert len(gaps & shown) >= len(gaps) - 2, gaps - shown
    # the needs nobody covers are named first after the hub (then probably unrecorded, then
    # single-provider ones, as the gap list orders them): none of them goes nameless
    uncovered = {f"need:{c}" for c in analysis["uncovered"]}
    assert uncovered <= shown, uncovered - shown
    # the map area fills the screen's width on a phone, and most of it elsewhere
    canvas = m.page.locator("#netmap-canvas").bounding_box()
    assert canvas["width"] >= (size[0] if size[0] < 800 else 0.7 * size[0])
    assert canvas["height"] >= 0.8 * size[1]
    SHOTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if first == "at-size" else "-resized"
    m.page.screenshot(path=str(SHOTS / f"zama-{size[0]}x{size[1]}{suffix}.png"))
    m.assert_clean()


def test_resize_refits_the_view_until_the_user_zooms(open_map: Callable[..., Opened], zama: Any) -> None:
    """A resize fits the shown nodes again (a phone turned, a window resized), but never undoes
    a zoom by hand: after one, the view is the user's."""
    net, analysis = zama
    m = open_map(net, viewport=(1280, 720), analysis=analysis)
    scale = "window.netmap.network.getScale()"
    wide = m.js(scale)
    m.page.set_viewport_size({"width": 390, "height": 844})
    m.page.wait_for_timeout(300)
    phone = m.js(scale)
    # the map area went from 1060 to 390 px wide: the fit is smaller, and is what fit() gives
    assert phone < 0.6 * wide, (phone, wide)
    m.js("window.netmap.fit()")
    assert m.js(scale) == pytest.approx(phone, rel=1e-9)
    box = m.page.locator("#netmap-canvas").bounding_box()
    m.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):  # vis zooms about 10 % a wheel step
        m.page.mouse.wheel(0, -400)
        m.page.wait_for_timeout(100)
    zoomed = m.js(scale)
    assert zoomed > 1.2 * phone, (zoomed, phone)
    m.page.set_viewport_size({"width": 1280, "height": 720})
    m.page.wait_for_timeout(300)
    kept = m.js(scale)
    m.js("window.netmap.fit()")
    assert kept != pytest.approx(m.js(scale), rel=1e-3), "the resize undid the zoom by hand"
    m.assert_clean()


def test_search_knows_aliases_kinds_and_areas(open_map: Callable[..., Opened], zama: Any) -> None:
    net, analysis = zama
    m = open_map(net, viewport=(1280, 720), analysis=analysis)
    m.page.fill("#netmap-search", "社協")
    m.page.press("#netmap-search", "Enter")
    m.page.wait_for_selector("#netmap-search-results li")
    assert "座間市社会福祉協議会" in m.page.inner_text("#netmap-search-results")
    assert "zama-shakyo" in m.js("window.netmap.search('社協')")
    assert "hw-atsugi" in m.js("window.netmap.search('HW')")
    assert "hw-atsugi" in m.js("window.netmap.search('職安')")
    assert "kanagawa-bengoshikai" in m.js("window.netmap.search('弁護士会')")
    # kinds: 「居住支援法人」 is in OneAid's kind, not its name
    assert "oneaid" in m.js("window.netmap.search('居住支援法人')")
    # node types are searched too, and "and N more" when the list is cut: 「機関」 finds the
    # 41 organisations (機関・団体) and more, over the 30 listed
    hits = m.js("window.netmap.search('機関')")
    assert len(hits) > 30
    assert m.js("document.querySelectorAll('#netmap-search-results li button').length") == 30
    assert f"ほか {len(hits) - 30} 件" in m.page.inner_text("#netmap-search-results")
    assert f"{len(hits)} 件見つかりました（30 件を表示）" == m.page.inner_text("#netmap-search-status")
    m.assert_clean()


def test_gap_list_locates_and_hub_stays_lit(open_map: Callable[..., Opened], zama: Any) -> None:
    net, analysis = zama
    m = open_map(net, viewport=(1280, 720), analysis=analysis)
    # at 1280 px the list starts folded to its summary line; one click opens it
    assert m.js("document.getElementById('netmap-gaplist').open") is False
    m.page.click("#netmap-gaplist summary")
    items = m.page.locator("#netmap-gaplist li button")
    assert items.count() == len(analysis["uncovered"]) + len(analysis["probably_unrecorded"]) \
        + len(analysis["thin"])
    assert m.page.inner_text("#netmap-gaplist summary") == f"すき間（{items.count()}）"
    # uncovered first, then probably unrecorded, then thin, each by code; a click moves the focus
    first = sorted(analysis["uncovered"])[0] if analysis["uncovered"] else sorted(
        t["need"] for t in analysis["thin"])[0]
    items.first.click()
    assert m.js("window.netmap.state.focus") == f"need:{first}"
    # gap mode: the hub is the sole provider of thin needs, so it is never dimmed
    sole = {p for t in analysis["thin"] for p in t["providers"]}
    assert "zama-jiritsu-support" in sole
    lit = set(m.js("window.netmap.setGaps(true)"))
    assert sole <= lit and "zama-jiritsu-support" in lit
    # gap needs: a minimum size, a rim and an icon as well as a colour
    n = m.js("id => window.netmap.data.nodes.find(x => x.id === id)", f"need:{analysis['thin'][0]['need']}")
    assert n["size"] >= 24 and n["gap"] == "thin"
    m.assert_clean()


def test_projection_mode_one_key_away(open_map: Callable[..., Opened], zama: Any) -> None:
    net, analysis = zama
    m = open_map(net, viewport=(1024, 768), analysis=analysis)
    m.page.locator("#netmap-canvas").click(position={"x": 5, "y": 5})
    m.page.keyboard.press("p")
    m.page.wait_for_function("document.body.classList.contains('netmap-projection')")
    m.page.wait_for_timeout(300)
    assert not m.page.locator("#netmap-controls").is_visible()
    boxes = m.js("window.netmap.labels()")
    assert boxes and min(b["px"] for b in boxes) >= 18
    assert_no_overlap(boxes)
    assert "p=1" in m.js("location.hash")
    SHOTS.mkdir(parents=True, exist_ok=True)
    m.page.screenshot(path=str(SHOTS / "zama-1024x768-projection.png"))
    m.page.keyboard.press("Escape")
    assert m.js("document.body.classList.contains('netmap-projection')") is False
    m.assert_clean()


def test_phone_drawer_sheet_and_touch(browser: Any, zama: Any, tmp_path: Path) -> None:
    net, analysis = zama
    out = write_map(net, tmp_path / "phone.html", analysis=analysis)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                              device_scale_factor=1)
    page = ctx.new_page()
    blocked = block_network(page)
    page.goto(out.resolve().as_uri())
    page.wait_for_function("window.netmap && window.netmap.ready")
    assert not page.locator("#netmap-search").is_visible()  # in the closed drawer
    page.tap("#netmap-drawer-button")
    page.wait_for_timeout(400)
    assert page.locator("#netmap-search").is_visible()
    page.fill("#netmap-search", "社協")
    page.press("#netmap-search", "Enter")
    assert "座間市社会福祉協議会" in page.inner_text("#netmap-search-results")
    page.tap("#netmap-drawer-button")
    page.wait_for_timeout(400)
    # tap a node: the bottom sheet opens with its details
    page.evaluate("window.netmap.reset()")
    dom = page.evaluate("(() => { const n = window.netmap.network;"
                        " return n.canvasToDOM(n.getPositions(['zama-shakyo'])['zama-shakyo']); })()")
    box = page.locator("#netmap-canvas").bounding_box()
    page.touchscreen.tap(box["x"] + dom["x"], box["y"] + dom["y"])
    page.wait_for_function("window.netmap.state.focus === 'zama-shakyo'")
    assert page.locator("#netmap-panel").is_visible()
    assert "座間市社会福祉協議会" in page.inner_text("#netmap-panel")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "zama-390x844-sheet.png"))
    assert blocked == []
    ctx.close()


def test_view_lives_in_the_url_hash(open_map: Callable[..., Opened], browser: Any, tmp_path: Path) -> None:
    m = open_map(analysis=ANALYSIS)
    m.js("window.netmap.filterNeed('housing')")
    m.js("window.netmap.setSector('npo', false)")
    m.js("window.netmap.focus('jiritsu', 2)")
    url = m.js("location.href")
    assert "need=housing" in url and "hs=npo" in url and "f=jiritsu" in url and "s=2" in url
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    block_network(page)
    page.goto(url)
    page.wait_for_function("window.netmap && window.netmap.ready")
    again = page.evaluate("window.netmap.visibleIds()")
    assert set(again) == HOUSING_SHOWN - {"oneaid"}
    assert page.evaluate("window.netmap.state.focus") == "jiritsu"
    assert page.evaluate("window.netmap.state.steps") == 2
    page.close()
    m.assert_clean()


def test_who_team_highlighted(open_map: Callable[..., Opened]) -> None:
    who = {"needs": ["housing", "debt"], "teams": [
        {"members": ["oneaid", "shakyo"], "covers": {"housing": ["oneaid"], "debt": ["shakyo"]},
         "routes": [["oneaid", "m-team", "shakyo"]]},
    ]}
    m = open_map(analysis=ANALYSIS, who=who)
    lit = set(m.js("window.netmap.emphasisedIds()"))
    assert lit == {"oneaid", "shakyo", "m-team", "need:housing", "need:debt"}
    route = m.js("window.netmap.edges.get({filter: e => e.width === 5}).map(e => [e.from, e.to])")
    assert sorted(map(tuple, route)) == [("oneaid", "m-team"), ("shakyo", "m-team")]
    assert "who=0" in m.js("location.hash")
    assert "住まい・債務" in m.page.inner_text("#netmap-who")
    m.assert_clean()


def test_printed_a3_sheet(open_map: Callable[..., Opened], zama: Any, tmp_path: Path) -> None:
    import subprocess

    net, analysis = zama
    m = open_map(net, viewport=(1280, 720), analysis=analysis)
    info = m.js("window.netmap.preparePrint(false, 'A3')")
    # printed names ≥ 7 pt (2.47 mm): the sheet is drawn in millimetres
    assert info["fontMm"] >= 7 * 0.3528
    labels = m.js("window.netmap.printLabels.map(p => ({x: p.x, y: p.y, w: p.w, h: p.h, px: p.px}))")
    assert len(labels) >= 30 and min(b["px"] for b in labels) >= 7 * 0.3528
    assert_no_overlap(labels)
    m.page.emulate_media(media="print")
    pdf = tmp_path / "a3.pdf"
    m.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    meta = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", meta, re.M), meta  # legend and gap list on page 1, no page 2
    size = next(line for line in meta.splitlines() if line.startswith("Page size"))
    w_pt, h_pt = (float(x) for x in size.split(":")[1].split("pts")[0].split("x"))
    assert abs(w_pt - 420 / 25.4 * 72) < 2 and abs(h_pt - 297 / 25.4 * 72) < 2  # A3 landscape
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(SHOTS / "zama-a3")],
                   check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "すき間" in text and "座間市社会福祉協議会" in text
    m.assert_clean()


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("map_bench", ROOT / "benchmarks" / "map_bench.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _expected_groups(G: Any) -> dict[str, set[str]]:
    """Group id -> members, counted here from the graph (one group per sector of the
    organisations, one per other node type; needs and the hub single)."""
    out: dict[str, set[str]] = {}
    for n, a in G.nodes(data=True):
        kind = a.get("node_type", "organisation")
        if kind == "need" or a.get("hub") is True:
            continue
        key = f"group:sector:{a.get('sector') or 'other'}" if kind == "organisation" else f"group:type:{kind}"
        out.setdefault(key, set()).add(str(n))
    return out


def _click_node(m: Opened, node_id: str) -> None:
    """A real mouse click on the centre of a drawn node."""
    pos = m.js("id => { const n = window.netmap.network;"
               " return n.canvasToDOM(n.getPositions([id])[id]); }", node_id)
    box = m.page.locator("#netmap-canvas").bounding_box()
    m.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def test_big_map_opens_aggregated_expands_and_searches_into_groups(
        open_map: Callable[..., Opened]) -> None:
    G = _bench().synthetic_graph(1000, seed=3)
    groups = _expected_groups(G)
    needs = {str(n) for n, a in G.nodes(data=True) if a.get("node_type") == "need"}
    hub = {str(n) for n, a in G.nodes(data=True) if a.get("hub") is True}
    m = open_map(G, viewport=(1280, 720))
    assert m.js("window.netmap.data.nodes.length") == 1000
    # opened aggregated: exactly the groups, the needs and the hub are drawn
    assert set(m.js("window.netmap.drawnIds()")) == set(groups) | needs | hub
    got = {g["id"]: set(g["members"]) for g in m.js("window.netmap.groups")}
    assert got == groups
    # each group is labelled with its member count (counted above from the graph)
    labels = {b["id"]: b["lines"] for b in m.js("window.netmap.labels()")}
    npo = "group:sector:npo"
    assert labels[npo] == ["NPO・市民活動", f"{len(groups[npo])} 機関"]
    # links summed between groups: NPO → need "housing", counted in the graph
    want = sum(1 for u, v in G.edges() if {str(u), str(v)} & groups[npo] and "need:housing" in (u, v))
    summed = m.js("id => window.netmap.edges.get(id)", f"sum:{npo}\u0001need:housing")
    assert summed["title"] == f"つながり {want} 本（合計）" and not summed["hidden"]
    # a click on a group expands it: its members are drawn, the group is not
    m.page.wait_for_timeout(100)
    _click_node(m, npo)
    m.page.wait_for_function(f"window.netmap.drawnIds().includes('{sorted(groups[npo])[0]}')")
    drawn = set(m.js("window.netmap.drawnIds()"))
    assert groups[npo] <= drawn and npo not in drawn
    assert all(g in drawn for g in groups if g != npo)
    # search finds a member inside a collapsed group and draws it out of the group
    m.page.click("#netmap-reset")
    member = sorted(groups["group:sector:medical"])[0]
    name = G.nodes[member]["name"]
    m.page.fill("#netmap-search", name)
    m.page.press("#netmap-search", "Enter")
    m.page.wait_for_selector("#netmap-search-results li")
    assert m.page.inner_text("#netmap-search-results") == name
    assert m.js("window.netmap.network.getSelectedNodes()") == [member]
    drawn = set(m.js("window.netmap.drawnIds()"))
    assert member in drawn and "group:sector:medical" in drawn
    assert not (groups["group:sector:medical"] - {member}) & drawn
    m.page.wait_for_timeout(150)
    labels = {b["id"]: b["lines"] for b in m.js("window.netmap.labels()")}
    assert labels[member][0].startswith(name[:4]), labels.get(member)
    # the group now stands for the others (dimmed, not emphasised: not labelled)
    counts = {g["id"]: g["count"] for g in m.js("window.netmap.groups")}
    assert counts["group:sector:medical"] == len(groups["group:sector:medical"]) - 1
    # a need filter draws its providers singly, and every drawn node is one of them
    m.page.click("#netmap-reset")
    m.page.select_option("#netmap-need", "housing")
    shown = set(m.js("window.netmap.visibleIds()"))
    providers = {str(u) for u, v, a in G.edges(data=True) if v == "need:housing"} | {"need:housing"}
    assert providers - hub <= shown
    assert set(m.js("window.netmap.drawnIds()")) <= shown | set(groups)
    m.assert_clean()


def test_small_maps_are_not_aggregated(open_map: Callable[..., Opened], zama: Any) -> None:
    G = make_graph()
    m = open_map(G)
    assert m.js("window.netmap.groups.length") == 0
    assert set(m.js("window.netmap.drawnIds()")) == {str(n) for n in G}
    m.assert_clean()
    net, analysis = zama  # the real city opens with every node drawn
    m = open_map(net, analysis=analysis)
    assert m.js("window.netmap.groups.length") == 0
    assert m.js("window.netmap.drawnIds().length") == m.js("window.netmap.data.nodes.length")
    m.assert_clean()


@pytest.mark.parametrize("viewport", [(1280, 720), (390, 844)])
def test_who_team_members_are_named(open_map: Callable[..., Opened], zama: Any,
                                    viewport: tuple[int, int]) -> None:
    """`netmap map … --who 住まい,債務` on 座間: every member of the shown team is named on the
    map (a new user found 座間市社会福祉協議会, the team's 債務 member, drawn without a name)."""
    from netmap.analysis.who import who

    net, analysis = zama
    team = who(net, ["住まい", "債務"])
    m = open_map(net, viewport=viewport, analysis=analysis, who=team)
    members = m.js("window.netmap.data.who.teams[0].members")
    named = {b["id"] for b in m.js("window.netmap.labels()")}
    assert members and set(members) <= named, (members, named)
    m.assert_clean()


def test_gap_list_groups_as_the_cli(open_map: Callable[..., Opened], zama: Any) -> None:
    """The map's すき間 list has the groups and counts `netmap gaps` prints (the new user's
    `--who 8050` map did not list 高齢者介護, which the CLI calls 未登録の可能性)."""
    from click.testing import CliRunner

    from netmap.cli import cli

    res = CliRunner().invoke(cli, ["gaps", str(ROOT / "datasets" / "zama"), "--runs", "0"])
    assert res.exit_code == 0, res.output
    heads = dict(re.findall(r"^■ (.+) \((\d+)\)$", res.output, flags=re.M))
    cli_counts = [int(heads[k]) for k in ("対応機関の記録がないニーズ",
                                          "未登録の可能性（法定・ほぼ全市町村にある機関が通常対応）",
                                          "一つのサービスだけが対応")]
    assert cli_counts == [3, 3, 9]  # 座間市, printed by `netmap gaps datasets/zama` on 2026-12-02
    net, analysis = zama
    m = open_map(net, viewport=(1280, 720), analysis=analysis)
    m.page.click("#netmap-gaplist summary")
    groups = m.js("""[...document.querySelectorAll('#netmap-gaplist li.netmap-gap-group')]
        .map(h => [h.dataset.group, +h.dataset.count, h.textContent])""")
    assert [g[:2] for g in groups] == [["uncovered", cli_counts[0]],
                                       ["probably_unrecorded", cli_counts[1]],
                                       ["thin", cli_counts[2]]]
    assert groups[1][2].startswith("未登録の可能性")
    elder = m.page.locator("#netmap-gaplist li button", has_text="高齢者介護")
    assert elder.count() == 1
    assert "確認先の候補: 座間市 健康部 介護保険課" in elder.inner_text()
    assert m.page.inner_text("#netmap-gaplist summary") == f"すき間（{sum(cli_counts)}）"
    node = m.js("id => window.netmap.data.nodes.find(x => x.id === id)", "need:elder_care")
    assert node["gap"] == "probably_unrecorded"
    m.assert_clean()


def test_english_map_of_zama_reads_english(open_map: Callable[..., Opened], zama: Any) -> None:
    """`--lang en`: "as of 2023-07-21" (not "2023-07-21 as of"), "Gaps (15)" with ASCII
    brackets on screen and on the printed sheet, organisations by name_en in the gap list."""
    net, analysis = zama
    m = open_map(net, viewport=(1280, 720), analysis=analysis, lang="en")
    head = m.page.inner_text("#netmap-header")
    assert "as of 2023-07-21" in head and "2023-07-21 as of" not in head
    m.page.click("#netmap-gaplist summary")
    assert m.page.inner_text("#netmap-gaplist summary") == "Gaps (15)"
    legal = m.page.locator("#netmap-gaplist li button", has_text="Legal matters").inner_text()
    assert "Kanagawa Bar Association" in legal and "神奈川県弁護士会" not in legal
    groups = m.js("[...document.querySelectorAll('#netmap-gaplist li.netmap-gap-group')]"
                  ".map(h => h.textContent)")
    assert groups[1].startswith("Probably unrecorded") and groups[1].endswith("(3)")
    m.js("window.netmap.preparePrint(false, 'A4')")
    sheet = m.js("document.getElementById('netmap-print-svg').textContent")
    assert "Gaps (15)" in sheet and "Gaps（" not in sheet
    m.assert_clean()
