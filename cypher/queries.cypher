// Questions answered inside the database.

// name: providers
// Who covers each of the given needs, directly or through a program (事業) it operates.
UNWIND $needs AS need_code
MATCH (need:Need {code: need_code})
OPTIONAL MATCH (o:Organisation {municipality_code: $code})-[:COVERS]->(need)
WITH need, collect(DISTINCT o) AS direct
OPTIONAL MATCH (p:Organisation {municipality_code: $code})-[:OPERATES]->(:Program)-[:COVERS]->(need)
WITH need, direct, collect(DISTINCT p) AS via
WITH need, direct + via AS orgs
UNWIND (CASE WHEN size(orgs) = 0 THEN [null] ELSE orgs END) AS o
WITH need, o ORDER BY o.seq
RETURN need.code AS need, [x IN collect(DISTINCT o) WHERE x IS NOT NULL | x.id] AS providers;

// name: ego
// The neighbourhood of one node within $steps links (either direction), as node ids.
MATCH (c:NetmapNode {municipality_code: $code, id: $id})
MATCH p = (c)-[*1..3]-(x:NetmapNode {municipality_code: $code})
WHERE length(p) <= $steps
RETURN DISTINCT x.id AS id, min(length(p)) AS steps
ORDER BY steps, id;

// name: counts
// Nodes per label and links per type of one municipality.
MATCH (n:NetmapNode {municipality_code: $code})
WITH [l IN labels(n) WHERE l <> 'NetmapNode'][0] AS label, count(*) AS n
RETURN 'node' AS what, label AS name, n
UNION ALL
MATCH (:NetmapNode {municipality_code: $code})-[r]->()
RETURN 'link' AS what, type(r) AS name, count(*) AS n;
