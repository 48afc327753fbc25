// netmap schema: one database holds many municipalities (Community has one database), so every
// municipal node is keyed by (municipality_code, id). Need nodes are shared: keyed by code.
// Applied idempotently (IF NOT EXISTS) by netmap.store.neo4j.Store.apply_schema.

// name: schema
CREATE CONSTRAINT municipality_code IF NOT EXISTS FOR (m:Municipality) REQUIRE m.code IS UNIQUE;
CREATE CONSTRAINT netmap_node_key IF NOT EXISTS FOR (n:NetmapNode) REQUIRE (n.municipality_code, n.id) IS UNIQUE;
CREATE CONSTRAINT organisation_key IF NOT EXISTS FOR (n:Organisation) REQUIRE (n.municipality_code, n.id) IS UNIQUE;
CREATE CONSTRAINT program_key IF NOT EXISTS FOR (n:Program) REQUIRE (n.municipality_code, n.id) IS UNIQUE;
CREATE CONSTRAINT meeting_key IF NOT EXISTS FOR (n:Meeting) REQUIRE (n.municipality_code, n.id) IS UNIQUE;
CREATE CONSTRAINT role_key IF NOT EXISTS FOR (n:Role) REQUIRE (n.municipality_code, n.id) IS UNIQUE;
CREATE CONSTRAINT need_code IF NOT EXISTS FOR (n:Need) REQUIRE n.code IS UNIQUE;
CREATE INDEX municipality_slug IF NOT EXISTS FOR (m:Municipality) ON (m.slug);
CREATE INDEX netmap_node_municipality IF NOT EXISTS FOR (n:NetmapNode) ON (n.municipality_code);
CREATE INDEX covers_municipality IF NOT EXISTS FOR ()-[r:COVERS]-() ON (r.municipality_code);
CREATE INDEX organisation_sector IF NOT EXISTS FOR (n:Organisation) ON (n.municipality_code, n.sector);
CREATE FULLTEXT INDEX netmap_names IF NOT EXISTS FOR (n:Organisation|Program|Meeting|Role|Need) ON EACH [n.name, n.name_en, n.label_ja] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
