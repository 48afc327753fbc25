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

// name: merge_organisation
UNWIND $rows AS row
MERGE (n:NetmapNode:Organisation {municipality_code: $code, id: row.id})
SET n = row.props, n.municipality_code = $code, n.id = row.id;

// name: merge_program
UNWIND $rows AS row
MERGE (n:NetmapNode:Program {municipality_code: $code, id: row.id})
SET n = row.props, n.municipality_code = $code, n.id = row.id;

// name: merge_meeting
UNWIND $rows AS row
MERGE (n:NetmapNode:Meeting {municipality_code: $code, id: row.id})
SET n = row.props, n.municipality_code = $code, n.id = row.id;

// name: merge_role
UNWIND $rows AS row
MERGE (n:NetmapNode:Role {municipality_code: $code, id: row.id})
SET n = row.props, n.municipality_code = $code, n.id = row.id;

// name: merge_refers_to
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:REFERS_TO {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_commissions
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:COMMISSIONS {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_operates
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:OPERATES {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_covers
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:Need {code: row.target})
MERGE (a)-[r:COVERS {link_id: row.link_id, municipality_code: $code}]->(b)
SET r = row.props, r.link_id = row.link_id, r.municipality_code = $code;

// name: merge_attends
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:ATTENDS {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_convenes
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:CONVENES {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_partners
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:PARTNERS {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_shares_info
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:SHARES_INFO {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

// name: merge_placed_at
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
MERGE (a)-[r:PLACED_AT {link_id: row.link_id}]->(b)
SET r = row.props, r.link_id = row.link_id;

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
