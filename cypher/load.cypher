// Load one municipality (netmap.store.neo4j.Store.load): UNWIND batches, MERGE on the
// constrained keys, nodes before relationships. `SET n = row.props` replaces every property, so
// a second load of the same files leaves the database as it was (idempotent). All statements of
// one municipality run in one transaction.

// name: merge_municipality
MERGE (m:Municipality {code: $code})
SET m = $props, m.code = $code;

// name: merge_needs
UNWIND $rows AS row
MERGE (n:Need {code: row.code})
SET n = row.props, n.code = row.code;

// name: merge_nodes
// Every node of the municipality in one statement (a small village is a few statements in all:
// per-statement cost dominates there, benchmarks/neo4j_bench.py). The type label is a dynamic
// label from the row (Cypher 5.26: a parameter value, never text pasted into the query); a node
// whose type changed since the last load (or that has any other second label) loses its old
// type labels first, so it ends with exactly NetmapNode and its type. `row.props` holds
// municipality_code and id too, so one SET replaces every property.
UNWIND $rows AS row
MERGE (n:NetmapNode {municipality_code: $code, id: row.id})
WITH n, row
CALL (n, row) {
  WITH n, row
  WHERE NOT (row.label IN labels(n) AND size(labels(n)) = 2)
  REMOVE n:Organisation:Program:Meeting:Role
  SET n:$(row.label)
}
SET n = row.props;

// name: merge_links
// Every link between the municipality's own nodes (all types but `covers`), its type a dynamic
// type from the row. link_id (in `row.props` too) is a hash of the ends, the type and the
// position among parallel links, so MERGE on it is idempotent.
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:$(row.type) {link_id: row.link_id}]->(b)
SET r = row.props;

// name: merge_covers
// Links to the shared :Need nodes carry the municipality too.
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:Need {code: row.target})
MERGE (a)-[r:COVERS {link_id: row.link_id, municipality_code: $code}]->(b)
SET r = row.props;

// name: delete_stale_links
// --replace: relationships of this municipality whose link_id is no longer in the files.
MATCH (a:NetmapNode {municipality_code: $code})-[r]->()
WHERE NOT r.link_id IN $link_ids
DELETE r;

// name: delete_stale_nodes
// --replace: nodes of this municipality whose id is no longer in the files.
MATCH (n:NetmapNode {municipality_code: $code})
WHERE NOT n.id IN $ids
DETACH DELETE n;

// name: delete_municipality
// Remove one municipality and everything it holds (shared Need nodes stay).
MATCH (m:Municipality {code: $code})
OPTIONAL MATCH (n:NetmapNode {municipality_code: $code})
DETACH DELETE n, m;
