"""Neo4j for netmap: a local server (``server``), the Cypher files (``cypher``), load and read
back (``neo4j``)."""
