// Read one snapshot back (netmap.store.neo4j.Store.read_network / netmap pull).

// name: find_snapshots
// Every snapshot whose key, series, code or slug is $key, newest first.
MATCH (m:Municipality)
WHERE m.key = $key OR m.series = $key OR m.code = $key OR m.slug = $key
RETURN m.key AS key, m.series AS series, m.code AS code, m.slug AS slug, m.name AS name,
       m.asOf AS asOf, m.draft AS draft, m.latest AS latest, m.loadedFrom AS loadedFrom
ORDER BY m.draft, m.series, coalesce(m.asOf, '') DESC;

// name: read_municipality
MATCH (m:Municipality {key: $key})
RETURN properties(m) AS props;

// name: read_nodes
// One record holding every node as [id, type label, properties] (put in file order, by `seq`,
// by the reader): the Python driver spends far more per record than per value.
MATCH (:Municipality {key: $key})-[:HAS]->(n:NetmapNode)
RETURN collect([n.id, [l IN labels(n) WHERE l <> 'NetmapNode'][0], properties(n)]) AS rows;

// name: read_needs
MATCH (n:Need)
RETURN n.code AS code, properties(n) AS props
ORDER BY n.seq, n.code;

// name: read_links
// One record holding every link as [source id, target id, type, properties].
MATCH (:Municipality {key: $key})-[:HAS]->(a:NetmapNode)-[r]->(b)
RETURN collect([a.id, coalesce(b.id, 'need:' + b.code), type(r), properties(r)]) AS rows;

// name: read_demand
MATCH (:Municipality {key: $key})-[d:DEMANDS]->(n:Need)
RETURN n.code AS need, properties(d) AS props
ORDER BY d.seq;

// name: read_snapshots
// Many snapshots at once (netmap.store.neo4j.Store.read_networks, a national analysis): one
// record per snapshot key found, holding its properties, nodes, links and demand rows as
// read_municipality, read_nodes, read_links and read_demand give them (demand unordered: the
// reader sorts it by `seq`). One statement per batch of towns, not five per town: a
// statement's round trip is most of the cost of reading a village.
UNWIND $keys AS key
MATCH (m:Municipality {key: key})
CALL (m) {
  MATCH (m)-[:HAS]->(n:NetmapNode)
  RETURN collect([n.id, [l IN labels(n) WHERE l <> 'NetmapNode'][0], properties(n)]) AS nodes
}
CALL (m) {
  MATCH (m)-[:HAS]->(a:NetmapNode)-[r]->(b)
  RETURN collect([a.id, coalesce(b.id, 'need:' + b.code), type(r), properties(r)]) AS links
}
CALL (m) {
  MATCH (m)-[d:DEMANDS]->(n:Need)
  RETURN collect([n.code, properties(d)]) AS demand
}
RETURN key, properties(m) AS props, nodes, links, demand;

// name: list_municipalities
// Every snapshot, drafts included (the caller filters), with its node count.
MATCH (m:Municipality)
RETURN m.key AS key, m.series AS series, m.code AS code, m.slug AS slug, m.name AS name,
       m.asOf AS asOf, m.draft AS draft, m.latest AS latest, m.loadedFrom AS loadedFrom,
       COUNT { (m)-[:HAS]->(:NetmapNode) } AS nodes
ORDER BY m.draft, m.series, coalesce(m.asOf, '') DESC;

// name: count_nodes
// Nodes in the database, from the count store (no scan): `load --bulk` needs it empty.
MATCH (n)
RETURN count(n) AS nodes;
