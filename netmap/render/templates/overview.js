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
  var Graph = graphology.MultiGraph || graphology;
  var graph = new Graph({ multi: true, type: "directed", allowSelfLoops: true });
  var i;
  for (i = 0; i < n; i++) {
    graph.addNode(String(i), {
      x: N.x[i], y: N.y[i], size: N.s[i], color: D.legend[N.c[i]].color, label: N.name[i]
    });
  }
  for (i = 0; i < m; i++) {
    graph.addEdgeWithKey("e" + i, String(E[2 * i]), String(E[2 * i + 1]),
      { color: "#cfd8dc", size: 0.5, t: D.t[i] });
  }
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
    if (graph.hasExtremity(edge, selected)) { return Object.assign({}, data, { color: "#37474f", size: 1.5 }); }
    return Object.assign({}, data, { hidden: true });
  }

  var renderer = new Sigma(graph, document.getElementById("sigma"), {
    labelFont: "'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif",
    labelSize: 13,
    labelWeight: "bold",
    labelRenderedSizeThreshold: Math.max(0, D.label_size - 0.01),
    defaultEdgeColor: "#cfd8dc",
    hideEdgesOnMove: m > 20000,
    zIndex: true,
    nodeReducer: nodeReducer,
    edgeReducer: edgeReducer
  });
  var tSigma = performance.now();

  // -- page text -----------------------------------------------------------------------------
  document.getElementById("title").textContent = S.title;
  document.getElementById("counts").textContent =
    D.groups.length + " " + S.municipalities + " · " + n.toLocaleString() + " " + S.nodes_count +
    " · " + m.toLocaleString() + " " + S.edges_count;
  document.getElementById("search-label").textContent = S.search;
  document.getElementById("search").placeholder = S.search_placeholder || "";
  document.getElementById("hint").textContent = S.hint;
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
  function showDetails(node) {
    var k = Number(node), g = D.groups[N.g[k]];
    details.textContent = "";
    details.appendChild(el("h2", N.name[k]));
    var dl = el("dl");
    function row(term, value) { dl.appendChild(el("dt", term)); dl.appendChild(el("dd", value)); }
    row(S.node_type, D.legend[N.c[k]].label);
    row(S.municipality, [g.pref, g.name].filter(Boolean).join(" "));
    row(S.degree, graph.degree(node));
    row("ID", N.id[k]);
    details.appendChild(dl);
    details.appendChild(el("h2", S.links));
    var ul = el("ul"), shown = 0, total = 0;
    graph.forEachEdge(node, function (edge, attrs, source, target) {
      total++;
      if (shown >= 30) { return; }
      shown++;
      var other = source === node ? target : source;
      var li = el("li"), a = el("a", N.name[Number(other)]);
      a.addEventListener("click", function () { select(other, true); });
      li.appendChild(a);
      var type = attrs.t >= 0 ? D.link_types[attrs.t] : "";
      li.appendChild(document.createTextNode(" — " + type + (source === node ? " →" : " ←")));
      ul.appendChild(li);
    });
    details.appendChild(ul);
    if (total > shown) { details.appendChild(el("p", S.more.replace("{n}", total - shown))); }
  }

  function select(node, move) {
    if (node === null) {
      selected = null; neighbours = null;
      details.textContent = "";
      details.appendChild(el("p", S.hint));
    } else {
      selected = String(node);
      neighbours = new Set(graph.neighbors(selected));
      showDetails(selected);
      if (move) {
        var p = renderer.getNodeDisplayData(selected);
        renderer.getCamera().animate({ x: p.x, y: p.y, ratio: Math.min(renderer.getCamera().ratio, 0.08) },
          { duration: 400 });
      }
    }
    renderer.refresh({ skipIndexation: true });
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
    timings: { parse: tParsed - t0, graph: tGraph - tParsed, sigma: tSigma - tGraph },
    search: function (q) { return search(q).map(function (k) { return N.name[k]; }); },
    select: function (k) { select(k === null ? null : String(k), true); },
    selected: function () { return selected; }
  };
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { api.ready = true; api.readyAt = performance.now(); });
  });
})();
