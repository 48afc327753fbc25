// A cookbook for Neo4j Browser: questions a coordinator asks, on the latest snapshot of a
// town. Paste one, set the parameter first (`:param slug => 'zama'`). Each is run by
// tests/test_store.py::test_examples_answer_like_netmap and must equal netmap's own answer.

// name: example_who_covers_housing
// 住まい (housing) に対応しているのは誰？ — organisations covering a need directly or
// through a program they operate (what `netmap who` counts as providers).
MATCH (m:Municipality {slug: $slug, latest: true})-[:HAS]->(x:NetmapNode)-[:COVERS]->(:Need {code: $need})
OPTIONAL MATCH (o:Organisation)-[:OPERATES]->(x:Program)
WITH CASE WHEN x:Organisation THEN x ELSE o END AS provider
WHERE provider IS NOT NULL
RETURN DISTINCT provider.id AS id, provider.name AS name
ORDER BY id;

// name: example_snapshots
// この町のスナップショット — every dated load of a town, newest first, drafts marked.
MATCH (m:Municipality)
WHERE m.slug = $slug OR m.code = $slug
RETURN m.key AS key, m.asOf AS asOf, m.draft AS draft, m.latest AS latest,
       COUNT { (m)-[:HAS]->() } AS nodes
ORDER BY m.draft, coalesce(m.asOf, '') DESC;
