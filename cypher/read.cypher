// Read one municipality back (netmap.store.neo4j.Store.read_network / netmap pull).

// name: find_municipality
// A municipality by its code or its slug.
MATCH (m:Municipality)
WHERE m.code = $key OR m.slug = $key
RETURN m.code AS code, properties(m) AS props
ORDER BY m.code
LIMIT 2;

// name: read_nodes
MATCH (n:NetmapNode {municipality_code: $code})
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'NetmapNode'][0] AS label, properties(n) AS props
ORDER BY n.seq;

// name: read_needs
MATCH (n:Need)
RETURN n.code AS code, properties(n) AS props
ORDER BY n.seq, n.code;

// name: read_links
MATCH (a:NetmapNode {municipality_code: $code})-[r]->(b)
RETURN a.id AS source, coalesce(b.id, 'need:' + b.code) AS target, type(r) AS type,
       properties(r) AS props
ORDER BY r.seq;

// name: list_municipalities
MATCH (m:Municipality)
OPTIONAL MATCH (n:NetmapNode {municipality_code: m.code})
RETURN m.code AS code, m.slug AS slug, m.name AS name, count(n) AS nodes
ORDER BY m.code;
