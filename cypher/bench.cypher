// Baselines for benchmarks/neo4j_bench.py (used only by the benchmark):
// (1) raw: the same node and link rows written with plain UNWIND … CREATE, no snapshot node,
//     no delete, the type label and properties straight from the row (the raw-speed ceiling;
//     not idempotent; the shared needs are still merged, with raw_needs);
// (2) one MERGE statement per row, each its own transaction (the naive loop).

// name: raw_needs
// The shared needs, merged as cypher/load.cypher create_nodes merges them.
UNWIND $rows AS row
MERGE (n:Need {code: row.code})
ON CREATE SET n = row.props
ON MATCH SET n.name = row.props.name, n.labelJa = row.props.labelJa,
             n.labelEn = row.props.labelEn, n.parent = row.props.parent,
             n.evidence = row.props.evidence, n.seq = row.props.seq;

// name: raw_nodes
UNWIND $rows AS row
CREATE (n:NetmapNode:$(row.label))
SET n = row.props;

// name: raw_links
UNWIND $rows AS row
MATCH (a:NetmapNode {uid: row.source})
OPTIONAL MATCH (b:NetmapNode {uid: row.target})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props;

// name: raw_covers
UNWIND $rows AS row
MATCH (a:NetmapNode {uid: row.source})
OPTIONAL MATCH (b:Need {code: row.target})
CREATE (a)-[r:COVERS]->(b)
SET r = row.props;

// name: row_node
MERGE (n:NetmapNode {uid: $row.props.uid})
SET n = $row.props
SET n:$($row.label);

// One statement per link type: MERGE of a relationship with a dynamic type plans a scan of
// every relationship (issue #19).
// name: row_refers_to
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:REFERS_TO {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_commissions
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:COMMISSIONS {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_operates
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:OPERATES {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_attends
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:ATTENDS {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_convenes
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:CONVENES {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_partners
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:PARTNERS {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_shares_info
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:SHARES_INFO {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_placed_at
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:NetmapNode {uid: $row.target})
MERGE (a)-[r:PLACED_AT {seq: $row.seq}]->(b)
SET r = $row.props;

// name: row_covers
MATCH (a:NetmapNode {uid: $row.source})
OPTIONAL MATCH (b:Need {code: $row.target})
MERGE (a)-[r:COVERS {seq: $row.seq}]->(b)
SET r = $row.props;

// name: delete_all_batch
// Empty the benchmark database in batches (the benchmark's own server only).
MATCH (n:NetmapNode|Municipality|Need)
WITH n LIMIT 20000
DETACH DELETE n
RETURN count(*) AS deleted;
