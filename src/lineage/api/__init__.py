"""The GraphQL API (strawberry): types, context and schema."""
