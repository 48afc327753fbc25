// Load one snapshot of a municipality (netmap.store.neo4j.Store.load), all statements in ONE
// transaction: merge the :Municipality snapshot node, delete what it held, create it again.
// Delete-and-recreate keeps a reload idempotent without MERGE on relationships (which, with a
// dynamic type, planned a scan of every relationship: issue #19), and the transaction keeps a
// failure from leaving half a town. Every node is found by its unique `uid` (an index seek
// that cannot degrade) and every relationship is created from nodes so found; the second end
// is an OPTIONAL MATCH so the planner never builds a CartesianProduct of the two seeks.
// A town is three statements (merge_snapshot, create_nodes, create_links; more batches of the
// last two for a town of more than netmap.store.neo4j.BATCH rows of a kind).
// tests/test_store.py EXPLAINs every statement on an empty and on a loaded database.

// name: merge_snapshot
// The snapshot node first: the MERGE locks it, so a concurrent load of the same town waits
// here and then sees this one's nodes as held (and deletes them) rather than none. Then
// whether the snapshot already holds anything (a reload: delete it first) and how many other
// snapshots its series has (only then is `latest` worked out again). One row flows through
// the whole statement (the unique key), so the Eager the planner puts after the SET holds one
// row back, never a batch.
MERGE (m:Municipality {key: $key})
SET m = $props
RETURN COUNT { (m)-[:HAS|DEMANDS]->() } > 0 AS held,
       COUNT { (o:Municipality {series: $series}) WHERE o.key <> $key } AS others;

// name: delete_snapshot_nodes
// Everything the snapshot held, found from its :Municipality node (anchored expansion).
MATCH (:Municipality {key: $key})-[:HAS]->(n:NetmapNode)
DETACH DELETE n;

// name: delete_snapshot_demand
MATCH (:Municipality {key: $key})-[d:DEMANDS]->(:Need)
DELETE d;

// name: create_nodes
// The shared needs and the snapshot's nodes, in one statement (one round trip: most towns
// are small, and a statement's fixed cost is what a village's load is made of; issue #19).
// All rows come in one list, $rows, each with its `kind`, and each kind is written by a unit
// subquery over the one row of the snapshot node that takes its own rows from the list: a
// batch streams through its subquery, and the Eager the planner puts between them holds that
// one row. One list, not one per kind: Neo4j caches a plan per size class of every list
// parameter, so five lists of varying sizes were planned again for most combinations
// (≈ 0.2–0.5 s a plan, and every benchmark wipe clears the cache).
// Needs: one node per code; a new need takes every property of the row, an existing one has
// its taxonomy fields refreshed by name (`SET n = row.props` on a merged node plans an Eager
// over the batch). Nodes: one subquery per node type, a static label keeping
// `SET n = row.props` free of an Eager.
CALL () {
  UNWIND $rows AS row
  WITH row WHERE row.kind = 'need'
  MERGE (n:Need {code: row.code})
  ON CREATE SET n = row.props
  ON MATCH SET n.name = row.props.name, n.labelJa = row.props.labelJa,
               n.labelEn = row.props.labelEn, n.parent = row.props.parent,
               n.evidence = row.props.evidence, n.seq = row.props.seq
}
MATCH (m:Municipality {key: $key})
CALL (m) {
  UNWIND $rows AS row
  WITH m, row WHERE row.kind = 'organisation'
  CREATE (m)-[:HAS]->(n:NetmapNode:Organisation)
  SET n = row.props
}
CALL (m) {
  UNWIND $rows AS row
  WITH m, row WHERE row.kind = 'program'
  CREATE (m)-[:HAS]->(n:NetmapNode:Program)
  SET n = row.props
}
CALL (m) {
  UNWIND $rows AS row
  WITH m, row WHERE row.kind = 'meeting'
  CREATE (m)-[:HAS]->(n:NetmapNode:Meeting)
  SET n = row.props
}
CALL (m) {
  UNWIND $rows AS row
  WITH m, row WHERE row.kind = 'role'
  CREATE (m)-[:HAS]->(n:NetmapNode:Role)
  SET n = row.props
};

// name: create_links
// Links between the snapshot's own nodes, to the shared :Need nodes, and the dataset's demand
// table (how many people came with each need), in one statement of three unit subqueries
// over one list of rows, each with its `kind` (as create_nodes). A link's type comes from
// the row (a dynamic type, Cypher 5.26: a value, never text pasted into the query).
// Properties are named, not a map: a map of unknown keys on a new relationship makes the
// planner add an Eager.
CALL () {
  UNWIND $rows AS row
  WITH row WHERE row.kind = 'link'
  MATCH (a:NetmapNode {uid: row.source})
  OPTIONAL MATCH (b:NetmapNode {uid: row.target})
  CREATE (a)-[:$(row.type) {seq: row.seq, evidence: row.evidence, origin: row.origin,
                            note: row.note, assuredDate: row.assuredDate,
                            certainty: row.certainty, extraProps: row.extraProps}]->(b)
}
CALL () {
  UNWIND $rows AS row
  WITH row WHERE row.kind = 'covers'
  MATCH (a:NetmapNode {uid: row.source})
  OPTIONAL MATCH (b:Need {code: row.target})
  CREATE (a)-[:COVERS {seq: row.seq, evidence: row.evidence, origin: row.origin,
                       note: row.note, assuredDate: row.assuredDate,
                       certainty: row.certainty, extraProps: row.extraProps}]->(b)
}
CALL () {
  MATCH (m:Municipality {key: $key})
  UNWIND $rows AS row
  WITH m, row WHERE row.kind = 'demand'
  OPTIONAL MATCH (n:Need {code: row.need})
  CREATE (m)-[:DEMANDS {seq: row.seq, label: row.label, count: row.count, period: row.period,
                        evidence: row.evidence, note: row.note,
                        extraProps: row.extraProps}]->(n)
};

// name: mark_latest
// `latest` is true on the newest snapshot of a series (undated counts as oldest), false on
// the rest: what a Browser user filters on, and what every netmap command reads by default.
MATCH (m:Municipality {series: $series})
WITH m ORDER BY coalesce(m.asOf, '') DESC, m.key DESC
WITH collect(m) AS snaps
UNWIND range(0, size(snaps) - 1) AS i
WITH snaps[i] AS m, i = 0 AS latest
SET m.latest = latest;

// name: delete_snapshot
// Remove one snapshot and everything it holds (shared Need nodes stay).
MATCH (m:Municipality {key: $key})
OPTIONAL MATCH (m)-[:HAS]->(n:NetmapNode)
DETACH DELETE n, m;
