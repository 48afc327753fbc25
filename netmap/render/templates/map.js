/* netmap map page script.
 * Reads the one JSON document (#netmap-data) and draws the network, legend, filters and panel
 * from it. Every text shown is set with textContent or drawn on the canvas: no innerHTML with
 * data, so names from the dataset cannot inject markup (tooltips are DOM elements too).
 * window.netmap exposes the network and a few actions for tests and for the console.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("netmap-data").textContent);
  var tParsed = performance.now();
  data.edges = unpackEdges(data.edges, data.nodes);

  // The edges travel in columns (html.pack_edges: node and type indices, shared attribute
  // sets), half the bytes to tokenise and parse; here they become one object per edge again.
  function unpackEdges(p, ns) {
    if (Array.isArray(p)) { return p; }
    var out = new Array(p.from.length);
    for (var i = 0; i < out.length; i++) {
      var e = { id: "e" + i, from: ns[p.from[i]].id, to: ns[p.to[i]].id, type: p.types[p.type[i]] };
      var a = p.attrs[i] >= 0 ? p.attr_sets[p.attrs[i]] : null;
      if (a) { for (var k in a) { if (Object.prototype.hasOwnProperty.call(a, k)) { e[k] = a[k]; } } }
      out[i] = e;
    }
    return out;
  }
  var S = data.styles, UI = data.ui, meta = data.meta, lang = meta.lang;
  var FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif';

  // ------------------------------------------------------------------ indexes
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var adj = new Map();          // undirected neighbours
  var links = new Map();        // id -> [{edge, other, out}]
  data.nodes.forEach(function (n) { adj.set(n.id, new Set()); links.set(n.id, []); });
  data.edges.forEach(function (e) {
    if (!byId.has(e.from) || !byId.has(e.to)) { return; }
    if (e.from !== e.to) { adj.get(e.from).add(e.to); adj.get(e.to).add(e.from); }
    links.get(e.from).push({ edge: e, other: e.to, out: true });
    links.get(e.to).push({ edge: e, other: e.from, out: false });
  });
  var needByCode = new Map();
  data.needs.forEach(function (nd) { needByCode.set(nd.code, nd); });
  var gapSet = new Set(), brokerSet = new Set();
  data.nodes.forEach(function (n) {
    if (n.gap) { gapSet.add(n.id); }
    if (n.broker_rank) { brokerSet.add(n.id); }
  });
  data.needs.forEach(function (nd) {
    if (nd.gap === "thin") { nd.providers.forEach(function (p) { gapSet.add(p); }); }
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function typeLabel(t) { return (S.node_types[t] || {})[lang] || t; }
  function sectorLabel(s) { return (S.sectors[s] || {})[lang] || s; }
  function edgeLabel(t) { return (S.edge_types[t] || {})[lang] || t; }
  function needLabel(code) { var nd = needByCode.get(code); return nd ? nd.label : code; }
  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  function rgba(hex, a) {
    var h = hex.replace("#", "");
    var r = parseInt(h.substr(0, 2), 16), g = parseInt(h.substr(2, 2), 16), b = parseInt(h.substr(4, 2), 16);
    return "rgba(" + r + "," + g + "," + b + "," + a + ")";
  }

  // ------------------------------------------------------------------ styling (from S)
  // Speed at 2,000 nodes / 8,000 edges: vis-network copies and parses every option each item
  // carries, so an item carries only what differs. Node looks are vis `groups` (one group per
  // distinct look: shape, fill, border, border width, font), so a node is id, label, x, y,
  // size, group and title; edges carry only the options that differ from the edge defaults,
  // with one shared colour object per (link type, mode). Labels are wrapped here, cheaply,
  // instead of with vis's widthConstraint (which measures a Japanese name one character at a
  // time on the canvas); tooltips are plain strings (vis shows them with innerText), not DOM.
  function fillOf(n) {
    if (n.node_type === "organisation") { return (S.sectors[n.sector] || S.sectors.other).color; }
    if (n.gap === "uncovered") { return S.marks.uncovered.color; }
    if (n.gap === "thin") { return S.marks.thin.color; }
    return (S.node_types[n.node_type] || S.node_types.organisation).color;
  }
  function borderOf(n) {
    if (n.broker_rank) { return S.marks.broker.color; }
    if (n.hub) { return S.marks.hub.border; }
    return (S.node_types[n.node_type] || S.node_types.organisation).border;
  }
  function fontSizeOf(n) { return n.hub ? 22 : (n.node_type === "organisation" ? 16 : 14); }
  var groups = {}, groupByKey = new Map();
  function groupFor(shape, fill, border, borderWidth, fontSize, fontColor) {
    var key = [shape, fill, border, borderWidth, fontSize, fontColor].join("|");
    var name = groupByKey.get(key);
    if (name === undefined) {
      name = "g" + groupByKey.size;
      groupByKey.set(key, name);
      groups[name] = {
        shape: shape, borderWidth: borderWidth,
        color: { background: fill, border: border,
                 highlight: { background: fill, border: "#000000" },
                 hover: { background: fill, border: "#000000" } },
        font: { size: fontSize, color: fontColor }
      };
    }
    return name;
  }
  function groupOf(n, dim) {
    var shape = n.hub ? S.marks.hub.shape : (S.node_types[n.node_type] || S.node_types.organisation).shape;
    var width = n.hub ? 5 : (n.broker_rank ? 4 : 1.5);
    if (dim) { return groupFor(shape, S.marks.dim.color, S.marks.dim.color, width, fontSizeOf(n), S.marks.dim.font); }
    return groupFor(shape, fillOf(n), borderOf(n), width, fontSizeOf(n), "#212121");
  }
  function emWidth(ch) {
    var c = ch.charCodeAt(0);
    if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff)) { return c >= 0xff61 && c <= 0xff9f ? 0.55 : 1; }
    return ch === " " ? 0.3 : 0.52;  // Latin letters and digits, on average
  }
  var NO_BREAK_BEFORE = "、。，．）」』】〕・ー：；！？,.)";
  var NO_BREAK_AFTER = "（「『【〔(";
  var WORD_CHAR = /[A-Za-z0-9\u00c0-\u024f'’_]/;  // not "-": a line may end after a hyphen
  function emWidthOf(s) { var w = 0; for (var k = 0; k < s.length; k++) { w += emWidth(s.charAt(k)); } return w; }
  function wrap(text, maxEm) {
    // Lines of at most about maxEm: Japanese breaks between any two characters, except before
    // closing and after opening brackets; a Latin word moves whole to the next line (unless it
    // alone is longer than a line), a line may end after a hyphen; a space at a break is dropped.
    var lines = [], line = "", w = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i), cw = emWidth(ch);
      if (ch === "\n") { lines.push(line); line = ""; w = 0; continue; }
      if (w + cw > maxEm && line && NO_BREAK_BEFORE.indexOf(ch) < 0) {
        var cut = line.length;
        if (WORD_CHAR.test(ch)) {
          while (cut > 0 && WORD_CHAR.test(line.charAt(cut - 1))) { cut--; }
        }
        while (cut > 0 && NO_BREAK_AFTER.indexOf(line.charAt(cut - 1)) >= 0) { cut--; }
        if (!line.slice(0, cut).trim()) { cut = line.length; }  // one word wider than a line
        lines.push(line.slice(0, cut).replace(/\s+$/, ""));
        line = line.slice(cut).replace(/^\s+/, "");
        w = emWidthOf(line);
        if (ch === " " && !line) { continue; }
      }
      line += ch; w += cw;
    }
    lines.push(line);
    return lines.join("\n");
  }
  var LABEL_WIDTH = 150;  // px at zoom 1, as vis's widthConstraint.maximum used to be
  var LABEL_THRESHOLD = 6;  // vis scaling.label.drawThreshold: smallest label drawn, in px
  var LAZY_LABELS_FROM = 300;  // nodes; as html._LABELLED_MAX_NODES (dense layout beyond)
  function labelOf(n) {
    var text = wrap(String(n.label), LABEL_WIDTH / fontSizeOf(n));
    return n.hub ? "★ " + text + "\n（" + UI.hub + "）" : text;
  }
  function tooltip(n) {
    var bits = [typeLabel(n.node_type)];
    if (n.kind) { bits.push(n.kind); }
    if (n.sector) { bits.push(sectorLabel(n.sector)); }
    if (n.hub) { bits.push(UI.hub); }
    var lines = [n.name, bits.join(" / ")];
    if (n.gap) { lines.push(n.gap === "uncovered" ? UI.gap_uncovered : UI.gap_thin); }
    return lines.join("\n");
  }
  function visNode(n, mode) {
    return { id: n.id, group: groupOf(n, mode === "dim"), hidden: mode === "hidden" };
  }
  var FALLBACK_EDGE = { color: "#9e9e9e", opacity: 0.6, width: 1, dashes: false, arrow: false };
  var edgeColors = new Map();
  function edgeColor(type, mode) {
    var key = type + "|" + mode, c = edgeColors.get(key);
    if (!c) {
      var st = S.edge_types[type] || FALLBACK_EDGE;
      var op = mode === "dim" ? Math.min(0.08, st.opacity) : st.opacity;
      c = { color: rgba(st.color, op), highlight: rgba(st.color, 1) };
      edgeColors.set(key, c);
    }
    return c;
  }
  function visEdge(e, mode) {
    return { id: e.id, color: edgeColor(e.type, mode), hidden: mode === "hidden" };
  }

  // ------------------------------------------------------------------ the network
  var timings = { parsed: tParsed };
  var nodeItems = new Array(data.nodes.length);
  // Big maps open zoomed out, where labels are below vis's drawThreshold and not drawn, yet
  // vis would measure every one of them before the first picture. There the labels are given
  // to vis only once the view is zoomed in far enough to show them (see showLabelsIfReadable).
  var lazyLabels = data.nodes.length > LAZY_LABELS_FROM;
  data.nodes.forEach(function (n, i) {
    nodeItems[i] = { id: n.id, x: n.x, y: n.y, size: n.size, group: groupOf(n, false),
                     title: tooltip(n) };
    if (!lazyLabels) { nodeItems[i].label = labelOf(n); }
  });
  // every group a node can switch to must exist before vis reads the options (vis gives an
  // unknown group one of its default colours), so the dimmed looks are made now too
  data.nodes.forEach(function (n) { groupOf(n, true); });
  var edgeItems = [];
  data.edges.forEach(function (e) {
    if (!byId.has(e.from) || !byId.has(e.to)) { return; }
    var st = S.edge_types[e.type] || FALLBACK_EDGE;
    var tip = edgeLabel(e.type) + ": " + byId.get(e.from).name + " → " + byId.get(e.to).name;
    if (e.evidence) { tip += "\n" + UI.evidence + ": " + e.evidence; }
    var item = { id: e.id, from: e.from, to: e.to, color: edgeColor(e.type, "normal"), title: tip };
    if (st.width !== 1) { item.width = st.width; }
    if (st.dashes) { item.dashes = st.dashes; }
    if (st.arrow) { item.arrows = "to"; }
    edgeItems.push(item);
  });
  timings.items = performance.now();
  var nodes = new vis.DataSet();
  nodes.add(nodeItems);
  var edges = new vis.DataSet();
  edges.add(edgeItems);
  timings.datasets = performance.now();
  var container = document.getElementById("netmap-canvas");
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: meta.seed },
    groups: groups,
    nodes: { font: { face: FONT, strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: LABEL_THRESHOLD } } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0, width: 1, dashes: false,
             arrows: { to: { enabled: false, scaleFactor: 0.5 } } },
    interaction: { hideEdgesOnDrag: data.edges.length > 1500, hideEdgesOnZoom: data.edges.length > 1500,
                   tooltipDelay: 150, multiselect: false, hover: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  timings.network = performance.now();

  var netmap = window.netmap = {
    data: data, network: network, nodes: nodes, edges: edges,
    ready: false, readyAt: null, startedAt: t0, timings: timings
  };
  network.once("afterDrawing", function () {
    netmap.ready = true;
    netmap.readyAt = timings.drawn = performance.now();
    document.body.setAttribute("data-netmap-ready", "1");
  });
  function showLabelsIfReadable() {
    // vis draws a label when font size × scale ≥ drawThreshold − 1; 14 px is the smallest.
    if (!lazyLabels || network.getScale() * 14 < LABEL_THRESHOLD - 1.5) { return false; }
    lazyLabels = false;
    network.off("zoom", showLabelsIfReadable);
    network.off("afterDrawing", showLabelsIfReadable);
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: labelOf(n) }; }));
    return true;
  }
  if (lazyLabels) {
    network.on("zoom", showLabelsIfReadable);
    network.on("afterDrawing", showLabelsIfReadable);  // after moveTo / fit / focus
  }
  // ------------------------------------------------------------------ view state
  var state = { query: "", matches: [], need: "", hiddenSectors: new Set(), hiddenTypes: new Set(),
                focus: null, focusSet: null, steps: 1, gaps: false, brokers: false };
  var nodeMode = new Map(), edgeMode = new Map();
  data.nodes.forEach(function (n) { nodeMode.set(n.id, "normal"); });
  edgeItems.forEach(function (e) { edgeMode.set(e.id, "normal"); });

  function needSet(code) {
    var nd = needByCode.get(code);
    if (!nd) { return null; }
    var s = new Set([nd.id]);
    nd.providers.forEach(function (p) { s.add(p); });
    nd.operators.forEach(function (p) { s.add(p); });
    return s;
  }
  function isVisible(n, ns) {
    if (state.hiddenTypes.has(n.node_type)) { return false; }
    if (n.node_type === "organisation" && state.hiddenSectors.has(n.sector)) { return false; }
    if (ns && !ns.has(n.id)) { return false; }
    return true;
  }
  function emphasis() {
    if (state.focusSet) { return state.focusSet; }
    if (state.query && state.matches.length) { return new Set(state.matches); }
    if (state.gaps || state.brokers) {
      var s = new Set();
      if (state.gaps) { gapSet.forEach(function (x) { s.add(x); }); }
      if (state.brokers) { brokerSet.forEach(function (x) { s.add(x); }); }
      return s;
    }
    return null;
  }
  function applyView() {
    var ns = state.need ? needSet(state.need) : null;
    var emph = emphasis();
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var mode = !isVisible(n, ns) ? "hidden" : (emph && !emph.has(n.id) ? "dim" : "normal");
      if (nodeMode.get(n.id) !== mode) { nodeMode.set(n.id, mode); nodeUpdates.push(visNode(n, mode)); }
    });
    edgeItems.forEach(function (item) {
      var a = nodeMode.get(item.from), b = nodeMode.get(item.to);
      var mode = (a === "hidden" || b === "hidden") ? "hidden"
        : (emph && !(emph.has(item.from) && emph.has(item.to)) ? "dim" : "normal");
      if (edgeMode.get(item.id) !== mode) {
        edgeMode.set(item.id, mode);
        var e = data.edges[Number(item.id.slice(1))];
        edgeUpdates.push(visEdge(e, mode));
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
  }
  function visibleIds() {
    var out = [];
    nodeMode.forEach(function (mode, id) { if (mode !== "hidden") { out.push(id); } });
    return out;
  }
  function emphasisedIds() {
    var out = [];
    nodeMode.forEach(function (mode, id) { if (mode === "normal") { out.push(id); } });
    return out;
  }
  function fitTo(ids) {
    var shown = ids.filter(function (id) { return nodeMode.get(id) !== "hidden"; });
    if (shown.length) { network.fit({ nodes: shown, animation: false, maxZoomLevel: 1.5 }); }
  }

  // ------------------------------------------------------------------ actions
  function search(q) {
    state.query = q;
    var nq = norm(q);
    state.matches = !nq ? [] : data.nodes.filter(function (n) {
      return [n.name, n.label, n.name_en, n.kind, n.id, n.label_en].some(function (v) {
        return v && norm(v).indexOf(nq) >= 0;
      });
    }).map(function (n) { return n.id; });
    state.focus = null; state.focusSet = null;
    applyView();
    renderResults();
    var shown = state.matches.filter(function (id) { return nodeMode.get(id) !== "hidden"; });
    network.selectNodes(shown);
    if (shown.length) { fitTo(shown); }
    return state.matches.slice();
  }
  function focusNode(id, steps) {
    if (!byId.has(id)) { return []; }
    if (steps) { setSteps(steps); }
    var set = new Set([id]), frontier = [id];
    for (var k = 0; k < state.steps; k++) {
      var next = [];
      frontier.forEach(function (x) {
        adj.get(x).forEach(function (y) { if (!set.has(y)) { set.add(y); next.push(y); } });
      });
      frontier = next;
    }
    state.focus = id; state.focusSet = set;
    applyView();
    network.selectNodes([id]);
    showPanel(id);
    fitTo(Array.from(set));
    return Array.from(set);
  }
  function clearFocus() {
    state.focus = null; state.focusSet = null;
    applyView();
    showPanel(null);
  }
  function filterNeed(code) {
    state.need = code || "";
    needSelect.value = state.need;
    applyView();
    if (state.need) { fitTo(Array.from(needSet(state.need))); } else { network.fit({ animation: false }); }
    return visibleIds();
  }
  function setSector(code, shown) {
    if (shown) { state.hiddenSectors.delete(code); } else { state.hiddenSectors.add(code); }
    var box = document.querySelector('#netmap-sectors input[data-code="' + CSS.escape(code) + '"]');
    if (box) { box.checked = !!shown; }
    applyView();
    return visibleIds();
  }
  function setType(code, shown) {
    if (shown) { state.hiddenTypes.delete(code); } else { state.hiddenTypes.add(code); }
    applyView();
    return visibleIds();
  }
  function setSteps(k) {
    state.steps = k === 2 ? 2 : 1;
    var radio = document.querySelector('#netmap-steps input[value="' + state.steps + '"]');
    if (radio) { radio.checked = true; }
    if (state.focus) { focusNode(state.focus); }
  }
  function reset() {
    state.query = ""; state.matches = []; state.need = ""; state.focus = null; state.focusSet = null;
    state.hiddenSectors.clear(); state.hiddenTypes.clear(); state.gaps = false; state.brokers = false;
    searchBox.value = ""; needSelect.value = "";
    document.querySelectorAll("#netmap-controls input[type=checkbox]").forEach(function (b) {
      b.checked = b.hasAttribute("data-code");
    });
    applyView();
    renderResults();
    showPanel(null);
    network.unselectAll();
    network.fit({ animation: false });
  }

  // ------------------------------------------------------------------ panel
  var panel = document.getElementById("netmap-panel");
  function linkButton(id) {
    var n = byId.get(id);
    var b = el("button", n ? n.name : id, "netmap-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function listOf(ids) {
    if (!ids.length) { return el("span", UI.none); }
    var ul = el("ul");
    ids.forEach(function (id) { var li = el("li"); li.appendChild(linkButton(id)); ul.appendChild(li); });
    return ul;
  }
  function linked(id, types, out) {
    var seen = new Set(), res = [];
    links.get(id).forEach(function (l) {
      if (types.indexOf(l.edge.type) >= 0 && (out === null || l.out === out) && !seen.has(l.other)) {
        seen.add(l.other); res.push(l.other);
      }
    });
    return res;
  }
  function showPanel(id) {
    panel.textContent = "";
    if (!id) { panel.appendChild(el("p", UI.panel_hint)); return; }
    var n = byId.get(id);
    var h = el("h2", n.name);
    if (n.hub) { h.appendChild(el("span", UI.hub, "netmap-badge")); }
    if (n.gap) { h.appendChild(el("span", n.gap === "uncovered" ? UI.gap_uncovered : UI.gap_thin,
                                  "netmap-badge" + (n.gap === "thin" ? " thin" : ""))); }
    if (n.broker_rank) { h.appendChild(el("span", UI.broker_rank + " " + n.broker_rank, "netmap-badge broker")); }
    panel.appendChild(h);
    if (n.name_en && n.name_en !== n.name) { panel.appendChild(el("div", n.name_en)); }
    var dl = el("dl");
    function row(key, value) {
      dl.appendChild(el("dt", key));
      var dd = el("dd");
      if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
      dl.appendChild(dd);
    }
    row(UI.node_type, typeLabel(n.node_type));
    if (n.kind) { row(UI.kind, n.kind); }
    if (n.sector) {
      var sec = el("span");
      var sw = el("span", null, "netmap-swatch");
      sw.style.background = (S.sectors[n.sector] || S.sectors.other).color;
      sec.appendChild(sw); sec.appendChild(document.createTextNode(sectorLabel(n.sector)));
      row(UI.sector, sec);
    }
    if (n.node_type === "need") {
      var nd = needByCode.get(n.code);
      if (nd) { row(UI.providers, listOf(nd.providers)); if (nd.operators.length) { row(UI.operators, listOf(nd.operators)); } }
    } else if (n.node_type !== "role" && n.node_type !== "meeting") {
      row(UI.needs, n.covers.length ? n.covers.map(needLabel).join("、") : UI.none);
    }
    if (n.node_type === "organisation") {
      row(UI.programs, listOf(linked(id, ["operates"], true)));
      row(UI.meetings, listOf(linked(id, ["attends", "convenes"], true)));
    }
    if (n.node_type === "program") { row(UI.operators, listOf(linked(id, ["operates"], false))); }
    if (n.node_type === "meeting") {
      row(UI.members, listOf(linked(id, ["attends", "convenes"], false)));
      if (n.per_year !== undefined && n.per_year !== null) {
        row(UI.per_year, n.per_year_max ? n.per_year + "–" + n.per_year_max : n.per_year);
      }
    }
    if (n.node_type === "role") {
      row(UI.placed, listOf(linked(id, ["placed_at"], true)));
      if (n.count !== undefined && n.count !== null) { row(UI.count, n.count); }
    }
    var counts = {};
    links.get(id).forEach(function (l) { counts[l.edge.type] = (counts[l.edge.type] || 0) + 1; });
    row(UI.links, Object.keys(counts).sort().map(function (t) { return edgeLabel(t) + " " + counts[t]; }).join("、") || UI.none);
    row(meta.size_label, Math.round(n.measure * 1000) / 1000);
    row(UI.evidence, n.evidence || UI.unknown);
    row(UI.assured_date, n.assured_date || UI.unknown);
    (n.extra || []).forEach(function (k) {
      var v = n[k];
      if (v === null || v === undefined || v === "" || k === "per_year" || k === "per_year_max" || k === "count") { return; }
      row(UI["attr_" + k] || k, Array.isArray(v) ? v.join("、") : (typeof v === "object" ? JSON.stringify(v) : v));
    });
    panel.appendChild(dl);
  }

  // ------------------------------------------------------------------ controls
  var m = meta.municipality || {};
  document.getElementById("netmap-title").textContent = [m.prefecture, m.name, UI.title].filter(Boolean).join(" ");
  var sub = [data.nodes.length + " " + UI.nodes_count, data.edges.length + " " + UI.edges_count];
  if (m.as_of) { sub.push(m.as_of + " " + UI.as_of); }
  if (meta.redacted) { sub.push(UI.redacted); }
  document.getElementById("netmap-subtitle").textContent = sub.join(" · ");
  document.getElementById("netmap-search-label").textContent = UI.search;
  var searchBox = document.getElementById("netmap-search");
  searchBox.placeholder = UI.search_placeholder;
  var status = document.getElementById("netmap-search-status");
  var results = document.getElementById("netmap-search-results");
  function renderResults() {
    results.textContent = "";
    if (!state.query) { status.textContent = ""; return; }
    status.textContent = state.matches.length ? state.matches.length + " " + UI.matches : UI.no_match;
    state.matches.slice(0, 30).forEach(function (id) {
      var li = el("li"); li.appendChild(linkButton(id)); results.appendChild(li);
    });
  }
  var timer = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(searchBox.value); }, 120);
  });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { clearTimeout(timer); search(searchBox.value); }
  });

  document.getElementById("netmap-need-label").textContent = UI.need_filter;
  document.getElementById("netmap-need-suffix").textContent = UI.need_suffix;
  var needSelect = document.getElementById("netmap-need");
  var optAll = el("option", UI.need_all); optAll.value = ""; needSelect.appendChild(optAll);
  data.needs.forEach(function (nd) {
    var count = new Set(nd.providers.concat(nd.operators)).size;
    var text = nd.label + "（" + count + "）";
    if (nd.gap) { text += " — " + (nd.gap === "uncovered" ? UI.gap_uncovered : UI.gap_thin); }
    var o = el("option", text); o.value = nd.code; needSelect.appendChild(o);
  });
  needSelect.addEventListener("change", function () { filterNeed(needSelect.value); });

  function checkbox(parent, code, text, color, onChange) {
    var lab = el("label");
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.setAttribute("data-code", code);
    box.addEventListener("change", function () { onChange(code, box.checked); });
    lab.appendChild(box);
    if (color) { var sw = el("span", null, "netmap-swatch"); sw.style.background = color; lab.appendChild(sw); }
    lab.appendChild(document.createTextNode(text));
    parent.appendChild(lab);
  }
  var presentSectors = new Set(), presentTypes = new Set();
  data.nodes.forEach(function (n) { if (n.sector) { presentSectors.add(n.sector); } presentTypes.add(n.node_type); });
  var sectorBox = document.getElementById("netmap-sectors");
  document.getElementById("netmap-sectors-legend").textContent = UI.sector_filter;
  Object.keys(S.sectors).concat(Array.from(presentSectors).filter(function (s) { return !S.sectors[s]; }).sort())
    .forEach(function (s) {
      if (presentSectors.has(s)) { checkbox(sectorBox, s, sectorLabel(s), (S.sectors[s] || S.sectors.other).color, setSector); }
    });
  var typeBox = document.getElementById("netmap-types");
  document.getElementById("netmap-types-legend").textContent = UI.type_filter;
  Object.keys(S.node_types).forEach(function (t) {
    if (presentTypes.has(t)) { checkbox(typeBox, t, typeLabel(t), null, setType); }
  });
  var stepsBox = document.getElementById("netmap-steps");
  document.getElementById("netmap-steps-legend").textContent = UI.neighbourhood;
  [1, 2].forEach(function (k) {
    var lab = el("label"), r = el("input");
    r.type = "radio"; r.name = "netmap-steps"; r.value = String(k); r.checked = k === 1;
    r.addEventListener("change", function () { setSteps(k); });
    lab.appendChild(r); lab.appendChild(document.createTextNode(k === 1 ? UI.steps1 : UI.steps2));
    stepsBox.appendChild(lab);
  });
  function toggle(idBox, idLabel, text, enabled, key) {
    var box = document.getElementById(idBox), lab = document.getElementById(idLabel);
    lab.textContent = text + (enabled ? "" : " " + UI.no_analysis);
    box.disabled = !enabled;
    if (!enabled) { lab.className = "netmap-disabled"; }
    box.addEventListener("change", function () {
      state[key] = box.checked; state.focus = null; state.focusSet = null; applyView();
    });
  }
  toggle("netmap-gaps", "netmap-gaps-label", UI.gaps, meta.has_gaps, "gaps");
  toggle("netmap-brokers", "netmap-brokers-label", UI.brokers, meta.has_brokers, "brokers");
  var resetButton = document.getElementById("netmap-reset");
  resetButton.textContent = UI.reset;
  resetButton.addEventListener("click", reset);

  network.on("click", function (params) {
    if (params.nodes.length) { focusNode(params.nodes[0]); }
    else if (!params.edges.length && state.focus) { clearFocus(); }
  });

  // ------------------------------------------------------------------ legend (from S)
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(w, h) { var s = document.createElementNS(SVGNS, "svg"); s.setAttribute("width", w); s.setAttribute("height", h); return s; }
  function shapeSvg(shape, fill, stroke, strokeWidth) {
    var s = svg(16, 16), p;
    var pts = {
      square: "2,2 14,2 14,14 2,14", diamond: "8,1 15,8 8,15 1,8", triangle: "8,2 15,14 1,14",
      hexagon: "4,2 12,2 15,8 12,14 4,14 1,8",
      star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"
    }[shape];
    if (pts) { p = document.createElementNS(SVGNS, "polygon"); p.setAttribute("points", pts); }
    else { p = document.createElementNS(SVGNS, "circle"); p.setAttribute("cx", 8); p.setAttribute("cy", 8); p.setAttribute("r", 6); }
    p.setAttribute("fill", fill); p.setAttribute("stroke", stroke); p.setAttribute("stroke-width", strokeWidth || 1);
    s.appendChild(p);
    return s;
  }
  function lineSvg(st) {
    var s = svg(34, 12), l = document.createElementNS(SVGNS, "line");
    l.setAttribute("x1", 1); l.setAttribute("y1", 6); l.setAttribute("x2", st.arrow ? 26 : 33); l.setAttribute("y2", 6);
    l.setAttribute("stroke", st.color); l.setAttribute("stroke-opacity", Math.max(st.opacity, 0.45));
    l.setAttribute("stroke-width", Math.max(st.width, 1));
    if (st.dashes) { l.setAttribute("stroke-dasharray", st.dashes.join(" ")); }
    s.appendChild(l);
    if (st.arrow) {
      var a = document.createElementNS(SVGNS, "polygon");
      a.setAttribute("points", "26,2 33,6 26,10"); a.setAttribute("fill", st.color);
      s.appendChild(a);
    }
    return s;
  }
  function legendList(body, title, items) {
    if (!items.length) { return; }
    body.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (it) { var li = el("li"); li.appendChild(it[0]); li.appendChild(el("span", it[1])); ul.appendChild(li); });
    body.appendChild(ul);
  }
  var legendBody = document.getElementById("netmap-legend-body");
  document.getElementById("netmap-legend-title").textContent = UI.legend;
  var presentEdges = new Set(data.edges.map(function (e) { return e.type; }));
  legendList(legendBody, UI.legend_sectors, Object.keys(S.sectors).filter(function (s) { return presentSectors.has(s); })
    .map(function (s) { return [shapeSvg("dot", S.sectors[s].color, "#263238"), sectorLabel(s)]; }));
  legendList(legendBody, UI.legend_kinds, Object.keys(S.node_types).filter(function (t) { return presentTypes.has(t); })
    .map(function (t) { var st = S.node_types[t]; return [shapeSvg(st.shape, st.color, st.border), typeLabel(t)]; }));
  legendList(legendBody, UI.legend_edges, Object.keys(S.edge_types).filter(function (t) { return presentEdges.has(t); })
    .map(function (t) { return [lineSvg(S.edge_types[t]), edgeLabel(t)]; }));
  var marks = [];
  if (data.nodes.some(function (n) { return n.hub; })) { marks.push([shapeSvg("star", "#ffffff", S.marks.hub.border, 2), S.marks.hub[lang]]); }
  if (meta.has_gaps) {
    marks.push([shapeSvg("hexagon", S.marks.uncovered.color, "#1565c0"), S.marks.uncovered[lang]]);
    marks.push([shapeSvg("hexagon", S.marks.thin.color, "#1565c0"), S.marks.thin[lang]]);
  }
  if (meta.has_brokers) { marks.push([shapeSvg("dot", "#ffffff", S.marks.broker.color, 3), S.marks.broker[lang]]); }
  marks.push([shapeSvg("dot", "#b0bec5", "#263238"), UI.legend_size + " = " + meta.size_label]);
  legendList(legendBody, UI.legend_marks, marks);

  // ------------------------------------------------------------------ print
  window.addEventListener("beforeprint", function () { network.redraw(); network.fit({ animation: false }); });
  window.addEventListener("afterprint", function () { network.redraw(); });

  showPanel(null);
  network.fit({ animation: false });
  Object.assign(netmap, {
    search: search, focus: focusNode, clearFocus: clearFocus, filterNeed: filterNeed,
    setSector: setSector, setType: setType, setSteps: setSteps, reset: reset,
    visibleIds: visibleIds, emphasisedIds: emphasisedIds,
    labelsShown: function () { return !lazyLabels; },
    setGaps: function (on) { state.gaps = !!on; document.getElementById("netmap-gaps").checked = !!on; applyView(); return emphasisedIds(); },
    setBrokers: function (on) { state.brokers = !!on; document.getElementById("netmap-brokers").checked = !!on; applyView(); return emphasisedIds(); },
    state: state
  });
}());
