/* netmap map: the aggregated view of a big network (pure functions, no DOM, no vis).
 * Above a few hundred nodes (map.AGGREGATE_ABOVE) the map opens with one node per sector
 * (organisations) or per node type (programs, meetings, roles), sized by its number of
 * members, and the links between groups summed; needs (the gaps) and the hub stay single.
 * map.js decides which nodes are drawn singly (an expanded group's members and whatever a
 * search, focus, need filter or who team asks for) and asks this file for the rest.
 */
var NetmapGroups = (function () {
  "use strict";

  // The group a node belongs to, or null for a node that is always drawn singly.
  function keyOf(n) {
    if (n.node_type === "need" || n.hub) { return null; }
    return n.node_type === "organisation" ? "sector:" + (n.sector || "other") : "type:" + n.node_type;
  }

  // One group per key: members, centroid of the members' layout positions (the layout puts
  // each sector on its own wedge, so sector centroids sit apart), size by member count.
  // Groups whose centroid falls near the centre (programs, meetings, roles sit on inner
  // rings all round) are put on a small ring of their own so they do not cover the hub.
  function build(nodes) {
    var byKey = new Map(), out = [];
    var rMax = 1;
    nodes.forEach(function (n) {
      rMax = Math.max(rMax, Math.sqrt(n.x * n.x + n.y * n.y));
      var key = keyOf(n);
      if (key === null) { return; }
      var g = byKey.get(key);
      if (!g) {
        g = { id: "group:" + key, key: key, members: [], x: 0, y: 0,
              node_type: "group", member_type: n.node_type, sector: n.sector || "" };
        byKey.set(key, g); out.push(g);
      }
      g.members.push(n.id); g.x += n.x; g.y += n.y;
    });
    var biggest = Math.max.apply(null, out.map(function (g) { return g.members.length; }).concat([1]));
    var inner = 0;
    out.forEach(function (g) {
      g.x /= g.members.length; g.y /= g.members.length;
      // sized for the whole layout on screen (the view fits it): 2–7 % of its radius
      g.size = rMax * (0.02 + 0.05 * Math.sqrt(g.members.length / biggest));
      if (Math.sqrt(g.x * g.x + g.y * g.y) < 0.3 * rMax) {
        var a = -Math.PI / 2 + inner * 2 * Math.PI / 3 + Math.PI / 3;
        g.x = 0.3 * rMax * Math.cos(a); g.y = 0.3 * rMax * Math.sin(a); inner += 1;
      }
    });
    return out;
  }

  // The summed links between what is drawn: unit maps a node to the drawn node standing for
  // it (itself, its group, or null when it is not drawn at all); a link between two nodes
  // drawn as themselves is drawn as itself (not returned), every other one adds to the count
  // of the pair of units it joins. Returns a Map "a\u0001b" -> {from, to, count, lit}
  // (a < b; lit: every link summed there is lit by isLit).
  function links(edgeItems, unit, isLit) {
    var out = new Map();
    for (var i = 0; i < edgeItems.length; i++) {
      var e = edgeItems[i], a = unit.get(e.from), b = unit.get(e.to);
      if (a === undefined || b === undefined || a === null || b === null || a === b) { continue; }
      if (a === e.from && b === e.to) { continue; }
      if (b < a) { var t = a; a = b; b = t; }
      var key = a + "\u0001" + b, s = out.get(key);
      if (!s) { s = { from: a, to: b, count: 0, lit: true }; out.set(key, s); }
      s.count += 1;
      if (s.lit && !isLit(e)) { s.lit = false; }
    }
    return out;
  }

  return { keyOf: keyOf, build: build, links: links };
}());
