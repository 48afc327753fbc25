"""The WebGL overview map (netmap.render.overview) in a real headless Chromium.

A 2,000-node overview of synthetic municipalities (netmap.synth, written and read back like real
datasets) is opened via ``file://`` with every other request aborted and recorded; WebGL is
SwiftShader's (CPU), as on a machine without a GPU. The tests check that nothing tried to leave
the file, that no page or console error happened, that sigma drew (its canvases exist and the
screenshot holds the sector colours of the legend), and that a name typed into the search box is
found, selected and shown in the side panel. Screenshots at 1920×1080 and 1280×720 are written to
``$NETMAP_SCREENSHOTS`` (default: the test's temporary folder) to be looked at.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netmap.model import Network
from netmap.render.overview import render_overview
from netmap.render.picture import CHROMIUM_ARGS, block_network, chromium_path
from netmap.render.style import SECTORS

pytestmark = pytest.mark.browser

#: SwiftShader: a software WebGL for headless Chromium without a GPU.
WEBGL_ARGS = [*CHROMIUM_ARGS, "--headless", "--disable-sync", "--use-gl=angle",
              "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
READY = "window.netmapOverview && window.netmapOverview.ready"
#: Counts pixels of a screenshot (a PNG data: URL) within ±12 per channel of each colour.
COUNT_COLOURS = """async ([url, colours]) => {
  const img = new Image(); img.src = url; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data;
  const want = colours.map(h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16)));
  const counts = want.map(() => 0);
  for (let i = 0; i < px.length; i += 4) {
    want.forEach((w, k) => {
      if (Math.abs(px[i] - w[0]) <= 12 && Math.abs(px[i + 1] - w[1]) <= 12
          && Math.abs(px[i + 2] - w[2]) <= 12) { counts[k]++; }
    });
  }
  return counts;
}"""


@pytest.fixture(scope="module")
def networks(tmp_path_factory: pytest.TempPathFactory) -> list[Network]:
    """Synthetic municipalities (seed 3) until 2,000 nodes, read back from their folders."""
    from netmap.io.dataset import load_dataset
    from netmap.synth import synthesize, write_municipality

    folder = tmp_path_factory.mktemp("synth")
    nets: list[Network] = []
    for rows in synthesize(200, seed=3):
        nets.append(load_dataset(write_municipality(rows, folder)))
        if sum(n.graph.number_of_nodes() for n in nets) >= 2000:
            break
    return nets


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if not Path(exe).exists():
        reason = (f"!!! Chromium not found at {exe}: overview browser tests NOT RUN. "
                  "Install it with `sudo scripts/setup-browser`. !!!")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=WEBGL_ARGS)
        yield b
        b.close()


def wait_js(page: Any, expression: str, timeout_s: float = 60.0) -> None:
    """Poll ``expression`` until true. Not ``page.wait_for_function``: its polling evaluates a
    string in the page, which the overview's Content-Security-Policy (no ``unsafe-eval``)
    refuses; ``page.evaluate`` goes through the DevTools protocol instead."""
    end = time.monotonic() + timeout_s
    while not page.evaluate(f"() => !!({expression})"):
        assert time.monotonic() < end, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def open_overview(browser: Any, html: Path, width: int, height: int) -> tuple[Any, list[str],
                                                                           list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    blocked = block_network(page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.goto(html.resolve().as_uri())
    wait_js(page, READY)
    page.wait_for_selector("#sigma canvas.sigma-nodes", state="attached")
    return page, blocked, errors


@pytest.mark.parametrize("width,height", [(1920, 1080), (1280, 720)])
def test_overview_offline_search_and_screenshot(
        browser: Any, networks: list[Network], tmp_path: Path, width: int, height: int) -> None:
    html = render_overview(networks, tmp_path / "overview.html")
    n_nodes = sum(n.graph.number_of_nodes() for n in networks)
    assert n_nodes >= 2000 and len(networks) >= 2
    page, blocked, errors = open_overview(browser, html, width, height)
    shots = Path(os.environ.get("NETMAP_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)

    # every node is in sigma's graph; the counts line says so in Japanese
    assert page.evaluate("window.netmapOverview.graph.order") == n_nodes
    assert f"{n_nodes:,} ノード" in page.inner_text("#counts")

    # sigma drew with WebGL: the sector colours of the legend are on the screen
    png = page.screenshot(path=str(shots / f"overview-{width}x{height}.png"))
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    codes = ["government", "npo", "medical"]
    counts = page.evaluate(COUNT_COLOURS, [url, [SECTORS[c]["color"] for c in codes]])
    assert all(c > 30 for c in counts), dict(zip(codes, counts, strict=True))

    # search a name of the second municipality: it is found, selected and shown
    net = networks[1]
    node = net.hub or net.organisations()[0]
    name = net.name_of(node)
    page.fill("#search", name)
    page.press("#search", "Enter")
    wait_js(page, "window.netmapOverview.selected() !== null")
    k = int(page.evaluate("window.netmapOverview.selected()"))
    data = page.evaluate(f"[window.netmapOverview.data.nodes.name[{k}], "
                         f"window.netmapOverview.data.nodes.id[{k}]]")
    assert data == [name, node]
    assert page.inner_text("#details h2") == name
    assert "件見つかりました" in page.inner_text("#search-status")
    assert net.name in page.inner_text("#details")  # the municipality row
    page.wait_for_timeout(600)  # the camera's 400 ms move
    page.screenshot(path=str(shots / f"overview-{width}x{height}-search.png"))

    # a name that is nowhere is reported as not found
    page.fill("#search", "存在しない機関ＸＹＺ")
    page.press("#search", "Enter")
    assert page.inner_text("#search-status") == "見つかりません"

    # the page's own policy (CSP default-src 'none') stops a request before it leaves,
    # even where no test router is watching: the browser reports the violation
    violated = page.evaluate("""() => new Promise(resolve => {
      document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective));
      const img = document.createElement('img'); img.src = 'https://example.com/x.png';
      document.body.appendChild(img);
    })""")
    assert violated.startswith("img-src"), violated
    errors[:] = [e for e in errors if "Content Security Policy" not in e]

    assert blocked == [], blocked
    assert errors == [], errors
    page.close()


def test_overview_without_webgl_says_so(browser: Any, tmp_path: Path) -> None:
    """With WebGL switched off (``--disable-webgl``) the page explains instead of staying
    blank, and still makes no request."""
    try:
        from tests.test_overview import small_graph
    except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
        from test_overview import small_graph  # type: ignore[no-redef]

    html = render_overview(small_graph(), tmp_path / "o.html")
    b = browser.browser_type.launch(executable_path=chromium_path(),
                                    args=[*CHROMIUM_ARGS, "--disable-webgl", "--disable-3d-apis"])
    try:
        page = b.new_page()
        blocked = block_network(page)
        page.goto(html.resolve().as_uri())
        wait_js(page, "window.netmapOverview && window.netmapOverview.error")
        assert "WebGL" in page.inner_text("#sigma .no-webgl")
        assert blocked == []
    finally:
        b.close()
