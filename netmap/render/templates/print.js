/* netmap print page: one landscape sheet (A3 or A4) drawn as SVG from the map's data, not a
 * copy of the live canvas, so it prints sharp at any size: the map on the left, the legend and
 * the gap list in a column on the right (both on page 1), names placed by NetmapLabels at a
 * printed size of at least 7 pt (2.47 mm) and never overlapping.
 * NetmapPrint.build(spec) returns an <svg> element built with DOM calls (every text set with
 * textContent); the map script (map.js) gathers the spec from the current or the default view.
 */
var NetmapPrint = (function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var PAPER = { A3: [420, 297], A4: [297, 210] };  // landscape, mm
  var MARGIN = 10, SIDE = 92, PT = 0.3528;          // mm; one point in mm
  function node(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function shapePath(shape, x, y, r) {
    var pts;
    if (shape === "square") { pts = [[-r, -r], [r, -r], [r, r], [-r, r]]; }
    else if (shape === "diamond") { pts = [[0, -r], [r, 0], [0, r], [-r, 0]]; }
    else if (shape === "triangle") { pts = [[0, -r], [r * 0.87, r * 0.5], [-r * 0.87, r * 0.5]]; }
    else if (shape === "hexagon") { pts = [0, 1, 2, 3, 4, 5].map(function (i) { return [r * Math.cos(i * Math.PI / 3), r * Math.sin(i * Math.PI / 3)]; }); }
    else if (shape === "star") {
      pts = [];
      for (var i = 0; i < 10; i++) {
        var rr = i % 2 ? r * 0.45 : r, a = -Math.PI / 2 + i * Math.PI / 5;
        pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
    } else { return null; }
    return pts.map(function (p) { return (x + p[0]).toFixed(2) + "," + (y + p[1]).toFixed(2); }).join(" ");
  }
  function glyph(parent, shape, x, y, r, fill, stroke, sw, dashes) {
    var pts = shapePath(shape, x, y, r), e;
    e = pts ? node("polygon", { points: pts }) : node("circle", { cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(2) });
    e.setAttribute("fill", fill); e.setAttribute("stroke", stroke); e.setAttribute("stroke-width", sw);
    if (dashes) { e.setAttribute("stroke-dasharray", dashes); }
    parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, size, str, attrs) {
    var a = { x: x.toFixed(2), y: y.toFixed(2), "font-size": size.toFixed(2) };
    Object.keys(attrs || {}).forEach(function (k) { a[k] = attrs[k]; });
    parent.appendChild(node("text", a, str));
  }
  /* spec: {paper, font, title, subtitle, nodes: [{id, x, y, size, shape, fill, stroke, sw, dashes,
   * lines, priority, bold, labelled, glyph, glyphColor, textColor}], edges: [{a, b, color, opacity,
   * width, dashes}] (a, b node indices), legend: [{title, items: [{shape|line, fill, stroke, sw,
   * color, width, dashes, glyph, glyphColor, text}]}], gapTitle (with {n}), gaps: [{icon, cls, label, note}],
   * measure(line, size, bold)}. Returns {svg, labels, fontSize}. */
  function build(spec) {
    var size = PAPER[spec.paper] || PAPER.A3, W = size[0], H = size[1];
    var svg = node("svg", { xmlns: NS, width: W + "mm", height: H + "mm", viewBox: "0 0 " + W + " " + H,
                            "font-family": spec.font, id: "netmap-print-svg" });
    svg.appendChild(node("rect", { width: W, height: H, fill: "#ffffff" }));
    text(svg, MARGIN, MARGIN + 5, 6, spec.title, { "font-weight": "bold" });
    text(svg, MARGIN, MARGIN + 10.5, 3, spec.subtitle, { fill: "#455a64" });
    var mx = MARGIN, my = MARGIN + 15, mw = W - 2 * MARGIN - SIDE - 6, mh = H - my - MARGIN;
    svg.appendChild(node("rect", { x: mx, y: my, width: mw, height: mh, fill: "none", stroke: "#cfd8dc", "stroke-width": 0.3 }));
    var ns = spec.nodes, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    ns.forEach(function (n) {
      minX = Math.min(minX, n.x - n.size); maxX = Math.max(maxX, n.x + n.size);
      minY = Math.min(minY, n.y - n.size); maxY = Math.max(maxY, n.y + n.size);
    });
    if (!ns.length) { minX = minY = 0; maxX = maxY = 1; }
    var pad = 8, k = Math.min((mw - 2 * pad) / Math.max(maxX - minX, 1), (mh - 2 * pad) / Math.max(maxY - minY, 1));
    var ox = mx + pad + ((mw - 2 * pad) - (maxX - minX) * k) / 2, oy = my + pad + ((mh - 2 * pad) - (maxY - minY) * k) / 2;
    function X(x) { return ox + (x - minX) * k; }
    function Y(y) { return oy + (y - minY) * k; }
    var fontSize = Math.max(7, spec.labelPt || 8.5) * PT;
    var gE = node("g", { id: "print-edges" }), gN = node("g", { id: "print-nodes" }), gL = node("g", { id: "print-labels" });
    spec.edges.forEach(function (e) {
      var a = ns[e.a], b = ns[e.b];
      var l = node("line", { x1: X(a.x).toFixed(2), y1: Y(a.y).toFixed(2), x2: X(b.x).toFixed(2), y2: Y(b.y).toFixed(2),
                             stroke: e.color, "stroke-opacity": e.opacity, "stroke-width": (0.25 * e.width).toFixed(2) });
      if (e.dashes) { l.setAttribute("stroke-dasharray", e.dashes.map(function (d) { return d * 0.25; }).join(" ")); }
      gE.appendChild(l);
    });
    var items = [], discs = [];
    ns.slice().sort(function (a, b) { return a.size - b.size; }).forEach(function (n) {
      var r = Math.max(n.glyph ? 2.2 : 0.8, n.size * k), x = X(n.x), y = Y(n.y);
      var shape = glyph(gN, n.shape, x, y, r, n.fill, n.stroke, n.sw, n.dashes ? "1.2 0.6" : null);
      shape.appendChild(node("title", {}, n.title || ""));
      if (n.glyph) { text(gN, x, y + r * 0.4, r * 1.1, n.glyph, { "text-anchor": "middle", "font-weight": "bold", fill: n.glyphColor }); }
      discs.push({ id: n.id, x: x, y: y, r: r, mark: !!(n.hub || n.glyph) });
      if (n.labelled) {
        items.push({ id: n.id, x: x, y: y, r: r, px: fontSize * (n.hub ? 1.3 : 1), priority: n.priority,
                     free: !!(n.hub || n.glyph),
                     weight: n.bold ? "bold" : "normal", lines: n.lines, textColor: n.textColor });
      }
    });
    var byIdItem = new Map(items.map(function (it) { return [it.id, it]; }));
    var placed = NetmapLabels.place(items, spec.measure, { width: mx + mw, height: my + mh, nodes: discs,
      obstacles: [{ x: 0, y: 0, w: mx + mw, h: my }], pad: 0.4, cell: 20 });
    placed.forEach(function (p) {
      var it = byIdItem.get(p.id);
      var anchor = p.pos < 2 ? "middle" : (p.pos === 2 ? "start" : "end");
      var x = p.pos < 2 ? p.x + p.w / 2 : (p.pos === 2 ? p.x : p.x + p.w);
      p.lines.forEach(function (line, i) {
        text(gL, x, p.y + (i + 0.85) * p.lineHeight, p.px, line, {
          "text-anchor": anchor, "font-weight": p.weight, fill: it.textColor || "#111111",
          stroke: "#ffffff", "stroke-width": (p.px * 0.25).toFixed(2), "paint-order": "stroke" });
      });
    });
    svg.appendChild(gE); svg.appendChild(gN); svg.appendChild(gL);
    side(svg, spec, W - MARGIN - SIDE, my, SIDE, H - my - MARGIN);
    return { svg: svg, labels: placed, fontSize: fontSize };
  }
  // the right column: the gap list first (what the meeting is about), then the legend
  function side(svg, spec, x0, y0, w, h) {
    var g = node("g", { id: "print-side" }), y = y0 + 5, fs = 3.2, lh = 4.6;
    svg.appendChild(g);
    g.appendChild(node("rect", { x: x0, y: y0, width: w, height: h, fill: "#fafafa", stroke: "#cfd8dc", "stroke-width": 0.3 }));
    function line(str, size, attrs, indent) { text(g, x0 + 3 + (indent || 0), y, size, str, attrs); y += size * 1.45; }
    if (spec.gaps.length) {
      line(spec.gapTitle.replace("{n}", spec.gaps.length), 4.2, { "font-weight": "bold", fill: "#b71c1c" });
      y += 0.5;
      spec.gaps.forEach(function (gp) {
        var lines = NetmapLabels.wrap(gp.label + " — " + gp.note, (w - 12) / fs, 3);
        text(g, x0 + 3, y, fs, gp.icon, { "font-weight": "bold", fill: gp.color });
        lines.forEach(function (l, i) { text(g, x0 + 8, y, fs, l, i === 0 ? { "font-weight": "bold" } : {}); y += lh; });
        y += 0.6;
      });
      y += 2;
    }
    spec.legend.forEach(function (sec) {
      if (!sec.items.length) { return; }
      line(sec.title, 3.4, { "font-weight": "bold", fill: "#455a64" });
      var colW = (w - 6) / 2, rowH = 0;
      sec.items.forEach(function (it, i) {
        var cx = x0 + 3 + (i % 2) * colW, cy = y - 1.1;
        if (it.line) {
          var l = node("line", { x1: cx, y1: cy, x2: cx + 6, y2: cy, stroke: it.color, "stroke-width": Math.max(0.3, it.width * 0.3) });
          if (it.dashes) { l.setAttribute("stroke-dasharray", "1 0.6"); }
          g.appendChild(l);
        } else {
          glyph(g, it.shape, cx + 3, cy, 1.6, it.fill, it.stroke, it.sw || 0.3, it.dashes ? "0.8 0.4" : null);
          if (it.glyph) { text(g, cx + 3, cy + 0.8, 2, it.glyph, { "text-anchor": "middle", "font-weight": "bold", fill: it.glyphColor }); }
        }
        var t = NetmapLabels.wrap(it.text, (colW - 9) / 3, 2);
        t.forEach(function (s, j) { text(g, cx + 8, y + j * 3.6, 3, s); });
        rowH = Math.max(rowH, 4.4, t.length * 3.6 + 0.8);
        if (i % 2 === 1 || i === sec.items.length - 1) { y += rowH; rowH = 0; }
      });
      y += 1.5;
    });
  }
  return { build: build, PAPER: PAPER };
}());
