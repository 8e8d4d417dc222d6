"""What every resolver can reach during one request."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.types import Info as StrawberryInfo

from lineage.graph.database import Database


@dataclass
class Context:
    db: Database


Info = StrawberryInfo[Context, None]
