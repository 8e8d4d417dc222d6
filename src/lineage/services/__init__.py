"""Write use cases: each runs as one Neo4j write transaction and enforces the domain rules."""
