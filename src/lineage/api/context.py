"""What every resolver can reach during one request."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info as StrawberryInfo

from lineage.api.loaders import Loaders
from lineage.api.sign_in import SignIns
from lineage.domain.access import check_role, role_allows
from lineage.domain.enums import Role
from lineage.domain.trash import DEFAULT_RETENTION_DAYS
from lineage.graph.access import User
from lineage.graph.database import Database
from lineage.services.activity import ActivityHub
from lineage.storage.base import FileStore

MAX_PAGE_SIZE = 100

# The id of the request being served: set by the HTTP gate, read by error logging.
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


@dataclass
class Context:
    db: Database
    user: User
    request_id: str = ""
    max_page_size: int = MAX_PAGE_SIZE
    files: FileStore | None = None
    # Over a WebSocket (subscriptions): the worker's activity feeds, the connection_init
    # payload, and how the caller signed in (the token, or why they could not).
    activity: ActivityHub | None = None
    connection_params: dict[str, Any] | None = None
    token: str | None = None
    refused: str = ""
    sign_ins: SignIns | None = None
    # How long a delete keeps what it removed in the trash (docs/domain.md §13).
    trash_retention_days: int = DEFAULT_RETENTION_DAYS
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    def role_in(self, space_id: str) -> Role | None:
        return self.user.roles.get(space_id)

    def can_see(self, space_id: str) -> bool:
        return role_allows(self.role_in(space_id), Role.VIEWER)

    def require(self, space_id: str, action: str, required: Role = Role.EDITOR) -> None:
        """Non-members get NotFound (nothing leaks); members with too low a role Forbidden."""
        check_role(space_id, action, self.role_in(space_id), required)

    def grant(self, space_id: str, role: Role) -> None:
        """A space created in this request is visible at once to its creator."""
        self.user.roles[space_id] = role


Info = StrawberryInfo[Context, None]
