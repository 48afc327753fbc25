"""Benchmark: big maps. The workshop map (vis-network) beside the WebGL overview (sigma.js).

For each size, one synthetic typed network (``map_bench.synthetic_graph``: FORMAT.md's node
and link types in Zama-like proportions) is drawn by both renderers in the same run:

* ``vis``: :func:`netmap.render.render_map` (vis-network 9.1.2 on a 2-D canvas, layout
  computed in Python, physics off), ready at its first ``afterDrawing``
  (``window.netmap.readyAt``);
* ``webgl``: :func:`netmap.render.overview.render_overview` (sigma.js 3.0.3 on WebGL, layout
  computed in Python), ready two animation frames after sigma's first render
  (``window.netmapOverview.readyAt``).

Each page is opened via ``file://`` in headless Chromium (``/usr/bin/chromium``, every
non-file request aborted, WebGL by SwiftShader, i.e. on the CPU: a machine with a GPU does
better). Printed per renderer and size: Python render time, file size, time until interactive
(from navigation start, ``performance.now()``), the time one zoom step takes to reach the screen
(two animation frames), the page's JS heap (CDP
``Performance.getMetrics``: ``JSHeapUsedSize``), the renderer process's resident memory
(``/proc/<pid>/status`` VmRSS of the tab's process, found with CDP
``SystemInfo.getProcessInfo``) and, for the overview, the time of one search over every name.

``--municipalities`` also draws an overview of synthetic municipalities (:mod:`netmap.synth`,
written and read back like real datasets) until the node count is reached: the prefecture /
nation picture, which the workshop map cannot draw (it takes one network).

Usage::

    .venv/bin/python benchmarks/bigmap_bench.py --nodes 2000 5000 20000
    .venv/bin/python benchmarks/bigmap_bench.py --nodes 100000 --skip-vis --municipalities
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import record  # noqa: E402
from map_bench import synthetic_graph  # noqa: E402

from netmap.render.picture import CHROMIUM_ARGS, block_network  # noqa: E402

#: SwiftShader gives headless Chromium a software WebGL (no GPU here).
WEBGL_ARGS = [*CHROMIUM_ARGS, "--headless", "--disable-sync", "--use-gl=angle",
              "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
READY = {
    "vis": ("window.netmap && window.netmap.ready", "window.netmap.readyAt"),
    "webgl": ("window.netmapOverview && window.netmapOverview.ready",
              "window.netmapOverview.readyAt"),
}

#: One zoom step and the two animation frames until it is on screen: a frame's cost.
_FRAMES = "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
ZOOM_JS = {
    "vis": "async () => { const n = window.netmap.network, t = performance.now();"
           " n.moveTo({scale: n.getScale() * 2}); " + _FRAMES + " return performance.now() - t; }",
    "webgl": "async () => { const c = window.netmapOverview.renderer.getCamera(),"
             " t = performance.now(); c.setState({ratio: c.ratio / 2}); " + _FRAMES +
             " return performance.now() - t; }",
}


def renderer_rss_mb(browser: Any) -> float | None:
    """Resident memory of the largest renderer process, in MB (None if CDP will not say)."""
    try:
        cdp = browser.new_browser_cdp_session()
        info = cdp.send("SystemInfo.getProcessInfo")
        cdp.detach()
    except Exception:  # an older Chromium without SystemInfo: report no figure
        return None
    best = None
    for proc in info.get("processInfo", []):
        if proc.get("type") != "renderer":
            continue
        try:
            status = Path(f"/proc/{proc['id']}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                mb = int(line.split()[1]) / 1024
                best = mb if best is None else max(best, mb)
    return best


def wait_js(page: Any, expression: str, limit_s: float) -> bool:
    """Poll ``expression`` every 50 ms until true; False after ``limit_s``.

    Not ``page.wait_for_function``: its polling evaluates a string in the page, which the
    overview's Content-Security-Policy (no ``unsafe-eval``) refuses; ``page.evaluate`` goes
    through the DevTools protocol, which the policy does not cover.
    """
    end = time.perf_counter() + limit_s
    while time.perf_counter() < end:
        if page.evaluate(f"() => !!({expression})"):
            return True
        page.wait_for_timeout(50)
    return False


def open_page(browser: Any, path: Path, kind: str, limit_s: float) -> dict[str, Any]:
    """Open ``path`` offline, wait until interactive, return timings and memory."""
    ready_js, at_js = READY[kind]
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    blocked = block_network(page)
    page.on("pageerror", lambda e: errors.append(str(e)))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit")
    ready_ms = float(page.evaluate(at_js)) if wait_js(page, ready_js, limit_s) else None
    out: dict[str, Any] = {"ready_ms": ready_ms, "wall_ms": (time.perf_counter() - t0) * 1000,
                           "errors": errors, "blocked": blocked}
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    out["heap_mb"] = metrics.get("JSHeapUsedSize", 0) / 1e6
    out["rss_mb"] = renderer_rss_mb(browser)
    if ready_ms is not None:
        out["zoom_ms"] = page.evaluate(ZOOM_JS[kind])
    if kind == "webgl" and ready_ms is not None:
        page.wait_for_timeout(500)  # the page normalises the names just after it is ready
        out["search_ms"] = page.evaluate(
            "() => { const N = window.netmapOverview.data.nodes.name;"
            " const q = N[Math.floor(N.length / 2)].slice(0, 3);"
            " const t = performance.now(); const r = window.netmapOverview.search(q);"
            " return [performance.now() - t, r.length]; }")
    page.close()
    return out


def fmt(v: float | None, unit: str, digits: int = 0) -> str:
    return "—" if v is None else f"{v:,.{digits}f} {unit}"


def municipalities_upto(nodes: int, seed: int) -> list[Any]:
    """Synthetic municipalities (written, then read back) until ``nodes`` nodes are reached."""
    from netmap.io.dataset import load_dataset
    from netmap.synth import synthesize, write_municipality

    nets: list[Any] = []
    total = 0
    with tempfile.TemporaryDirectory(prefix="netmap-bigmap-") as tmp:
        for rows in synthesize(14000, seed):
            net = load_dataset(write_municipality(rows, tmp))
            nets.append(net)
            total += net.graph.number_of_nodes()
            if total >= nodes:
                break
    return nets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[2000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--limit", type=float, default=180.0,
                        help="seconds to wait for a page to become interactive")
    parser.add_argument("--skip-vis", action="store_true",
                        help="only the overview (the workshop map takes minutes past 20,000)")
    parser.add_argument("--municipalities", action="store_true",
                        help="also an overview of synthetic municipalities of each size")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from netmap.render import render_map
    from netmap.render.overview import overview_html

    rows = []
    with tempfile.TemporaryDirectory(prefix="netmap-bench-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=WEBGL_ARGS)
        for n in args.nodes:
            G = synthetic_graph(n, args.seed)
            cases: list[tuple[str, str, Any]] = []
            if not args.skip_vis:
                cases.append(("vis", "one graph", lambda G=G: render_map(G, seed=args.seed)))
            cases.append(("webgl", "one graph", lambda G=G: overview_html(G)))
            if args.municipalities:
                nets = municipalities_upto(n, args.seed)
                cases.append(("webgl", f"{len(nets)} municipalities",
                              lambda nets=nets: overview_html(nets)))
            print(f"\n== {n:,} nodes: synthetic graph {G.number_of_nodes():,} nodes, "
                  f"{G.number_of_edges():,} edges", flush=True)
            for kind, what, render in cases:
                t = time.perf_counter()
                html = render()
                render_ms = (time.perf_counter() - t) * 1000
                path = Path(tmp) / f"{kind}-{n}.html"
                path.write_text(html, encoding="utf-8")
                size_mb = path.stat().st_size / 1e6
                runs = [open_page(browser, path, kind, args.limit) for _ in range(args.runs)]
                ready = [r["ready_ms"] for r in runs if r["ready_ms"] is not None]
                med = statistics.median(ready) if ready else None
                last = runs[-1]
                search = last.get("search_ms")
                rows.append((n, kind, what, med))
                print(f"{kind:5} {what:18} python {render_ms:8,.0f} ms  file {size_mb:6.2f} MB  "
                      f"interactive {fmt(med, 'ms') if ready else f'> {args.limit:.0f} s'}  "
                      f"JS heap {fmt(last['heap_mb'], 'MB')}  renderer RSS "
                      f"{fmt(last['rss_mb'], 'MB')}  zoom frame {fmt(last.get('zoom_ms'), 'ms')}"
                      + (f"  search {search[0]:.0f} ms ({search[1]} hits)" if search else "")
                      + f"  errors {len(last['errors'])} blocked {len(last['blocked'])}",
                      flush=True)
                for e in last["errors"][:3]:
                    print(f"   page error: {e}")
        browser.close()
    print("\nTime until interactive (median), target: 20,000 nodes < 3,000 ms")
    for n, kind, what, med in rows:
        verdict = ""
        if n == 20000:
            verdict = " OK" if med is not None and med < 3000 else " MISSED"
        print(f"  {n:>7,} {kind:5} {what:18} {fmt(med, 'ms')}{verdict}")
    by = {(n, kind, what): med for n, kind, what, med in rows}
    for n in args.nodes:
        vis, gl = by.get((n, "vis", "one graph")), by.get((n, "webgl", "one graph"))
        if vis and gl:
            print(f"  ratio vis / webgl at {n:,} nodes: {vis / gl:.1f}x")
        for what in sorted({w for m, k, w, _ in rows if m == n and k == "webgl"}):
            gl = by.get((n, "webgl", what))
            target = (("< 3,000 ms: " + ("OK" if gl is not None and gl < 3000 else "MISSED"))
                      if n == 20000 else "—")
            record("bigmap", f"WebGL overview of {n:,} nodes ({what}): time until interactive "
                   f"(median of {args.runs}), SwiftShader",
                   fmt(gl, "ms") if gl is not None else f"> {args.limit:.0f} s",
                   f"vis-network workshop map (render_map default, grouped above its "
                   f"threshold) {fmt(vis, 'ms')}" if vis else "vis-network map not run",
                   target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
