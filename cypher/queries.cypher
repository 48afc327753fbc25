// Questions answered inside the database, on one snapshot ($key).

// name: providers
// Who covers each of the given needs, directly or through a program (事業) it operates.
// Starts from the snapshot's own nodes (anchored), not from the shared :Need.
MATCH (m:Municipality {key: $key})
UNWIND $needs AS need_code
OPTIONAL MATCH (m)-[:HAS]->(x:NetmapNode)-[:COVERS]->(:Need {code: need_code})
OPTIONAL MATCH (p:Organisation)-[:OPERATES]->(x:Program)
WITH need_code, CASE WHEN x:Organisation THEN x ELSE p END AS o
ORDER BY o.seq
RETURN need_code AS need, [y IN collect(DISTINCT o) WHERE y IS NOT NULL | y.id] AS providers;

// name: ego
// The neighbourhood of one node within $steps links (either direction), as node ids.
MATCH (c:NetmapNode {uid: $uid})
MATCH p = (c)-[:REFERS_TO|COMMISSIONS|OPERATES|ATTENDS|CONVENES|PARTNERS|SHARES_INFO|PLACED_AT*1..3]-(x:NetmapNode)
WHERE length(p) <= $steps
RETURN DISTINCT x.id AS id, min(length(p)) AS steps
ORDER BY steps, id;

// name: counts
// Nodes per label and links per type of one snapshot.
MATCH (:Municipality {key: $key})-[:HAS]->(n:NetmapNode)
WITH [l IN labels(n) WHERE l <> 'NetmapNode'][0] AS label, count(*) AS n
RETURN 'node' AS what, label AS name, n
UNION ALL
MATCH (:Municipality {key: $key})-[:HAS]->(:NetmapNode)-[r]->()
RETURN 'link' AS what, type(r) AS name, count(*) AS n;
