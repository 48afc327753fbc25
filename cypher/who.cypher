// netmap who from Neo4j (netmap.store.neo4j.Store.who_rows → netmap.analysis.who.who_from_store).
// The rows the hand-off graph is built from, in one statement and one record of lists (the
// driver spends far more per record and per statement than per value); the search itself runs
// in Python on the same structure as from the files, so both answer the same.

// name: who_rows
// orgs: [id, seq, properties]; programs: [id, name];
// offers: what each organisation accepts, [org, need code, program id or null, certainty,
//   evidence], from its own COVERS links and those of the programs it operates (starting from
//   the snapshot's own nodes, not from the shared :Need);
// ties: working ties between organisations, [source, target, type, evidence, seq];
// meetings: [id, seq, properties, [[member seq, member id], ...]].
MATCH (mu:Municipality {key: $key})
CALL (mu) {
  MATCH (mu)-[:HAS]->(o:Organisation)
  RETURN collect([o.id, o.seq, properties(o)]) AS orgs
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(p:Program)
  RETURN collect([p.id, p.name]) AS programs
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(x:NetmapNode)-[c:COVERS]->(n:Need)
  OPTIONAL MATCH (o:Organisation)-[:OPERATES]->(x:Program)
  WITH x, c, n, CASE WHEN x:Organisation THEN x ELSE o END AS org
  WHERE org IS NOT NULL
  RETURN collect([org.id, n.code, CASE WHEN x:Program THEN x.id END,
                  c.certainty, coalesce(c.evidence, x.evidence)]) AS offers
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(a:Organisation)-[r:REFERS_TO|COMMISSIONS|PARTNERS|SHARES_INFO]->(b:Organisation)
  RETURN collect([a.id, b.id, type(r), r.evidence, r.seq]) AS ties
}
CALL (mu) {
  MATCH (mu)-[:HAS]->(m:Meeting)
  OPTIONAL MATCH (o:Organisation)-[:ATTENDS|CONVENES]->(m)
  WITH m, collect([o.seq, o.id]) AS members
  RETURN collect([m.id, m.seq, properties(m), [x IN members WHERE x[1] IS NOT NULL]]) AS meetings
}
RETURN mu.name AS name, orgs, programs, offers, ties, meetings;
