// netmap who from Neo4j (netmap.store.neo4j.Store.who_graph / who_offers →
// netmap.analysis.who.who_from_store). The hand-off graph is built from these rows, one
// record of lists each (the driver spends far more per record and per statement than per
// value); the search itself runs in Python on the same structure as from the files, so both
// answer the same. The graph (organisations, ties, meetings) does not depend on the needs
// asked, so it is fetched once per snapshot and kept while the snapshot's `loadedAt` stamp is
// unchanged. The first question of a snapshot asks who_graph, which returns the offers of its
// needs too (one round trip); each later one fetches only the offers of its needs
// (who_offers), with the stamp to check the kept graph against.
// Every MATCH starts from the snapshot's :Municipality node (unique key) and expands its HAS
// links: anchored, whatever the size of the country.
// The offers are found by expanding each node's own COVERS links and then keeping the asked
// codes (`WITH … WHERE code IN $needs`): a plan that seeks the asked :Need nodes by their index
// and then joins each node to them (Expand(Into), what a pattern comprehension `WHERE n.code IN
// $needs` was planned as) cost 4× the server time on the biggest town (45 ms vs 10.5 ms,
// PROFILE, 2026-12-02), and a plan that started from the shared :Need nodes would hash-join
// every municipality's COVERS links (it ran out of transaction memory on a national database).

// name: who_graph
// orgs: [id, seq, {name, area, hub, contacts}]; programs: [id, name];
// ties: working ties between organisations, [source, target, type, evidence];
// meetings: [id, seq, {name, purpose, evidence}, [[member seq, member id], ...]];
// offers: as who_offers returns them, for the needs $needs.
// The projections name the keys as the Python model does (contact_name for the stored
// contactName).
MATCH (mu:Municipality {key: $key})
CALL (mu) {
  MATCH (mu)-[:HAS]->(o:Organisation)
  RETURN collect([o.id, o.seq, o {.name, .area, .hub, contact_name: o.contactName, .phone,
                                  .email, .url}]) AS orgs
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(p:Program)
  RETURN collect([p.id, p.name]) AS programs
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(a:Organisation)-[r:REFERS_TO|COMMISSIONS|PARTNERS|SHARES_INFO]->(b:Organisation)
  RETURN collect([a.id, b.id, type(r), r.evidence]) AS ties
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(m:Meeting)
  OPTIONAL MATCH (o:Organisation)-[:ATTENDS|CONVENES]->(m)
  WITH m, collect([o.seq, o.id]) AS members
  RETURN collect([m.id, m.seq, m {.name, .purpose, .evidence},
                  [x IN members WHERE x[1] IS NOT NULL]]) AS meetings
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(x:NetmapNode)-[c:COVERS]->(n:Need)
  WITH x, c, n.code AS code WHERE code IN $needs
  OPTIONAL MATCH (o:Organisation)-[:OPERATES]->(x:Program)
  WITH x, c, code, CASE WHEN x:Organisation THEN x ELSE o END AS org
  WHERE org IS NOT NULL
  RETURN collect([org.id, code, CASE WHEN x:Program THEN x.id END,
                  c.certainty, coalesce(c.evidence, x.evidence)]) AS offers
}
RETURN mu.name AS name, mu.loadedAt AS stamp, orgs, programs, ties, meetings, offers;

// name: who_offers
// offers: what each organisation accepts of the needs $needs, [org, need code, program id or
// null, certainty, evidence], from its own COVERS links and those of the programs it
// operates.
MATCH (mu:Municipality {key: $key})
CALL (mu) {
  MATCH (mu)-[:HAS]->(x:NetmapNode)-[c:COVERS]->(n:Need)
  WITH x, c, n.code AS code WHERE code IN $needs
  OPTIONAL MATCH (o:Organisation)-[:OPERATES]->(x:Program)
  WITH x, c, code, CASE WHEN x:Organisation THEN x ELSE o END AS org
  WHERE org IS NOT NULL
  RETURN collect([org.id, code, CASE WHEN x:Program THEN x.id END,
                  c.certainty, coalesce(c.evidence, x.evidence)]) AS offers
}
RETURN mu.loadedAt AS stamp, offers;
