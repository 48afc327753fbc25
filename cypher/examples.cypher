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

// name: example_two_steps_from_the_hub
// 相談窓口 (hub) から 2 歩以内の機関 — organisations within two steps of the hub, counting
// as ONE step a direct tie (紹介・委託・連携・情報共有, either direction) OR a meeting both
// attend or convene, as netmap does (`Network.tie_graph(with_meetings=False)`, the one-mode
// projection). A plain `(hub)-[*1..2]-(x)` counts org → meeting → org as two hops.
MATCH (:Municipality {slug: $slug, latest: true})-[:HAS]->(hub:Organisation {hub: true})
CALL (hub) {
  MATCH (hub)-[:REFERS_TO|COMMISSIONS|PARTNERS|SHARES_INFO]-(o:Organisation) RETURN o
  UNION
  MATCH (hub)-[:ATTENDS|CONVENES]->(:Meeting)<-[:ATTENDS|CONVENES]-(o:Organisation) RETURN o
}
WITH hub, collect(o) AS one
CALL (one) {
  UNWIND one AS o1
  CALL (o1) {
    MATCH (o1)-[:REFERS_TO|COMMISSIONS|PARTNERS|SHARES_INFO]-(o:Organisation) RETURN o
    UNION
    MATCH (o1)-[:ATTENDS|CONVENES]->(:Meeting)<-[:ATTENDS|CONVENES]-(o:Organisation) RETURN o
  }
  RETURN collect(DISTINCT o) AS two
}
UNWIND [x IN one WHERE x <> hub | [x.id, 1]] +
       [x IN two WHERE x <> hub AND NOT x IN one | [x.id, 2]] AS pair
RETURN pair[0] AS id, pair[1] AS steps
ORDER BY steps, id;
