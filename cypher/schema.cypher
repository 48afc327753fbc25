// netmap schema: one database holds many municipalities, each as one or more dated snapshots
// (:Municipality, unique `key` = "<series>@<asOf>"). Every municipal node has a unique `uid`
// ("<snapshot key>/<id>"), so every load statement finds its nodes by one unique index seek,
// whatever the statistics (a plan compiled on an empty database can not stall). Need nodes are
// shared, keyed by `code`. Applied idempotently by netmap.store.neo4j.Store.apply_schema; the
// DROP lines remove the keys of netmap ≤ 0.x (one snapshot per code, composite node keys).

// name: schema
DROP CONSTRAINT municipality_code IF EXISTS;
DROP CONSTRAINT netmap_node_key IF EXISTS;
DROP CONSTRAINT organisation_key IF EXISTS;
DROP CONSTRAINT program_key IF EXISTS;
DROP CONSTRAINT meeting_key IF EXISTS;
DROP CONSTRAINT role_key IF EXISTS;
DROP INDEX netmap_node_municipality IF EXISTS;
DROP INDEX covers_municipality IF EXISTS;
DROP INDEX organisation_sector IF EXISTS;
DROP INDEX netmap_names IF EXISTS;
CREATE CONSTRAINT municipality_key IF NOT EXISTS FOR (m:Municipality) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT netmap_node_uid IF NOT EXISTS FOR (n:NetmapNode) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT need_code IF NOT EXISTS FOR (n:Need) REQUIRE n.code IS UNIQUE;
CREATE INDEX municipality_series IF NOT EXISTS FOR (m:Municipality) ON (m.series);
CREATE INDEX municipality_of_code IF NOT EXISTS FOR (m:Municipality) ON (m.code);
CREATE INDEX municipality_slug IF NOT EXISTS FOR (m:Municipality) ON (m.slug);

// name: schema_search
// The fulltext index of names, for people's own Cypher (Neo4j Browser); no netmap command
// queries it. Its population is the longest part of the schema on a loaded database (national
// --bulk, 2026-12-02: the uid constraint 3.7 s, this index about 17 s at load average 7), so
// `netmap load --bulk` leaves the server to populate it in the background
// (netmap.store.neo4j.Store.apply_schema).
CREATE FULLTEXT INDEX netmap_labels IF NOT EXISTS FOR (n:Organisation|Program|Meeting|Role|Need) ON EACH [n.name, n.nameEn, n.labelJa] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};

// name: await_indexes
// Wait (at most 300 s) until every index and constraint is online.
CALL db.awaitIndexes(300);
