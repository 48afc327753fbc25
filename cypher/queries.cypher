// Questions answered inside the database.

// name: providers
// Who covers each of the given needs, directly or through a program (事業) it operates.
// Starts from this municipality's COVERS links (index covers_municipality), not from the
// shared :Need, which nationally has tens of thousands of them (77 ms → 4 ms a query).
UNWIND $needs AS need_code
OPTIONAL MATCH (x:NetmapNode)-[:COVERS {municipality_code: $code}]->(:Need {code: need_code})
OPTIONAL MATCH (p:Organisation)-[:OPERATES]->(x:Program)
WITH need_code, CASE WHEN x:Organisation THEN x ELSE p END AS o
ORDER BY o.seq
RETURN need_code AS need, [y IN collect(DISTINCT o) WHERE y IS NOT NULL | y.id] AS providers;

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
