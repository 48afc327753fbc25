// Baselines for benchmarks/neo4j_bench.py: the same rows as cypher/load.cypher, written
// (1) with plain CREATE instead of MERGE, in the same statements as load.cypher (the raw-speed
// ceiling; not idempotent; the shared needs are still merged with merge_needs) and
// (2) one MERGE per row (the naive loop). Used only by the benchmark.

// name: create_nodes
UNWIND $rows AS row
CREATE (n:NetmapNode:$(row.label))
SET n = row.props;

// name: create_links
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: row.target})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props;

// name: create_covers
UNWIND $rows AS row
MATCH (a:NetmapNode {municipality_code: $code, id: row.source})
MATCH (b:Need {code: row.target})
CREATE (a)-[r:COVERS]->(b)
SET r = row.props;

// name: row_organisation
MERGE (n:NetmapNode:Organisation {municipality_code: $code, id: $row.id})
SET n = $row.props, n.municipality_code = $code, n.id = $row.id;

// name: row_program
MERGE (n:NetmapNode:Program {municipality_code: $code, id: $row.id})
SET n = $row.props, n.municipality_code = $code, n.id = $row.id;

// name: row_meeting
MERGE (n:NetmapNode:Meeting {municipality_code: $code, id: $row.id})
SET n = $row.props, n.municipality_code = $code, n.id = $row.id;

// name: row_role
MERGE (n:NetmapNode:Role {municipality_code: $code, id: $row.id})
SET n = $row.props, n.municipality_code = $code, n.id = $row.id;

// name: row_refers_to
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:REFERS_TO {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_commissions
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:COMMISSIONS {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_operates
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:OPERATES {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_covers
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:Need {code: $row.target})
MERGE (a)-[r:COVERS {link_id: $row.link_id, municipality_code: $code}]->(b)
SET r = $row.props, r.link_id = $row.link_id, r.municipality_code = $code;

// name: row_attends
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:ATTENDS {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_convenes
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:CONVENES {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_partners
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:PARTNERS {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_shares_info
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:SHARES_INFO {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: row_placed_at
MATCH (a:NetmapNode {municipality_code: $code, id: $row.source})
MATCH (b:NetmapNode {municipality_code: $code, id: $row.target})
MERGE (a)-[r:PLACED_AT {link_id: $row.link_id}]->(b)
SET r = $row.props, r.link_id = $row.link_id;

// name: delete_all_batch
// Empty the benchmark database in batches (the benchmark's own server only).
MATCH (n)
WITH n LIMIT 20000
DETACH DELETE n
RETURN count(*) AS deleted;
