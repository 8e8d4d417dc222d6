"""Data access: async functions that run named Cypher queries on Neo4j."""
