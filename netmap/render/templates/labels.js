/* netmap label placement: which names the map draws, and where, so that none overlap.
 *
 * Shared by the live map (screen pixels, redrawn every frame) and the printed picture (SVG
 * units). A label is drawn at a fixed size on screen (never below the floor, 12 CSS px), not
 * scaled with the zoom; where two labels would overlap, the less important one is left out
 * (greedy placement in priority order, four candidate positions around the node: below, above,
 * right, left), the way cartographic label engines do it (Christensen, Marks & Shieber 1995,
 * "An empirical study of algorithms for point-feature label placement", ACM TOG 14(3)). Zooming
 * in spreads the nodes, so more labels fit; hovering a node shows its label on top.
 */
var NetmapLabels = (function () {
  "use strict";
  function emWidth(ch) {
    var c = ch.charCodeAt(0);
    if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff)) { return c >= 0xff61 && c <= 0xff9f ? 0.55 : 1; }
    return ch === " " ? 0.3 : 0.52;  // Latin letters and digits, on average
  }
  var NO_BREAK_BEFORE = "、。，．）」』】〕・ー：；！？,.)";
  var NO_BREAK_AFTER = "（「『【〔(";
  var WORD_CHAR = /[A-Za-z0-9\u00c0-\u024f'’_]/;  // not "-": a line may end after a hyphen
  function emWidthOf(s) { var w = 0; for (var k = 0; k < s.length; k++) { w += emWidth(s.charAt(k)); } return w; }
  // Lines of at most about maxEm: Japanese breaks between any two characters, except before
  // closing and after opening brackets; a Latin word moves whole to the next line (unless it
  // alone is longer than a line), a line may end after a hyphen; a space at a break is dropped.
  // With maxLines, the last kept line ends in "…".
  function wrap(text, maxEm, maxLines) {
    var lines = [], line = "", w = 0;
    text = String(text);
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
    if (maxLines && lines.length > maxLines) {
      lines = lines.slice(0, maxLines);
      var last = lines[maxLines - 1];
      lines[maxLines - 1] = last.slice(0, Math.max(1, last.length - 1)) + "…";
    }
    return lines;
  }

  // A grid of placed boxes, for overlap tests in about constant time.
  function Grid(cell) { this.cell = cell; this.cells = new Map(); }
  Grid.prototype.keys = function (b) {
    var out = [], c = this.cell;
    for (var gx = Math.floor(b.x / c); gx <= Math.floor((b.x + b.w) / c); gx++) {
      for (var gy = Math.floor(b.y / c); gy <= Math.floor((b.y + b.h) / c); gy++) { out.push(gx + "," + gy); }
    }
    return out;
  };
  Grid.prototype.hits = function (b, pad, own) {
    var ks = this.keys(b);
    for (var i = 0; i < ks.length; i++) {
      var list = this.cells.get(ks[i]);
      if (!list) { continue; }
      for (var j = 0; j < list.length; j++) {
        var o = list[j];
        if (own !== undefined && o.owner === own) { continue; }
        if (b.x < o.x + o.w + pad && o.x < b.x + b.w + pad && b.y < o.y + o.h + pad && o.y < b.y + b.h + pad) { return true; }
      }
    }
    return false;
  };
  Grid.prototype.add = function (b) {
    var ks = this.keys(b);
    for (var i = 0; i < ks.length; i++) {
      var list = this.cells.get(ks[i]);
      if (!list) { list = []; this.cells.set(ks[i], list); }
      list.push(b);
    }
  };

  /* Place labels. items: [{id, x, y, r, lines, px, weight, priority, free}] (free: may cover
   * other nodes, for the hub and the gaps whose names must show; x, y the node centre,
   * r its radius, all in the same units); measure(line, px, weight) gives a line's width.
   * opts: {width, height (the visible area; labels must fit inside), edge (the least distance
   * from a label to the area's border: room for the white halo drawn round the letters; 0 by
   * default), obstacles: [{x, y, w, h}] (areas no label may cover, such as the gap list over the
   * map), nodes: [{id, x, y, r, mark}] (discs a label may not cover, except its own node's;
   * mark: the hub or a gap, whose sign a free label covers only as a last resort), pad,
   * lineHeight}. A candidate that would cross the border is skipped, so a node near the left
   * edge gets its name on its right (the inner side), and so on.
   * Returns the placed labels [{id, x, y, w, h, px, lines, weight}], in priority order. */
  function place(items, measure, opts) {
    var pad = opts.pad === undefined ? 2 : opts.pad, lh = opts.lineHeight || 1.2, edge = opts.edge || 0;
    var grid = new Grid(opts.cell || 96), discs = new Grid(opts.cell || 96), marks = new Grid(opts.cell || 96);
    (opts.obstacles || []).forEach(function (o) { grid.add({ x: o.x, y: o.y, w: o.w, h: o.h, owner: null }); });
    (opts.nodes || []).forEach(function (n) {
      var d = { x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r, owner: n.id };
      discs.add(d);
      if (n.mark) { marks.add(d); }
    });
    // a free label takes a spot clear of the other nodes when one is left, else one that covers
    // no marked node (hub, gap), else any: its name must show, and so should the marks round it
    var passes = [discs, marks, null];
    var sorted = items.slice().sort(function (a, b) {
      return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    var placed = [];
    for (var i = 0; i < sorted.length; i++) {
      var it = sorted[i], w = 0;
      for (var k = 0; k < it.lines.length; k++) { w = Math.max(w, measure(it.lines[k], it.px, it.weight)); }
      var h = it.lines.length * it.px * lh, gap = Math.max(2, it.px * 0.2);
      var cands = [
        [it.x - w / 2, it.y + it.r + gap], [it.x - w / 2, it.y - it.r - gap - h],
        [it.x + it.r + gap, it.y - h / 2], [it.x - it.r - gap - w, it.y - h / 2]
      ];
      var box = null, c = -1;
      for (var pass = 0; pass < (it.free ? passes.length : 1) && !box; pass++) {
        for (c = 0; c < cands.length; c++) {
          var b = { x: cands[c][0], y: cands[c][1], w: w, h: h, owner: it.id };
          if (b.x < edge || b.y < edge || b.x + w > opts.width - edge || b.y + h > opts.height - edge) { continue; }
          if (grid.hits(b, pad) || (passes[pass] && passes[pass].hits(b, 0, it.id))) { continue; }
          box = b; break;
        }
      }
      if (!box) { continue; }
      grid.add(box);
      placed.push({ id: it.id, x: box.x, y: box.y, w: w, h: h, px: it.px, lines: it.lines,
                    weight: it.weight, lineHeight: it.px * lh, pos: c });
    }
    return placed;
  }
  return { wrap: wrap, place: place, emWidthOf: emWidthOf };
}());
