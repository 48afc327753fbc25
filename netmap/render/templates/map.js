/* netmap map page script.
 * Reads the one JSON document (#netmap-data) and draws the network, the names (labels.js:
 * never below 12 CSS px, never overlapping), the gap list, legend, filters and panel from it.
 * Every text shown is set with textContent or drawn on the canvas: no innerHTML with data, so
 * names from the dataset cannot inject markup. The view (filters, focus, search, who team,
 * projection mode) lives in the URL hash, so a view can be shared or printed as it is.
 * window.netmap exposes the network, the placed labels and a few actions for tests and for the
 * console.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("netmap-data").textContent);
  var tParsed = performance.now();
  data.edges = unpackEdges(data.edges, data.nodes);

  // The edges travel in columns (map.pack_edges: node and type indices, shared attribute
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
  // Gap mode lights the gap needs and, for a thin need, whoever holds it: the program, its
  // operators and the single provider the analysis found (often the hub: never dimmed then).
  var gapSet = new Set(), brokerSet = new Set();
  data.nodes.forEach(function (n) {
    if (n.gap) { gapSet.add(n.id); }
    if (n.broker_rank) { brokerSet.add(n.id); }
  });
  data.needs.forEach(function (nd) {
    if (nd.gap === "thin") {
      nd.providers.concat(nd.operators, nd.sole || []).forEach(function (p) { if (byId.has(p)) { gapSet.add(p); } });
    }
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function button(text, cls, onClick) {
    var b = el("button", text, cls); b.type = "button"; b.addEventListener("click", onClick); return b;
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
  function gapIcon(gap) { return (S.marks[gap] || {}).icon || ""; }
  // The short word for a gap group (badge, need menu); gapText adds who holds or may hold it.
  function gapWord(gap) {
    return gap === "uncovered" ? UI.gap_uncovered : gap === "probably_unrecorded" ? UI.gap_unrecorded : UI.gap_thin;
  }
  function gapText(nd) {
    if (nd.gap === "uncovered") { return UI.gap_uncovered; }
    if (nd.gap === "probably_unrecorded") {
      return UI.gap_unrecorded + (nd.body ? ": " + nd.body : "") + (nd.ask && nd.ask.length ? " — " + UI.gap_ask + ": " + nd.ask.join("、") : "");
    }
    var who = (nd.sole || []).map(function (p) { return byId.has(p) ? byId.get(p).label : p; });
    return who.length ? who.join("、") + UI.gap_only : UI.gap_thin;
  }

  // ------------------------------------------------------------------ styling (from S)
  // Speed at 2,000 nodes / 8,000 edges: vis-network copies and parses every option each item
  // carries, so an item carries only what differs. Node looks are vis `groups` (one group per
  // distinct look: shape, fill, border, border width, dashes), so a node is id, x, y, size,
  // group and title; edges carry only the options that differ from the edge defaults, with one
  // shared colour object per (link type, mode). Names are not vis labels: the label layer
  // below draws them at a fixed screen size with collision avoidance.
  function fillOf(n) {
    if (n.node_type === "organisation") { return (S.sectors[n.sector] || S.sectors.other).color; }
    if (n.gap) { return S.marks[n.gap].color; }
    return (S.node_types[n.node_type] || S.node_types.organisation).color;
  }
  function borderOf(n) {
    if (n.broker_rank) { return S.marks.broker.color; }
    if (n.hub) { return S.marks.hub.border; }
    if (n.gap) { return S.marks[n.gap].border; }
    return (S.node_types[n.node_type] || S.node_types.organisation).border;
  }
  var groups = {}, groupByKey = new Map();
  function groupFor(shape, fill, border, borderWidth, dashes) {
    var key = [shape, fill, border, borderWidth, dashes].join("|");
    var name = groupByKey.get(key);
    if (name === undefined) {
      name = "g" + groupByKey.size;
      groupByKey.set(key, name);
      groups[name] = {
        shape: shape, borderWidth: borderWidth,
        shapeProperties: { borderDashes: dashes ? [6, 3] : false },
        color: { background: fill, border: border,
                 highlight: { background: fill, border: "#000000" },
                 hover: { background: fill, border: "#000000" } }
      };
    }
    return name;
  }
  function shapeOf(n) {
    if (n.hub) { return S.marks.hub.shape; }
    if (n.gap) { return S.marks[n.gap].shape; }
    return (S.node_types[n.node_type] || S.node_types.organisation).shape;
  }
  function groupOf(n, dim) {
    var shape = shapeOf(n);
    var width = n.hub ? 5 : (n.broker_rank ? 4 : (n.gap ? 4 : 1.5));
    if (dim) { return groupFor(shape, S.marks.dim.color, S.marks.dim.color, width, false); }
    return groupFor(shape, fillOf(n), borderOf(n), width, n.gap === "thin");
  }
  function tooltip(n) {
    var bits = [typeLabel(n.node_type)];
    if (n.kind) { bits.push(n.kind); }
    if (n.sector) { bits.push(sectorLabel(n.sector)); }
    if (n.hub) { bits.push(UI.hub); }
    var lines = [n.name, bits.join(" / ")];
    if (n.gap) { lines.push(gapText(needByCode.get(n.code) || {})); }
    return lines.join("\n");
  }
  function visNode(n, mode, grouped) {
    return { id: n.id, group: groupOf(n, mode === "dim"), hidden: mode === "hidden" || !!grouped };
  }
  var FALLBACK_EDGE = { color: "#9e9e9e", opacity: 0.6, width: 1, dashes: false, arrow: false };
  var edgeColors = new Map();
  function edgeColor(type, mode) {
    var key = type + "|" + mode, c = edgeColors.get(key);
    if (!c) {
      var st = S.edge_types[type] || FALLBACK_EDGE;
      var op = mode === "dim" ? Math.min(0.08, st.opacity) : mode === "route" ? 1 : st.opacity;
      c = { color: mode === "route" ? S.marks.who.color : rgba(st.color, op), highlight: rgba(st.color, 1) };
      edgeColors.set(key, c);
    }
    return c;
  }
  // width only for the who team's route links and when they go back (vis re-measures an
  // edge whose width is set, which costs at 8,000 edges)
  var widened = new Set();
  function visEdge(e, mode) {
    var item = { id: e.id, color: edgeColor(e.type, mode), hidden: mode === "hidden" };
    if (mode === "route") { item.width = 5; widened.add(e.id); }
    else if (widened.has(e.id)) { item.width = (S.edge_types[e.type] || FALLBACK_EDGE).width; widened.delete(e.id); }
    return item;
  }

  // ------------------------------------------------------------------ the network
  var timings = { parsed: tParsed };
  var nodeItems = new Array(data.nodes.length);
  data.nodes.forEach(function (n, i) {
    nodeItems[i] = { id: n.id, x: n.x, y: n.y, size: n.size, group: groupOf(n, false), title: tooltip(n) };
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
  // the aggregated view (groups.js): group nodes exist from the start, members start hidden
  var AGG = !!meta.aggregate;
  var aggGroups = AGG ? NetmapGroups.build(data.nodes) : [];
  var groupById = new Map(), groupOfNode = new Map(), expanded = new Set(), groupItems = [];
  aggGroups.forEach(function (g) {
    groupById.set(g.id, g);
    g.members.forEach(function (id) { groupOfNode.set(id, g); });
    var fill = g.member_type === "organisation" ? (S.sectors[g.sector] || S.sectors.other).color
      : (S.node_types[g.member_type] || S.node_types.organisation).color;
    g.looks = { normal: groupFor("dot", fill, "#263238", 3, false),
                dim: groupFor("dot", S.marks.dim.color, S.marks.dim.color, 3, false) };
    g.label = g.member_type === "organisation" ? sectorLabel(g.sector) : typeLabel(g.member_type);
    g.count = g.members.length;
    groupItems.push({ id: g.id, x: g.x, y: g.y, size: g.size, group: g.looks.normal,
                      title: g.label + "\n" + UI.group_hint });
  });
  // groups first: vis draws in that order, so a node drawn out of its group lies on top
  nodeItems = groupItems.concat(nodeItems);
  // aggregated: vis gets a node only once it is drawn singly (building 2,000 hidden vis
  // nodes costs a few hundred ms at the opening)
  var baseItem = new Map(), materialisedNodes = new Set();
  nodeItems = nodeItems.filter(function (it) {
    baseItem.set(it.id, it);
    if (groupOfNode.has(it.id)) { return false; }
    materialisedNodes.add(it.id);
    return true;
  });
  aggGroups.forEach(function (g) { g.drawnSize = g.size; });
  function nodeOf(id) { return byId.get(id) || groupById.get(id); }
  timings.items = performance.now();
  var nodes = new vis.DataSet();
  nodes.add(nodeItems);
  var edges = new vis.DataSet();
  // aggregated: vis gets a link only once both its ends are drawn singly (building 8,000
  // vis edges whose ends are hidden costs about a second at 2,000 nodes)
  var materialised = new Set();
  edges.add(edgeItems.filter(function (e) {
    var now = !AGG || (!groupOfNode.has(e.from) && !groupOfNode.has(e.to));
    if (now) { materialised.add(e.id); }
    return now;
  }));
  timings.datasets = performance.now();
  var container = document.getElementById("netmap-canvas");
  var big = data.edges.length > 1500;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: meta.seed },
    groups: groups,
    nodes: { font: { face: FONT, size: 0 } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0, width: 1, dashes: false,
             arrows: { to: { enabled: false, scaleFactor: 0.5 } } },
    interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 150,
                   multiselect: false, hover: true, navigationButtons: false, zoomView: true }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  timings.network = performance.now();

  var netmap = window.netmap = {
    data: data, network: network, nodes: nodes, edges: edges,
    ready: false, readyAt: null, startedAt: t0, timings: timings, labelBoxes: []
  };
  network.once("afterDrawing", function () {
    netmap.ready = true;
    netmap.readyAt = timings.drawn = performance.now();
    document.body.setAttribute("data-netmap-ready", "1");
  });

  // ------------------------------------------------------------------ view state
  var state = { query: "", matches: [], need: "", hiddenSectors: new Set(), hiddenTypes: new Set(),
                focus: null, focusSet: null, steps: 1, gaps: false, brokers: false,
                who: null, whoSet: null, routeEdges: null, projection: false };
  // nodeMode: what the filters and the emphasis make of a node (hidden, dim, normal);
  // nodeView: that plus "*" while the node is drawn inside its group (aggregated view)
  var nodeMode = new Map(), edgeMode = new Map(), nodeView = new Map(), groupView = new Map();
  var aggEdges = new Map();
  var nodeShown = new Map();
  data.nodes.forEach(function (n) {
    nodeMode.set(n.id, "normal"); nodeView.set(n.id, groupOfNode.has(n.id) ? "normal*" : "normal");
    nodeShown.set(n.id, groupOfNode.has(n.id) ? "*" : "normal");
  });
  aggGroups.forEach(function (g) { groupView.set(g.id, "normal"); });
  var edgeShown = new Map();
  edgeItems.forEach(function (e) { edgeMode.set(e.id, "normal"); edgeShown.set(e.id, "normal"); });

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
    if (state.whoSet) { return state.whoSet; }
    if (state.gaps || state.brokers) {
      var s = new Set();
      if (state.gaps) { gapSet.forEach(function (x) { s.add(x); }); }
      if (state.brokers) { brokerSet.forEach(function (x) { s.add(x); }); }
      return s;
    }
    return null;
  }
  // In the aggregated view a node is drawn singly when its group is expanded or when the
  // view asks for it (search hits, a focus, a need filter's providers, a who team).
  function isGrouped(id, pinned) {
    var g = groupOfNode.get(id);
    return !!g && !expanded.has(g.id) && !(pinned && pinned.has(id));
  }
  function applyView() {
    var ns = state.need ? needSet(state.need) : null;
    var emph = emphasis();
    var pinned = AGG ? new Set([].concat(emph ? Array.from(emph) : [], ns ? Array.from(ns) : [])) : null;
    var nodeUpdates = [], edgeUpdates = [], toAdd = [], unitOf = new Map(), nodesToAdd = [];
    for (var i = 0; i < data.nodes.length; i++) {
      var n = data.nodes[i];
      var mode = !isVisible(n, ns) ? "hidden" : (emph && !emph.has(n.id) ? "dim" : "normal");
      var grouped = AGG && isGrouped(n.id, pinned), view = grouped ? mode + "*" : mode;
      nodeMode.set(n.id, mode);
      nodeView.set(n.id, view);
      if (AGG) { unitOf.set(n.id, mode === "hidden" ? null : (grouped ? groupOfNode.get(n.id).id : n.id)); }
      // inside its group a node is only hidden: its look is set when it comes out
      var shown = grouped ? "*" : mode;
      if (nodeShown.get(n.id) === shown) { continue; }
      nodeShown.set(n.id, shown);
      if (materialisedNodes.has(n.id)) { nodeUpdates.push(visNode(n, mode, grouped)); }
      else if (!grouped) {
        materialisedNodes.add(n.id);
        nodesToAdd.push(Object.assign({}, baseItem.get(n.id), visNode(n, mode, false)));
      }
    }
    if (AGG) { groupUpdates(emph, nodeUpdates); }
    var routes = state.whoSet && !state.focusSet && !state.matches.length ? state.routeEdges : null;
    for (var j = 0; j < edgeItems.length; j++) {
      var item = edgeItems[j];
      var a = nodeMode.get(item.from), b = nodeMode.get(item.to);
      var em = (a === "hidden" || b === "hidden") ? "hidden"
        : (routes && routes.has(item.id)) ? "route"
        : (emph && !(emph.has(item.from) && emph.has(item.to)) ? "dim" : "normal");
      edgeMode.set(item.id, em);
      // a link inside a group is not drawn (its end is hidden): vis is told only once it shows
      if (AGG && em !== "hidden" && (nodeView.get(item.from) !== a || nodeView.get(item.to) !== b)) { continue; }
      if (!materialised.has(item.id)) {
        if (em === "hidden") { continue; }
        materialised.add(item.id); edgeShown.set(item.id, em);
        toAdd.push(Object.assign({}, item, visEdge(data.edges[Number(item.id.slice(1))], em)));
        continue;
      }
      if (edgeShown.get(item.id) !== em) {
        edgeShown.set(item.id, em);
        edgeUpdates.push(visEdge(data.edges[Number(item.id.slice(1))], em));
      }
    }
    if (AGG) { groupLinks(emph, unitOf, edgeUpdates, toAdd); }
    if (nodesToAdd.length) { nodes.add(nodesToAdd); }
    if (toAdd.length) { edges.add(toAdd); }
    commit(nodeUpdates, edgeUpdates);
    saveHash();
  }
  // each group counts the members it stands for; it is hidden when it stands for none and
  // dimmed when none of them is emphasised
  function groupUpdates(emph, nodeUpdates) {
    aggGroups.forEach(function (g) {
      var count = 0, lit = false;
      g.members.forEach(function (id) {
        var v = nodeView.get(id);
        if (v === "normal*" || v === "dim*") { count += 1; if (!emph || emph.has(id)) { lit = true; } }
      });
      g.count = count;
      var view = count === 0 ? "hidden" : (lit ? "normal" : "dim");
      if (groupView.get(g.id) !== view) {
        groupView.set(g.id, view);
        // dimmed (a search, focus or team is shown), a group shrinks to a third so the nodes
        // drawn out of it stay clear
        g.drawnSize = view === "dim" ? g.size / 3 : g.size;
        nodeUpdates.push({ id: g.id, group: view === "dim" ? g.looks.dim : g.looks.normal,
                           hidden: view === "hidden", size: g.drawnSize });
      }
    });
  }
  // the summed links (groups.js): added, changed and removed in one batch each
  // a single link to a group is drawn fainter than a bundle (an expanded sector sends
  // hundreds of them)
  var aggColors = { lit: { color: "rgba(84,110,122,0.55)", highlight: "#263238" },
                    one: { color: "rgba(84,110,122,0.22)", highlight: "#263238" },
                    dim: { color: "rgba(84,110,122,0.08)", highlight: "#263238" } };
  function groupLinks(emph, unitOf, change, add) {
    var isLit = function (e) { return !emph || (emph.has(e.from) && emph.has(e.to)); };
    // a pair no longer drawn is hidden, not removed (vis reconnects every link on a removal)
    var want = NetmapGroups.links(edgeItems, unitOf, isLit);
    want.forEach(function (s, key) {
      var id = "sum:" + key, old = aggEdges.get(id);
      var look = { count: s.count, lit: s.lit, hidden: false };
      var lit = s.count > 1 ? aggColors.lit : aggColors.one;
      if (old && old.count === look.count && old.lit === look.lit && !old.hidden) { return; }
      var item = { id: id, from: s.from, to: s.to, color: s.lit ? lit : aggColors.dim, hidden: false };
      if (!old || old.count !== s.count) {
        item.width = Math.min(10, 1 + Math.log2(s.count)); item.title = UI.group_links.replace("{n}", s.count);
      }
      (old ? change : add).push(item);
      aggEdges.set(id, look);
    });
    aggEdges.forEach(function (look, id) {
      if (!look.hidden && !want.has(id.slice(4))) {
        look.hidden = true; change.push({ id: id, color: aggColors.dim, hidden: true });
      }
    });
  }
  function expandGroup(id) {
    var g = groupById.get(id);
    if (!g) { return []; }
    expanded.add(id);
    applyView();
    fitTo(g.members);
    return g.members.slice();
  }
  // Speed at 2,000 nodes / 8,000 edges: vis-network re-parses every option of every updated
  // item (Edge.setOptions rebuilds its label module: ~0.3 ms an edge, 2–3 s for a search that
  // dims 8,000 links). A view change only swaps looks that were parsed once already, so the
  // changed items are written to the DataSets in ONE batch with vis's listener detached (the
  // DataSets stay the record: get() answers what is shown) and patched straight into vis's
  // parsed options; then one visibility pass and one redraw on the next frame.
  var parsedLooks = new Map();
  function parsedLook(name) {
    var look = parsedLooks.get(name);
    if (!look) {
      var c = groups[name].color;
      look = { color: { background: c.background, border: c.border,
                        highlight: { background: c.highlight.background, border: c.highlight.border },
                        hover: { background: c.hover.background, border: c.hover.border } },
               dashes: groups[name].shapeProperties.borderDashes };
      parsedLooks.set(name, look);
    }
    return look;
  }
  function quietly(set, listeners, items) {
    set.off("update", listeners.update);
    try { set.update(items); } finally { set.on("update", listeners.update); }
  }
  function commit(nodeUpdates, edgeUpdates) {
    var bodyNodes = network.body.nodes, bodyEdges = network.body.edges;
    if (nodeUpdates.length) { quietly(nodes, network.nodesHandler.nodesListeners, nodeUpdates); }
    if (edgeUpdates.length) { quietly(edges, network.edgesHandler.edgesListeners, edgeUpdates); }
    nodeUpdates.forEach(function (u) {
      var o = bodyNodes[u.id].options, look = parsedLook(u.group);
      o.hidden = u.hidden; o.group = u.group; o.color = look.color;
      if (u.size !== undefined) { o.size = u.size; }
      o.shapeProperties = Object.assign(Object.create(Object.getPrototypeOf(o.shapeProperties)),
                                        o.shapeProperties, { borderDashes: look.dashes });
    });
    edgeUpdates.forEach(function (u) {
      var be = bodyEdges[u.id];
      if (u.width !== undefined) { be.options.width = u.width; }
      if (u.title !== undefined) { be.options.title = u.title; }
      var c = be.options.color;
      c.color = u.color.color; c.highlight = u.color.highlight; c.inherit = false;
      be.options.hidden = u.hidden;
    });
    if (nodeUpdates.length || edgeUpdates.length) { network._updateVisibleIndices(); }
    network.body.emitter.emit("_requestRedraw");
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
  // Fit the given nodes (all visible ones by default) into the part of the map that no overlay
  // covers, so no node opens hidden under one or beyond an edge. The gap list always keeps its
  // side of the map; the details card (800–1439 px) and the bottom sheet's handle (phone) take
  // theirs only when a node would lie under them otherwise (so the map is not made smaller for
  // an empty corner). The fit is kept (lastFit) until the user zooms or drags the view: when the
  // map area changes size (a phone turned, a window resized, headless Chromium's
  // --window-size, which lays the page out at 500×757 first) the same nodes are fitted again.
  var FIT_MARGIN = 28, lastFit = null;
  function fitTo(ids, maxScale) {
    lastFit = { ids: ids ? ids.slice() : null, maxScale: maxScale };
    var shown = (ids || visibleIds()).filter(function (id) { return nodeMode.get(id) !== "hidden"; });
    if (!shown.length) { return; }
    var W = container.clientWidth, H = container.clientHeight;
    if (!W || !H) { network.fit({ nodes: shown, animation: false }); return; }
    var discs = shown.map(function (id) {
      var bn = network.body.nodes[id] || byId.get(id);
      return { x: bn.x, y: bn.y, r: byId.get(id).size };
    });
    var covers = coverRects(W, H), pad = { left: 0, top: 0, right: 0, bottom: 0 };
    covers.forEach(function (o) { if (o.always) { reserveSide(pad, o, W, H); } });
    var view = fitView(discs, pad, W, H, maxScale);
    if (covers.some(function (o) { return !o.always && discs.some(function (d) { return under(d, o, view, W, H); }); })) {
      var all = { left: 0, top: 0, right: 0, bottom: 0 };
      covers.forEach(function (o) { reserveSide(all, o, W, H); });
      // unless that would leave less than half the map's width or height for the network
      if (W - all.left - all.right >= W / 2 && H - all.top - all.bottom >= H / 2) { view = fitView(discs, all, W, H, maxScale); }
    }
    network.moveTo(view);
  }
  // The overlays on the map, in container pixels, clipped to it (the side column at ≥ 1440 px
  // lies beside the map: nothing left of it). always: the gap list.
  function coverRects(W, H) {
    var out = [];
    overlayObstacles(container.getBoundingClientRect()).forEach(function (o) {
      var x0 = Math.max(0, o.x), y0 = Math.max(0, o.y), x1 = Math.min(W, o.x + o.w), y1 = Math.min(H, o.y + o.h);
      if (x1 > x0 && y1 > y0) { out.push({ x0: x0, y0: y0, x1: x1, y1: y1, always: o.el.id === "netmap-gaplist" }); }
    });
    return out;
  }
  // The side of the map an overlay takes from a fit: the one that costs the map less area.
  function reserveSide(pad, o, W, H) {
    var sides = [["left", o.x1, o.x1 * H], ["top", o.y1, o.y1 * W],
                 ["right", W - o.x0, (W - o.x0) * H], ["bottom", H - o.y0, (H - o.y0) * W]];
    sides.sort(function (a, b) { return a[2] - b[2]; });
    pad[sides[0][0]] = Math.max(pad[sides[0][0]], sides[0][1]);
  }
  // The view (vis moveTo) that puts the discs {x, y, r} (map units) inside the map less pad
  // and a margin, at most maxScale (1.5 by default: a handful of nodes is not blown up).
  function fitView(discs, pad, W, H, maxScale) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    discs.forEach(function (d) {
      x0 = Math.min(x0, d.x - d.r); x1 = Math.max(x1, d.x + d.r); y0 = Math.min(y0, d.y - d.r); y1 = Math.max(y1, d.y + d.r);
    });
    var uw = W - pad.left - pad.right - 2 * FIT_MARGIN, uh = H - pad.top - pad.bottom - 2 * FIT_MARGIN;
    var scale = Math.min(uw / Math.max(x1 - x0, 1), uh / Math.max(y1 - y0, 1), maxScale || 1.5);
    var cx = (x0 + x1) / 2 - ((pad.left + FIT_MARGIN + uw / 2) - W / 2) / scale;
    var cy = (y0 + y1) / 2 - ((pad.top + FIT_MARGIN + uh / 2) - H / 2) / scale;
    return { position: { x: cx, y: cy }, scale: scale, animation: false };
  }
  // Would the disc d lie (partly) under the overlay o in the given view?
  function under(d, o, view, W, H) {
    var k = view.scale, x = (d.x - view.position.x) * k + W / 2, y = (d.y - view.position.y) * k + H / 2, r = d.r * k;
    return x + r > o.x0 && x - r < o.x1 && y + r > o.y0 && y - r < o.y1;
  }
  network.on("resize", function () {
    // after vis has put its camera back (it does so right after this event)
    setTimeout(function () { if (lastFit) { fitTo(lastFit.ids, lastFit.maxScale); } }, 0);
  });
  network.on("zoom", function () { lastFit = null; });
  network.on("dragEnd", function (p) { if (!p.nodes.length) { lastFit = null; } });

  // ------------------------------------------------------------------ search
  // What people type: names, English names, kinds (種別), areas (対象地域), sectors and node
  // types, and the aliases of datasets/aliases.csv (社協 → 社会福祉協議会, HW → ハローワーク …).
  var aliases = (data.aliases || []).map(function (a) {
    return { alias: norm(a.alias), terms: a.expands_to.split(/[;；]/).map(norm).filter(Boolean) };
  });
  var haystack = data.nodes.map(function (n) {
    return [n.name, n.label, n.name_en, n.kind, n.id, n.label_en, n.label_ja, n.area, n.code,
            n.sector ? sectorLabel(n.sector) : "", typeLabel(n.node_type)]
      .filter(function (v) { return v; }).map(norm).join("\u0001");
  });
  function queryTerms(nq) {
    var terms = [nq];
    aliases.forEach(function (a) {
      if (a.alias && nq.indexOf(a.alias) >= 0) {
        a.terms.forEach(function (t) { terms.push(nq.split(a.alias).join(t)); });
      }
    });
    return terms;
  }
  function search(q) {
    state.query = q;
    var nq = norm(q), terms = nq ? queryTerms(nq) : [];
    state.matches = [];
    if (nq) {
      for (var i = 0; i < haystack.length; i++) {
        for (var k = 0; k < terms.length; k++) {
          if (haystack[i].indexOf(terms[k]) >= 0) { state.matches.push(data.nodes[i].id); break; }
        }
      }
    }
    state.focus = null; state.focusSet = null;
    applyView();
    renderResults();
    var shown = state.matches.filter(function (id) { return nodeMode.get(id) !== "hidden"; });
    network.selectNodes(shown);
    if (shown.length) { fitTo(shown); }
    return state.matches.slice();
  }

  // ------------------------------------------------------------------ focus and filters
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
    if (state.need) { fitTo(Array.from(needSet(state.need))); } else { fitTo(); }
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
    var box = document.querySelector('#netmap-types input[data-code="' + CSS.escape(code) + '"]');
    if (box) { box.checked = !!shown; }
    applyView();
    return visibleIds();
  }
  function setSteps(k) {
    state.steps = k === 2 ? 2 : 1;
    var radio = document.querySelector('#netmap-steps input[value="' + state.steps + '"]');
    if (radio) { radio.checked = true; }
    if (state.focus) { focusNode(state.focus); }
  }
  function setGaps(on) {
    state.gaps = !!on; document.getElementById("netmap-gaps").checked = !!on;
    state.focus = null; state.focusSet = null; applyView(); return emphasisedIds();
  }
  function setBrokers(on) {
    state.brokers = !!on; document.getElementById("netmap-brokers").checked = !!on;
    state.focus = null; state.focusSet = null; applyView(); return emphasisedIds();
  }

  // ------------------------------------------------------------------ the "who" team
  // data.who is the answer of `netmap who` (map.who_data): for the asked needs, teams whose
  // members cover them all, with the hand-over routes between members. Showing team k lights
  // its members, the asked needs and every node on a route; the route links are drawn thick.
  function showWho(k) {
    var who = data.who;
    if (!who || k === null || k === undefined || !who.teams[k]) {
      state.who = null; state.whoSet = null; state.routeEdges = null; applyView(); return [];
    }
    var team = who.teams[k], set = new Set(team.members), pairs = new Set();
    who.needs.forEach(function (c) { var nd = needByCode.get(c); if (nd) { set.add(nd.id); } });
    Object.keys(team.covers || {}).forEach(function (c) { team.covers[c].forEach(function (x) { set.add(x); }); });
    team.routes.forEach(function (r) {
      r.forEach(function (x) { set.add(x); });
      for (var i = 1; i < r.length; i++) { pairs.add(r[i - 1] + "\u0001" + r[i]); pairs.add(r[i] + "\u0001" + r[i - 1]); }
    });
    var routeEdges = new Set();
    edgeItems.forEach(function (e) { if (pairs.has(e.from + "\u0001" + e.to)) { routeEdges.add(e.id); } });
    state.who = k; state.whoSet = set; state.routeEdges = routeEdges;
    var radio = document.querySelector('#netmap-who input[value="' + k + '"]');
    if (radio) { radio.checked = true; }
    state.focus = null; state.focusSet = null;
    applyView();
    fitTo(Array.from(set));
    return Array.from(set);
  }

  // ------------------------------------------------------------------ the view in the URL
  // #q=…&need=…&hs=npo,private&ht=role&f=id&s=2&g=1&b=1&who=0&p=1 — a shared link or a
  // reload opens the same view; 「この表示を印刷」 prints it.
  var hashReady = false;
  function hashOf() {
    var p = new URLSearchParams();
    if (state.query) { p.set("q", state.query); }
    if (state.need) { p.set("need", state.need); }
    if (state.hiddenSectors.size) { p.set("hs", Array.from(state.hiddenSectors).sort().join(",")); }
    if (state.hiddenTypes.size) { p.set("ht", Array.from(state.hiddenTypes).sort().join(",")); }
    if (state.focus) { p.set("f", state.focus); }
    if (state.steps === 2) { p.set("s", "2"); }
    if (state.gaps) { p.set("g", "1"); }
    if (state.brokers) { p.set("b", "1"); }
    if (state.who !== null) { p.set("who", String(state.who)); }
    if (state.projection) { p.set("p", "1"); }
    return p.toString();
  }
  function saveHash() {
    if (!hashReady) { return; }
    var h = hashOf(), url = location.pathname + location.search + (h ? "#" + h : "");
    try { history.replaceState(null, "", url); } catch (err) { /* file:// in some browsers */ }
  }
  function loadHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    (p.get("hs") || "").split(",").filter(Boolean).forEach(function (c) { setSector(c, false); });
    (p.get("ht") || "").split(",").filter(Boolean).forEach(function (c) { setType(c, false); });
    if (p.get("p") === "1") { setProjection(true); }
    if (p.get("need")) { filterNeed(p.get("need")); }
    if (p.get("g") === "1" && meta.has_gaps) { setGaps(true); }
    if (p.get("b") === "1" && meta.has_brokers) { setBrokers(true); }
    if (p.get("who") !== null && data.who) { showWho(Number(p.get("who"))); }
    else if (data.who && data.who.teams.length && !location.hash) { showWho(0); }
    if (p.get("q")) { searchBox.value = p.get("q"); search(p.get("q")); }
    if (p.get("s") === "2") { setSteps(2); }
    if (p.get("f")) { focusNode(p.get("f")); }
  }

  // ------------------------------------------------------------------ the label layer
  // Names are drawn here, after vis has drawn the network, in CSS pixels: organisation, gap
  // and broker names never below LABEL_FLOOR (12 px; 18 px in projection mode) whatever the
  // zoom, placed by NetmapLabels.place so that no two overlap (the less important of an
  // overlapping pair is left out until one zooms in or hovers it). Programs, meetings, roles
  // and the other needs get names once zoomed in (DETAIL_SCALE).
  var LABEL_FLOOR = 12, PROJECTION_FLOOR = 18, DETAIL_SCALE = 0.75, LABEL_EM = 9, LABEL_LINES = 2;
  var hovered = null, labelCtx = document.createElement("canvas").getContext("2d");
  var widthCache = new Map();
  function measure(line, px, weight) {
    var key = px + "|" + weight + "|" + line, w = widthCache.get(key);
    if (w === undefined) {
      labelCtx.font = weight + " " + px + "px " + FONT;
      w = labelCtx.measureText(line).width;
      widthCache.set(key, w);
    }
    return w;
  }
  var linesCache = new Map();
  function labelLines(n, maxLines) {
    var key = n.id + "|" + maxLines, l = linesCache.get(key);
    if (!l) {
      var text = (n.gap ? gapIcon(n.gap) + " " : "") + (n.hub ? "★ " : "") + n.label;
      l = NetmapLabels.wrap(text, LABEL_EM, maxLines);
      if (n.hub) { l.push("（" + UI.hub + "）"); }
      linesCache.set(key, l);
    }
    return l;
  }
  function priorityOf(n, emph) {
    if (n.id === hovered) { return -1; }
    if (n.hub) { return 0; }
    // nobody covers it, then probably unrecorded, then a single provider (as the gap list)
    if (n.gap) { return n.gap === "uncovered" ? 1 : (n.gap === "probably_unrecorded" ? 1.1 : 1.2); }
    // the members of the shown "who" team are what the room is looking at: named before brokers
    if (state.who !== null && data.who && data.who.teams[state.who] &&
        data.who.teams[state.who].members.indexOf(n.id) >= 0) { return 1.5; }
    if (emph && emph.has(n.id) && (state.focus === n.id || state.matches.indexOf(n.id) >= 0)) { return 2; }
    if (n.broker_rank) { return 3 + n.broker_rank / 100; }
    if (n.node_type === "organisation") { return 5 + 1 / (1 + n.size); }
    return 7 + 1 / (1 + n.size);
  }
  function eligible(n, scale, emph) {
    var mode = nodeMode.get(n.id);
    if (mode === "hidden") { return false; }
    if (n.id === hovered) { return true; }
    if (emph && mode === "dim") { return false; }
    if (n.node_type === "organisation" || n.gap || n.hub) { return true; }
    if (AGG && n.node_type === "need" && nodeView.get(n.id) === "normal") { return true; }
    return scale >= DETAIL_SCALE || (emph !== null && emph.size <= 40);
  }
  function overlayObstacles(origin) {
    var out = [];
    document.querySelectorAll(".netmap-overlay").forEach(function (o) {
      if (!o.offsetParent) { return; }
      var r = o.getBoundingClientRect();
      if (r.width && r.height) { out.push({ x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height, el: o }); }
    });
    return out;
  }
  function placeLabels() {
    var scale = network.getScale(), view = network.getViewPosition();
    var rect = container.getBoundingClientRect(), W = rect.width, H = rect.height;
    var floor = state.projection ? PROJECTION_FLOOR : LABEL_FLOOR;
    var emph = emphasis(), items = [], discs = [], bodyNodes = network.body.nodes;
    for (var i = 0; i < data.nodes.length; i++) {
      var n = data.nodes[i], bn = bodyNodes[n.id];
      if (!bn || nodeView.get(n.id) !== nodeMode.get(n.id) || nodeMode.get(n.id) === "hidden") { continue; }
      var x = (bn.x - view.x) * scale + W / 2, y = (bn.y - view.y) * scale + H / 2;
      var r = Math.max(2, n.size * scale);
      if (x < -r || y < -r || x > W + r || y > H + r) { continue; }
      // a dimmed node (search, focus, team shown) never keeps a lit node's name off the map
      if (r >= 3 && !(emph && nodeMode.get(n.id) === "dim")) { discs.push({ id: n.id, x: x, y: y, r: r, mark: !!(n.hub || n.gap) }); }
      if (!eligible(n, scale, emph)) { continue; }
      var px = floor + (n.hub ? 4 : 0) + (scale >= 1.4 ? 2 : 0);
      items.push({ id: n.id, x: x, y: y, r: r, px: px, priority: priorityOf(n, emph),
                   free: !!(n.hub || n.gap || n.id === hovered),
                   weight: n.hub || n.gap ? "bold" : "normal",
                   lines: labelLines(n, n.id === hovered ? 6 : (n.hub ? 4 : LABEL_LINES)) });
    }
    aggGroups.forEach(function (g) {
      var bg = bodyNodes[g.id], v = groupView.get(g.id);
      if (!bg || v === "hidden" || (emph && v === "dim")) { return; }
      var gx = (bg.x - view.x) * scale + W / 2, gy = (bg.y - view.y) * scale + H / 2, gr = Math.max(2, g.drawnSize * scale);
      if (gx < -gr || gy < -gr || gx > W + gr || gy > H + gr) { return; }
      discs.push({ id: g.id, x: gx, y: gy, r: gr });
      items.push({ id: g.id, x: gx, y: gy, r: gr, px: floor + 1, priority: 0.5, free: false, weight: "bold",
                   lines: [g.label, (g.member_type === "organisation" ? UI.group_count : UI.group_items).replace("{n}", g.count)] });
    });
    // edge: the white halo (half the 4–5 px stroke drawLabels puts round the letters) and a
    // pixel more stay on the map; obstacles: the gap list, the details card, the sheet's handle
    var placed = NetmapLabels.place(items, measure, { width: W, height: H, nodes: discs, edge: 4,
                                                      obstacles: overlayObstacles(rect), pad: 2 });
    placed.forEach(function (p) { p.node_type = nodeOf(p.id).node_type; });
    return placed;
  }
  function drawLabels(ctx) {
    var t0 = performance.now();
    var placed = placeLabels(), pr = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    placed.forEach(function (p) {
      var n = nodeOf(p.id);
      ctx.font = p.weight + " " + p.px + "px " + FONT;
      if (p.id === hovered) {
        ctx.fillStyle = "rgba(255,255,255,0.95)"; ctx.strokeStyle = "#263238"; ctx.lineWidth = 1;
        ctx.fillRect(p.x - 3, p.y - 2, p.w + 6, p.h + 4); ctx.strokeRect(p.x - 3, p.y - 2, p.w + 6, p.h + 4);
      }
      ctx.fillStyle = n.gap === "uncovered" ? S.marks.uncovered.text : "#111111";
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = state.projection ? 5 : 4;
      var cx = p.pos < 2 ? p.x + p.w / 2 : (p.pos === 2 ? p.x : p.x + p.w);
      ctx.textAlign = p.pos < 2 ? "center" : (p.pos === 2 ? "left" : "right");
      p.lines.forEach(function (line, k) {
        ctx.strokeText(line, cx, p.y + k * p.lineHeight);
        ctx.fillText(line, cx, p.y + k * p.lineHeight);
      });
    });
    drawGapIcons(ctx);
    ctx.restore();
    netmap.labelBoxes = placed;
    timings.lastLabels = performance.now() - t0;
  }
  // The gap needs carry an icon inside the node as well as a colour: "!" nobody covers it,
  // "1" a single provider (S.marks.*.glyph), readable in greyscale and by colour-blind readers.
  function drawGapIcons(ctx) {
    var scale = network.getScale(), view = network.getViewPosition();
    var W = container.clientWidth, H = container.clientHeight;
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    data.nodes.forEach(function (n) {
      if (!n.gap || nodeMode.get(n.id) !== "normal") { return; }
      var bn = network.body.nodes[n.id], r = n.size * scale;
      if (r < 5) { return; }
      ctx.font = "bold " + Math.round(r * 1.1) + "px " + FONT;
      ctx.fillStyle = S.marks[n.gap].glyph_color;
      ctx.fillText(S.marks[n.gap].glyph, (bn.x - view.x) * scale + W / 2, (bn.y - view.y) * scale + H / 2 + 1);
    });
  }
  network.on("afterDrawing", drawLabels);
  network.on("hoverNode", function (p) { hovered = p.node; network.redraw(); });
  network.on("blurNode", function () { hovered = null; network.redraw(); });
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
    if (n.gap) { h.appendChild(el("span", gapWord(n.gap), "netmap-badge" + (n.gap === "uncovered" ? "" : " " + n.gap))); }
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
  // one vocabulary of counts (render/counts.py): each number named by what it counts
  var sub = (data.counts || []).filter(function (c) { return ["organisations", "org_ties", "links_all"].indexOf(c.code) >= 0; })
    .map(function (c) { return c.label + " " + c.value; });
  if (m.as_of) { sub.push(UI.as_of.replace("{date}", m.as_of)); }
  if (meta.redacted) { sub.push(UI.redacted); }
  document.getElementById("netmap-subtitle").textContent = sub.join(" · ");
  document.getElementById("netmap-search-label").textContent = UI.search;
  var searchBox = document.getElementById("netmap-search");
  searchBox.placeholder = UI.search_placeholder;
  var status = document.getElementById("netmap-search-status");
  var results = document.getElementById("netmap-search-results");
  var SHOW_RESULTS = 30;
  function renderResults() {
    results.textContent = "";
    if (!state.query) { status.textContent = ""; return; }
    var k = state.matches.length;
    status.textContent = k ? k + " " + UI.matches + (k > SHOW_RESULTS ? UI.showing.replace("{n}", SHOW_RESULTS) : "") : UI.no_match;
    state.matches.slice(0, SHOW_RESULTS).forEach(function (id) {
      var li = el("li"); li.appendChild(linkButton(id)); results.appendChild(li);
    });
    if (k > SHOW_RESULTS) { results.appendChild(el("li", UI.and_more.replace("{n}", k - SHOW_RESULTS), "netmap-more")); }
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
    if (nd.gap) { text += " — " + gapIcon(nd.gap) + " " + gapWord(nd.gap); }
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
  function toggle(idBox, idLabel, text, enabled, setter) {
    var box = document.getElementById(idBox), lab = document.getElementById(idLabel);
    lab.textContent = text + (enabled ? "" : " " + UI.no_analysis);
    box.disabled = !enabled;
    if (!enabled) { lab.className = "netmap-disabled"; }
    box.addEventListener("change", function () { setter(box.checked); });
  }
  toggle("netmap-gaps", "netmap-gaps-label", UI.gaps, meta.has_gaps, setGaps);
  toggle("netmap-brokers", "netmap-brokers-label", UI.brokers, meta.has_brokers, setBrokers);
  var whoBox = document.getElementById("netmap-who");
  if (data.who && data.who.teams.length) {
    whoBox.appendChild(el("legend", UI.who + "：" + data.who.needs.map(needLabel).join("・")));
    if ((data.who.uncoverable || []).length) {  // a partial team: say which need has nobody
      whoBox.appendChild(el("div", UI.who_missing + data.who.uncoverable.map(needLabel).join("・")));
    }
    var noneLab = el("label"), noneRadio = el("input");
    noneRadio.type = "radio"; noneRadio.name = "netmap-who"; noneRadio.value = "";
    noneRadio.addEventListener("change", function () { showWho(null); });
    noneLab.appendChild(noneRadio); noneLab.appendChild(document.createTextNode(UI.who_none)); whoBox.appendChild(noneLab);
    data.who.teams.forEach(function (team, k) {
      var lab = el("label"), r = el("input");
      r.type = "radio"; r.name = "netmap-who"; r.value = String(k);
      r.addEventListener("change", function () { showWho(k); });
      lab.appendChild(r);
      lab.appendChild(document.createTextNode(UI.who_team + " " + (k + 1) + "：" + team.members.map(function (x) { return byId.get(x).name; }).join("、")));
      whoBox.appendChild(lab);
    });
  } else { whoBox.hidden = true; }
  var resetButton = document.getElementById("netmap-reset");
  resetButton.textContent = UI.reset;
  resetButton.addEventListener("click", reset);
  function reset() {
    expanded.clear();
    state.query = ""; state.matches = []; state.need = ""; state.focus = null; state.focusSet = null;
    state.hiddenSectors.clear(); state.hiddenTypes.clear(); state.gaps = false; state.brokers = false;
    state.who = null; state.whoSet = null; state.routeEdges = null;
    searchBox.value = ""; needSelect.value = "";
    document.querySelectorAll("#netmap-controls input[type=checkbox]").forEach(function (b) {
      b.checked = b.hasAttribute("data-code");
    });
    applyView();
    renderResults();
    showPanel(null);
    network.unselectAll();
    fitTo();
  }

  // projection mode (P): side columns folded, larger type, high contrast
  function setProjection(on) {
    state.projection = !!on;
    document.body.classList.toggle("netmap-projection", state.projection);
    projButton.setAttribute("aria-pressed", state.projection ? "true" : "false");
    setTimeout(function () { network.redraw(); fitTo(); saveHash(); }, 0);
    return state.projection;
  }
  var projButton = document.getElementById("netmap-projection");
  projButton.textContent = UI.projection;
  projButton.title = UI.projection_hint;
  projButton.addEventListener("click", function () { setProjection(!state.projection); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target && ev.target.tagName;
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "p" || ev.key === "P") { setProjection(!state.projection); ev.preventDefault(); }
    if (ev.key === "Escape" && state.projection) { setProjection(false); }
  });
  // phone and tablet: the controls are a drawer, the details and legend a bottom sheet
  var drawerButton = document.getElementById("netmap-drawer-button");
  drawerButton.textContent = UI.controls;
  drawerButton.addEventListener("click", function () {
    var open = !document.body.classList.contains("netmap-drawer-open");
    document.body.classList.toggle("netmap-drawer-open", open);
    drawerButton.setAttribute("aria-expanded", open ? "true" : "false");
  });
  var sheetHandle = document.getElementById("netmap-sheet-handle");
  sheetHandle.textContent = UI.details;
  sheetHandle.addEventListener("click", function () { document.body.classList.toggle("netmap-sheet-open"); });

  network.on("click", function (params) {
    if (params.nodes.length && groupById.has(params.nodes[0])) {
      expandGroup(params.nodes[0]);
    } else if (params.nodes.length) {
      focusNode(params.nodes[0]);
      document.body.classList.add("netmap-sheet-open");
    } else if (!params.edges.length && state.focus) { clearFocus(); }
  });

  // ------------------------------------------------------------------ the gap list on the map
  var gapList = document.getElementById("netmap-gaplist");
  // Grouped as `netmap gaps` prints them (netmap.analysis.marks.GAP_GROUPS): no provider,
  // probably unrecorded (with the body to ask), a single service; each group with its count.
  var GAP_ORDER = ["uncovered", "probably_unrecorded", "thin"];
  // the legend's gap marks: always no provider and single; probably unrecorded when there is one
  var legendGaps = GAP_ORDER.filter(function (g) {
    return g !== "probably_unrecorded" || data.needs.some(function (nd) { return nd.gap === g; });
  });
  var gapNeeds = data.needs.filter(function (nd) { return nd.gap; })
    .sort(function (a, b) { return GAP_ORDER.indexOf(a.gap) - GAP_ORDER.indexOf(b.gap) || (a.code < b.code ? -1 : 1); });
  if (gapNeeds.length) {
    var gapSummary = el("summary", UI.gap_list_n.replace("{n}", gapNeeds.length));
    gapList.appendChild(gapSummary);
    var gapUl = el("ul");
    var addGap = function (nd) {
      var li = el("li"), b = el("button", null, "netmap-gap " + nd.gap);
      b.type = "button";
      b.appendChild(el("span", gapIcon(nd.gap), "netmap-gap-icon " + nd.gap));
      b.appendChild(el("b", nd.label));
      b.appendChild(el("span", " " + gapText(nd), "netmap-gap-note"));
      b.addEventListener("click", function () { focusNode(nd.id); });
      li.appendChild(b); gapUl.appendChild(li);
    };
    GAP_ORDER.forEach(function (g) {
      var n = gapNeeds.filter(function (nd) { return nd.gap === g; }).length;
      if (n) {
        var h = el("li", UI["gap_group_" + g] + " (" + n + ")", "netmap-gap-group " + g);
        h.setAttribute("data-group", g); h.setAttribute("data-count", String(n));
        gapUl.appendChild(h);
      }
      gapNeeds.filter(function (nd) { return nd.gap === g; }).forEach(addGap);
    });
    gapList.appendChild(gapUl);
    gapList.open = window.innerWidth >= 1440;  // smaller screens: the summary line, opened on demand
    gapList.addEventListener("toggle", function () { network.redraw(); });
    netmap.gapListOpen = function (open) { gapList.open = !!open; return gapList.open; };
  } else { gapList.hidden = true; }
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
    legendGaps.forEach(function (g) {
      var st = S.marks[g], s = shapeSvg(st.shape, st.color, st.border, 2.5);
      if (g === "thin") { s.firstChild.setAttribute("stroke-dasharray", "3 2"); }
      var t = document.createElementNS(SVGNS, "text");
      t.setAttribute("x", 8); t.setAttribute("y", 12); t.setAttribute("text-anchor", "middle");
      t.setAttribute("font-size", 10); t.setAttribute("font-weight", "bold"); t.setAttribute("fill", st.glyph_color);
      t.textContent = st.glyph; s.appendChild(t);
      marks.push([s, st[lang]]);
    });
  }
  if (meta.has_brokers) { marks.push([shapeSvg("dot", "#ffffff", S.marks.broker.color, 3), S.marks.broker[lang]]); }
  marks.push([shapeSvg("dot", "#b0bec5", "#263238"), UI.legend_size + " = " + meta.size_label]);
  legendList(legendBody, UI.legend_marks, marks);


  // ------------------------------------------------------------------ print (from the vector picture)
  // 「印刷」 prints the whole map as it opens; 「この表示を印刷」 the current view (filters, focus,
  // search, who team). Either way the sheet is an SVG drawn from the data (print.js), A3 or A4
  // landscape, with the legend and the gap list on page 1; Ctrl+P prints the current view.
  var paperSelect = document.getElementById("netmap-paper");
  ["A3", "A4"].forEach(function (p) { var o = el("option", p); o.value = p; paperSelect.appendChild(o); });
  function legendSpec() {
    var out = [];
    out.push({ title: UI.legend_sectors, items: Object.keys(S.sectors).filter(function (s) { return presentSectors.has(s); })
      .map(function (s) { return { shape: "dot", fill: S.sectors[s].color, stroke: "#263238", text: sectorLabel(s) }; }) });
    out.push({ title: UI.legend_kinds, items: Object.keys(S.node_types).filter(function (t) { return presentTypes.has(t); })
      .map(function (t) { var st = S.node_types[t]; return { shape: st.shape, fill: st.color, stroke: st.border, text: typeLabel(t) }; }) });
    out.push({ title: UI.legend_edges, items: Object.keys(S.edge_types).filter(function (t) { return presentEdges.has(t); })
      .map(function (t) { var st = S.edge_types[t]; return { line: true, color: st.color, width: st.width, dashes: st.dashes, text: edgeLabel(t) }; }) });
    var mk = [];
    if (data.nodes.some(function (n) { return n.hub; })) { mk.push({ shape: "star", fill: "#ffffff", stroke: S.marks.hub.border, sw: 0.5, text: S.marks.hub[lang] }); }
    if (meta.has_gaps) {
      legendGaps.forEach(function (g) {
        var st = S.marks[g];
        mk.push({ shape: st.shape, fill: st.color, stroke: st.border, sw: 0.5, dashes: g === "thin", glyph: st.glyph, glyphColor: st.glyph_color, text: st[lang] });
      });
    }
    if (meta.has_brokers) { mk.push({ shape: "dot", fill: "#ffffff", stroke: S.marks.broker.color, sw: 0.7, text: S.marks.broker[lang] }); }
    mk.push({ shape: "dot", fill: "#b0bec5", stroke: "#263238", text: UI.legend_size + " = " + meta.size_label });
    out.push({ title: UI.legend_marks, items: mk });
    return out;
  }
  function printSpec(current, paper) {
    var emph = current ? emphasis() : null, ns = state.need && current ? needSet(state.need) : null;
    var shown = data.nodes.filter(function (n) { return !current || nodeMode.get(n.id) !== "hidden"; });
    if (current && ns) { shown = shown.filter(function (n) { return ns.has(n.id); }); }
    var index = new Map(shown.map(function (n, i) { return [n.id, i]; }));
    var printNodes = shown.map(function (n) {
      var dim = emph && !emph.has(n.id), bn = network.body.nodes[n.id];
      return {
        id: n.id, x: bn ? bn.x : n.x, y: bn ? bn.y : n.y, size: n.size, shape: shapeOf(n), hub: n.hub,
        fill: dim ? S.marks.dim.color : fillOf(n), stroke: dim ? S.marks.dim.color : borderOf(n),
        sw: n.hub || n.gap || n.broker_rank ? 0.6 : 0.2, dashes: n.gap === "thin" && !dim,
        glyph: n.gap && !dim ? S.marks[n.gap].glyph : "", glyphColor: n.gap ? S.marks[n.gap].glyph_color : "",
        lines: labelLines(n, 3), priority: priorityOf(n, emph), bold: !!(n.hub || n.gap), title: n.name,
        labelled: !dim && (n.node_type === "organisation" || !!n.gap || n.hub || shown.length <= 150 || (emph && emph.size <= 60)),
        textColor: n.gap === "uncovered" ? S.marks.uncovered.text : "#111111"
      };
    });
    var printEdges = [];
    data.edges.forEach(function (e) {
      if (!index.has(e.from) || !index.has(e.to) || e.from === e.to) { return; }
      if (current && edgeMode.get(e.id) === "hidden") { return; }
      var st = S.edge_types[e.type] || FALLBACK_EDGE, mode = current ? edgeMode.get(e.id) : "normal";
      printEdges.push({ a: index.get(e.from), b: index.get(e.to), color: mode === "route" ? S.marks.who.color : st.color,
                        opacity: mode === "dim" ? 0.08 : Math.max(st.opacity, 0.35), width: mode === "route" ? 4 : st.width, dashes: st.dashes });
    });
    return {
      paper: paper, font: FONT, title: document.getElementById("netmap-title").textContent,
      subtitle: document.getElementById("netmap-subtitle").textContent + (current && hashOf() ? " · " + UI.this_view : ""),
      nodes: printNodes, edges: printEdges, legend: legendSpec(), gapTitle: UI.gap_list_n, labelPt: 8.5,
      gaps: gapNeeds.map(function (nd) { return { icon: gapIcon(nd.gap), color: S.marks[nd.gap].text, label: nd.label, note: gapText(nd) }; }),
      measure: function (line, size, weight) { return measure(line, 100, weight) * size / 100; }
    };
  }
  var printBox = document.getElementById("netmap-print"), pageStyle = document.getElementById("netmap-page-size");
  function preparePrint(current, paper) {
    paper = paper || paperSelect.value || "A3";
    var built = NetmapPrint.build(printSpec(current, paper));
    printBox.textContent = "";
    printBox.appendChild(built.svg);
    var size = NetmapPrint.PAPER[paper];
    // exactly one sheet: the page box is the paper, the sheet a hair smaller, nothing after it
    pageStyle.textContent = "@page { size: " + size[0] + "mm " + size[1] + "mm; margin: 0; }\n" +
      "@media print { #netmap-print { width: " + size[0] + "mm; height: " + (size[1] - 0.5) + "mm; overflow: hidden; }" +
      " #netmap-print svg { width: " + size[0] + "mm; height: " + (size[1] - 0.5) + "mm; } }";
    netmap.printLabels = built.labels;
    return { labels: built.labels.length, fontMm: built.fontSize, paper: paper };
  }
  var printing = false;
  function printNow(current) { preparePrint(current); printing = true; window.print(); printing = false; }
  var printAll = document.getElementById("netmap-print-all"), printView = document.getElementById("netmap-print-view");
  printAll.textContent = UI.print; printView.textContent = UI.print_view;
  printAll.addEventListener("click", function () { printNow(false); });
  printView.addEventListener("click", function () { printNow(true); });
  window.addEventListener("beforeprint", function () { if (!printing) { preparePrint(true); } });

  // ------------------------------------------------------------------ start
  // on a phone the bottom sheet opens on the node's details; the legend is one tap further
  if (window.innerWidth < 800) { document.getElementById("netmap-legend").open = false; }
  showPanel(null);
  if (AGG) { applyView(); }
  fitTo();
  loadHash();
  hashReady = true;
  saveHash();
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") !== hashOf()) { hashReady = false; reset(); loadHash(); hashReady = true; }
  });
  Object.assign(netmap, {
    search: search, focus: focusNode, clearFocus: clearFocus, filterNeed: filterNeed,
    setSector: setSector, setType: setType, setSteps: setSteps, reset: reset,
    visibleIds: visibleIds, emphasisedIds: emphasisedIds, showWho: showWho,
    expandGroup: expandGroup, groups: aggGroups,
    drawnIds: function () { return network.body.nodeIndices.slice(); },
    setGaps: setGaps, setBrokers: setBrokers, setProjection: setProjection,
    preparePrint: preparePrint, hash: hashOf, state: state, fit: fitTo,
    labels: function () {
      var r = container.getBoundingClientRect();
      return netmap.labelBoxes.map(function (p) {
        return { id: p.id, node_type: p.node_type, x: p.x + r.left, y: p.y + r.top, w: p.w, h: p.h,
                 px: p.px, lines: p.lines.slice() };
      });
    }
  });
}());
