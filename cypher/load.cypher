// Load one snapshot of a municipality (netmap.store.neo4j.Store.load), all statements in ONE
// transaction: merge the :Municipality snapshot node, delete what it held, create it again.
// Delete-and-recreate keeps a reload idempotent without MERGE on relationships (which, with a
// dynamic type, planned a scan of every relationship: issue #19), and the transaction keeps a
// failure from leaving half a town. Every node is found by its unique `uid` (an index seek
// that cannot degrade) and every relationship is created from nodes so found; the second end
// is an OPTIONAL MATCH so the planner never builds a CartesianProduct of the two seeks.
// tests/test_store.py EXPLAINs every statement on an empty and on a loaded database.

// name: snapshot_state
// Read right after merge_municipality (which holds the snapshot's lock): whether the snapshot already holds anything (a reload:
// delete it first) and how many other snapshots its series has (only then is `latest` worked
// out again). A first load of a town runs neither, which is most statements of a village.
OPTIONAL MATCH (m:Municipality {key: $key})
RETURN COUNT { (m)-[:HAS|DEMANDS]->() } > 0 AS held,
       COUNT { (o:Municipality {series: $series}) WHERE o.key <> $key } AS others;

// name: merge_municipality
MERGE (m:Municipality {key: $key})
SET m = $props;

// name: delete_snapshot_nodes
// Everything the snapshot held, found from its :Municipality node (anchored expansion).
MATCH (:Municipality {key: $key})-[:HAS]->(n:NetmapNode)
DETACH DELETE n;

// name: delete_snapshot_demand
MATCH (:Municipality {key: $key})-[d:DEMANDS]->(:Need)
DELETE d;

// name: merge_needs
// The shared need taxonomy: one node per code. A new need takes every property of the row;
// an existing one has its taxonomy fields refreshed by name (`SET n = row.props` on a merged
// node plans an Eager).
UNWIND $rows AS row
MERGE (n:Need {code: row.code})
ON CREATE SET n = row.props
ON MATCH SET n.name = row.props.name, n.labelJa = row.props.labelJa,
             n.labelEn = row.props.labelEn, n.parent = row.props.parent,
             n.evidence = row.props.evidence, n.seq = row.props.seq;

// name: create_organisations
// One statement per node type: a static label keeps `SET n = row.props` free of an Eager.
MATCH (m:Municipality {key: $key})
UNWIND $rows AS row
CREATE (m)-[:HAS]->(n:NetmapNode:Organisation)
SET n = row.props;

// name: create_programs
MATCH (m:Municipality {key: $key})
UNWIND $rows AS row
CREATE (m)-[:HAS]->(n:NetmapNode:Program)
SET n = row.props;

// name: create_meetings
MATCH (m:Municipality {key: $key})
UNWIND $rows AS row
CREATE (m)-[:HAS]->(n:NetmapNode:Meeting)
SET n = row.props;

// name: create_roles
MATCH (m:Municipality {key: $key})
UNWIND $rows AS row
CREATE (m)-[:HAS]->(n:NetmapNode:Role)
SET n = row.props;

// name: create_links
// Links between the snapshot's own nodes, the type from the row (a dynamic type, Cypher 5.26:
// a value, never text pasted into the query). Properties are named, not a map: a map of
// unknown keys on a new relationship makes the planner add an Eager.
UNWIND $rows AS row
MATCH (a:NetmapNode {uid: row.source})
OPTIONAL MATCH (b:NetmapNode {uid: row.target})
CREATE (a)-[:$(row.type) {seq: row.seq, evidence: row.evidence, origin: row.origin,
                          note: row.note, assuredDate: row.assuredDate,
                          certainty: row.certainty, extraProps: row.extraProps}]->(b);

// name: create_covers
// Links to the shared :Need nodes.
UNWIND $rows AS row
MATCH (a:NetmapNode {uid: row.source})
OPTIONAL MATCH (b:Need {code: row.target})
CREATE (a)-[:COVERS {seq: row.seq, evidence: row.evidence, origin: row.origin,
                     note: row.note, assuredDate: row.assuredDate,
                     certainty: row.certainty, extraProps: row.extraProps}]->(b);

// name: create_demands
// The dataset's demand table: how many people came with each need.
MATCH (m:Municipality {key: $key})
UNWIND $rows AS row
OPTIONAL MATCH (n:Need {code: row.need})
CREATE (m)-[:DEMANDS {seq: row.seq, label: row.label, count: row.count, period: row.period,
                      evidence: row.evidence, note: row.note,
                      extraProps: row.extraProps}]->(n);

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
