/* netmap overview: sigma.js 3 (WebGL) over a graphology graph, built from the page's JSON.
 * Positions, sizes and colours come from Python (netmap/render/overview.py); nothing is laid
 * out here. Every visible text is set with textContent. window.netmapOverview exposes the
 * state for tests and benchmarks: ready, readyAt (ms since navigation), search(), select(). */
(function () {
  "use strict";
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById("netmap-overview-data").textContent);
  var S = D.strings, N = D.nodes, n = N.x.length, E = D.e, m = E.length / 2;
  var tParsed = performance.now();

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }

  // -- graph ---------------------------------------------------------------------------------
  // Nodes go into graphology; links stay in typed arrays (CSR: each node's link indices) and
  // enter the graph only when drawn: all of them for a small network (or when the reader ticks
  // the box), else only the selected node's. Drawing every link of 20,000 nodes costs seconds
  // per frame without a GPU (benchmarks/bigmap_bench.py), and at that zoom they are a grey haze.
  var Graph = graphology.MultiGraph || graphology;
  var graph = new Graph({ multi: true, type: "directed", allowSelfLoops: true });
  var i;
  for (i = 0; i < n; i++) {
    graph.addNode(String(i), {
      x: N.x[i], y: N.y[i], size: N.s[i], color: D.legend[N.c[i]].color, label: N.name[i]
    });
  }
  var deg = new Int32Array(n + 1), adj = new Int32Array(2 * m);
  for (i = 0; i < 2 * m; i++) { deg[E[i] + 1]++; }
  for (i = 0; i < n; i++) { deg[i + 1] += deg[i]; }
  var fill = deg.slice(0, n);
  for (i = 0; i < m; i++) { adj[fill[E[2 * i]]++] = i; adj[fill[E[2 * i + 1]]++] = i; }
  function linksOf(k) { return adj.subarray(deg[k], deg[k + 1]); }
  function addLink(j) {
    var key = "e" + j;
    if (!graph.hasEdge(key)) {
      graph.addEdgeWithKey(key, String(E[2 * j]), String(E[2 * j + 1]),
        { color: "#b0bec5", size: 0.5 });
    }
  }
  var allLinks = m <= D.all_links_max;
  function showLinks(all) {
    allLinks = all;
    graph.clearEdges();
    if (all) { for (var j = 0; j < m; j++) { addLink(j); } }
    else if (selected !== null) { linksOf(Number(selected)).forEach(addLink); }
  }
  if (allLinks) { for (i = 0; i < m; i++) { addLink(i); } }
  var tGraph = performance.now();

  // -- selection (set by a click or a search) ------------------------------------------------
  var selected = null, neighbours = null;
  function nodeReducer(node, data) {
    if (selected === null) { return data; }
    if (node === selected) { return Object.assign({}, data, { highlighted: true, forceLabel: true, zIndex: 2 }); }
    if (neighbours.has(node)) { return Object.assign({}, data, { forceLabel: true, zIndex: 1 }); }
    return Object.assign({}, data, { color: "#eceff1", label: null, zIndex: 0 });
  }
  function edgeReducer(edge, data) {
    if (selected === null) { return data; }
    if (graph.hasExtremity(edge, selected)) { return Object.assign({}, data, { color: "#37474f", size: 1 }); }
    return Object.assign({}, data, { hidden: true });
  }

  var container = document.getElementById("sigma"), probe = document.createElement("canvas");
  if (!(probe.getContext("webgl2") || probe.getContext("webgl"))) {
    // no WebGL (switched off, or a very old browser): say so instead of a blank page
    container.appendChild(el("p", S.no_webgl, "no-webgl"));
    window.netmapOverview = { ready: false, error: "no-webgl" };
    return;
  }
  var renderer = new Sigma(graph, container, {
    labelFont: "'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif",
    labelSize: 13,
    labelWeight: "bold",
    labelRenderedSizeThreshold: Math.max(0, D.label_size - 0.01),
    labelGridCellSize: 260,
    defaultEdgeColor: "#cfd8dc",
    hideEdgesOnMove: m > 20000,
    zIndex: true,
    // One vertex per node and two per link (gl.POINTS, gl.LINES) instead of sigma's default
    // instanced quads: without a GPU (SwiftShader) instancing costs about 40 µs per instance,
    // so a frame of 100,000 nodes took 4.4 s instead of 0.3–0.7 s (benchmarks/bigmap_bench.py).
    nodeProgramClasses: { circle: Sigma.rendering.NodePointProgram },
    edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
    nodeReducer: nodeReducer,
    edgeReducer: edgeReducer
  });
  var tSigma = performance.now();

  // -- place names: prefectures when zoomed out, municipalities once their disc is big enough --
  var places = el("canvas", null, "places");
  container.appendChild(places);
  function drawPlaces() {
    var w = container.clientWidth, h = container.clientHeight, dpr = window.devicePixelRatio || 1;
    if (places.width !== w * dpr || places.height !== h * dpr) {
      places.width = w * dpr; places.height = h * dpr;
      places.style.width = w + "px"; places.style.height = h + "px";
    }
    var g = places.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = "bold 14px 'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif";
    g.textAlign = "center"; g.lineJoin = "round"; g.lineWidth = 4;
    g.strokeStyle = "rgba(255,255,255,0.9)"; g.fillStyle = "#37474f";
    function put(disc, text, minPx) {
      var c = renderer.graphToViewport({ x: disc.x, y: disc.y });
      var e = renderer.graphToViewport({ x: disc.x + disc.r, y: disc.y });
      var r = Math.abs(e.x - c.x);
      if (r < minPx || c.x + r < 0 || c.x - r > w || c.y + r < 0 || c.y - r > h) { return false; }
      var y = Math.max(16, c.y - r - 6);
      g.strokeText(text, c.x, y); g.fillText(text, c.x, y);
      return true;
    }
    var shown = 0;
    if (D.groups.length > 1) {
      D.groups.forEach(function (d) { if (put(d, d.name, 45)) { shown++; } });
    }
    if (!shown && D.prefs.length > 1) {
      D.prefs.forEach(function (d) { if (d.name) { put(d, d.name, 30); } });
    }
  }
  renderer.on("afterRender", drawPlaces);
  drawPlaces();

  // -- page text -----------------------------------------------------------------------------
  document.getElementById("title").textContent = S.title;
  document.getElementById("counts").textContent =
    D.groups.length + " " + S.municipalities + " · " + n.toLocaleString() + " " + S.nodes_count +
    " · " + m.toLocaleString() + " " + S.edges_count;
  document.getElementById("search-label").textContent = S.search;
  document.getElementById("search").placeholder = S.search_placeholder || "";
  document.getElementById("hint").textContent = S.hint;
  var linksBox = document.getElementById("all-links");
  document.getElementById("all-links-label").appendChild(document.createTextNode(S.all_links));
  linksBox.checked = allLinks;
  linksBox.addEventListener("change", function () { showLinks(linksBox.checked); renderer.refresh(); });
  document.getElementById("legend-title").textContent = S.legend;
  var legendList = document.getElementById("legend-list");
  var used = new Array(D.legend.length).fill(0);
  for (i = 0; i < n; i++) { used[N.c[i]]++; }
  D.legend.forEach(function (entry, k) {
    if (!used[k]) { return; }
    var li = el("li");
    var sw = el("span", null, "swatch");
    sw.style.background = entry.color;
    li.appendChild(sw);
    li.appendChild(document.createTextNode(entry.label + " (" + used[k].toLocaleString() + ")"));
    li.title = entry.label;
    legendList.appendChild(li);
  });

  // -- details -------------------------------------------------------------------------------
  var details = document.getElementById("details");
  function showDetails(k) {
    var g = D.groups[N.g[k]], links = linksOf(k);
    details.textContent = "";
    details.appendChild(el("h2", N.name[k]));
    var dl = el("dl");
    function row(term, value) { dl.appendChild(el("dt", term)); dl.appendChild(el("dd", value)); }
    row(S.node_type, D.legend[N.c[k]].label);
    row(S.municipality, [g.pref, g.name].filter(Boolean).join(" "));
    row(S.degree, links.length);
    row("ID", N.id[k]);
    details.appendChild(dl);
    details.appendChild(el("h2", S.links));
    var ul = el("ul"), shown = Math.min(links.length, 30);
    for (var x = 0; x < shown; x++) {
      var j = links[x], out = E[2 * j] === k, other = out ? E[2 * j + 1] : E[2 * j];
      var li = el("li"), a = el("a", N.name[other]);
      a.addEventListener("click", select.bind(null, String(other), true));
      li.appendChild(a);
      var type = D.t[j] >= 0 ? D.link_types[D.t[j]] : "";
      li.appendChild(document.createTextNode(" — " + type + (out ? " →" : " ←")));
      ul.appendChild(li);
    }
    details.appendChild(ul);
    if (links.length > shown) { details.appendChild(el("p", S.more.replace("{n}", links.length - shown))); }
  }

  function select(node, move) {
    if (node === null) {
      selected = null; neighbours = null;
      details.textContent = "";
      details.appendChild(el("p", S.hint));
    } else {
      var k = Number(node);
      selected = String(node);
      neighbours = new Set();
      linksOf(k).forEach(function (j) {
        neighbours.add(String(E[2 * j] === k ? E[2 * j + 1] : E[2 * j]));
      });
      showDetails(k);
      if (move) {
        var p = renderer.getNodeDisplayData(selected);
        // zoom until the node's municipality (its disc) about fills the screen
        var ratio = Math.min(1, Math.max(0.002, 2.4 * D.groups[N.g[k]].r / D.extent));
        renderer.getCamera().animate({ x: p.x, y: p.y, ratio: Math.min(renderer.getCamera().ratio, ratio) },
          { duration: 400 });
      }
    }
    if (!allLinks) { showLinks(false); }
    renderer.refresh();
  }
  renderer.on("clickNode", function (e) { select(e.node, false); });
  renderer.on("clickStage", function () { select(null, false); });

  // -- search --------------------------------------------------------------------------------
  var keys = null;
  function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }
  function search(query) {
    var q = norm(query).trim(), out = [];
    if (!q) { return out; }
    if (keys === null) { keys = N.name.map(norm); }
    for (var k = 0; k < n; k++) {
      if (keys[k].indexOf(q) !== -1) { out.push(k); }
    }
    // exact and prefix matches first, then bigger nodes
    out.sort(function (a, b) {
      var ra = keys[a] === q ? 0 : keys[a].indexOf(q) === 0 ? 1 : 2;
      var rb = keys[b] === q ? 0 : keys[b].indexOf(q) === 0 ? 1 : 2;
      return ra - rb || N.s[b] - N.s[a] || a - b;
    });
    return out;
  }
  var input = document.getElementById("search"), status = document.getElementById("search-status");
  var results = document.getElementById("results"), found = [], timer = null;
  function showResults() {
    found = search(input.value);
    results.textContent = "";
    status.textContent = input.value.trim() === "" ? "" :
      found.length ? found.length.toLocaleString() + " " + S.matches : S.no_match;
    found.slice(0, 20).forEach(function (k) {
      var li = el("li", N.name[k]), g = D.groups[N.g[k]];
      li.appendChild(el("span", [g.pref, g.name].filter(Boolean).join(" "), "where"));
      li.addEventListener("click", function () { results.textContent = ""; select(String(k), true); });
      results.appendChild(li);
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(showResults, n > 20000 ? 200 : 60);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(timer);
      showResults();
      if (found.length) { results.textContent = ""; select(String(found[0]), true); }
    } else if (ev.key === "Escape") {
      results.textContent = "";
    }
  });

  var api = window.netmapOverview = {
    ready: false, renderer: renderer, graph: graph, data: D,
    timings: { start: t0, parse: tParsed - t0, graph: tGraph - tParsed, sigma: tSigma - tGraph },
    search: function (q) { return search(q).map(function (k) { return N.name[k]; }); },
    select: function (k) { select(k === null ? null : String(k), true); },
    selected: function () { return selected; }
  };
  api.timings.script = performance.now() - t0;
  requestAnimationFrame(function () {
    api.timings.frame1 = performance.now();
    requestAnimationFrame(function () {
      api.ready = true; api.readyAt = performance.now();
      // normalise the names for search while the reader looks (not before the first picture)
      setTimeout(function () { if (keys === null) { keys = N.name.map(norm); } }, 0);
    });
  });
})();
