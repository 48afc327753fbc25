// netmap who from Neo4j (netmap.store.neo4j.Store.who_rows → netmap.analysis.who.who_from_store).
// The rows the hand-off graph is built from, in one statement and one record of lists (the
// driver spends far more per record and per statement than per value); the search itself runs
// in Python on the same structure as from the files, so both answer the same.

// name: who_rows
// orgs: [id, seq, {name, area, hub, contacts}]; programs: [id, name];
// offers: what each organisation accepts of the needs $needs, [org, need code, program id or null, certainty,
//   evidence], from its own COVERS links and those of the programs it operates (starting from
//   this municipality's COVERS links, index covers_municipality, not from the shared :Need);
// ties: working ties between organisations, [source, target, type, evidence, seq];
// meetings: [id, seq, {name, purpose, evidence}, [[member seq, member id], ...]].
// Every MATCH starts from the NetmapNode(municipality_code) index and filters the type label:
// a bare :Organisation {municipality_code} is planned as a scan of every organisation of the
// country (the key constraint is on (municipality_code, id), no prefix seek).
MATCH (mu:Municipality {code: $code})
CALL () {
  MATCH (o:NetmapNode {municipality_code: $code})
  USING INDEX o:NetmapNode(municipality_code)
  WHERE o:Organisation
  RETURN collect([o.id, o.seq, o {.name, .area, .hub, .contact_name, .phone, .email, .url}]) AS orgs
}
CALL () {
  MATCH (p:NetmapNode {municipality_code: $code})
  USING INDEX p:NetmapNode(municipality_code)
  WHERE p:Program
  RETURN collect([p.id, p.name]) AS programs
}
CALL () {
  MATCH (x:NetmapNode)-[c:COVERS {municipality_code: $code}]->(n:Need)
  WHERE n.code IN $needs
  OPTIONAL MATCH (o:Organisation)-[:OPERATES]->(x:Program)
  WITH x, c, n, CASE WHEN x:Organisation THEN x ELSE o END AS org
  WHERE org IS NOT NULL
  RETURN collect([org.id, n.code, CASE WHEN x:Program THEN x.id END,
                  properties(c)['certainty'], coalesce(c.evidence, x.evidence)]) AS offers
}
CALL () {
  MATCH (a:NetmapNode {municipality_code: $code})-[r]->(b:Organisation)
  USING INDEX a:NetmapNode(municipality_code)
  WHERE a:Organisation AND type(r) IN ['REFERS_TO', 'COMMISSIONS', 'PARTNERS', 'SHARES_INFO']
  RETURN collect([a.id, b.id, type(r), r.evidence, r.seq]) AS ties
}
CALL () {
  MATCH (m:NetmapNode {municipality_code: $code})
  USING INDEX m:NetmapNode(municipality_code)
  WHERE m:Meeting
  OPTIONAL MATCH (o:Organisation)-[:ATTENDS|CONVENES]->(m)
  WITH m, collect([o.seq, o.id]) AS members
  RETURN collect([m.id, m.seq, m {.name, .purpose, .evidence},
                  [x IN members WHERE x[1] IS NOT NULL]]) AS meetings
}
RETURN mu.name AS name, orgs, programs, offers, ties, meetings;
