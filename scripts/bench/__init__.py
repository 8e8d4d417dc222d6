"""The performance benchmark (`make bench`): generator, loader, cases, PostgreSQL peer."""
