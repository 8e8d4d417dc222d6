"""The `lineage` command (`lineage.cli.main`), one module per command group."""

from lineage.cli.main import app

__all__ = ["app"]
