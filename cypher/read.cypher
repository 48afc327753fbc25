// Read one municipality back (netmap.store.neo4j.Store.read_network / netmap pull).

// name: find_municipality
// A municipality by its code or its slug.
MATCH (m:Municipality)
WHERE m.code = $key OR m.slug = $key
RETURN m.code AS code, properties(m) AS props
ORDER BY m.code
LIMIT 2;

// name: read_nodes
// One record holding every node as [id, type label, properties] (put in file order, by `seq`,
// by the reader): the Python driver spends far more per record than per value, so one record
// reads ~3× faster.
MATCH (n:NetmapNode {municipality_code: $code})
RETURN collect([n.id, [l IN labels(n) WHERE l <> 'NetmapNode'][0], properties(n)]) AS rows;

// name: read_needs
MATCH (n:Need)
RETURN n.code AS code, properties(n) AS props
ORDER BY n.seq, n.code;

// name: read_links
// One record holding every link as [source id, target id, type, properties] (put in file
// order by the reader).
MATCH (a:NetmapNode {municipality_code: $code})-[r]->(b)
RETURN collect([a.id, coalesce(b.id, 'need:' + b.code), type(r), properties(r)]) AS rows;

// name: list_municipalities
MATCH (m:Municipality)
OPTIONAL MATCH (n:NetmapNode {municipality_code: m.code})
RETURN m.code AS code, m.slug AS slug, m.name AS name, count(n) AS nodes
ORDER BY m.code;
