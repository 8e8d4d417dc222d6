"""Cursor pagination: page sizes within the cap, opaque cursors, Relay-style page info.

A cursor is a row's place in its list's order (the keyset the Cypher query compares
against), tagged with the kind of list and base64-encoded; clients treat it as opaque.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated

import strawberry

from lineage.api.context import Info
from lineage.api.guard import page_size
from lineage.domain.errors import ValidationError
from lineage.graph.reads import Key, PageRequest

CURSOR_VERSION = 1

# A page's arguments, for every paged field.
First = Annotated[
    int | None,
    strawberry.argument(
        description="Items per page: 1 to the server's page size cap "
        "(LINEAGE_GRAPHQL_MAX_PAGE_SIZE, 100 unless configured), which is also the default; "
        "outside it, a VALIDATION error naming `first`."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="The previous page's `pageInfo.endCursor`; null: the first page."
    ),
]


@strawberry.type(description="Where a page ends in its list, to ask for the next one.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page; null on an empty page."
    )


def encode_cursor(kind: str, key: Key) -> str:
    raw = json.dumps([CURSOR_VERSION, kind, list(key)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> Key | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, tagged, key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error):
        raise ValidationError("after", "not a cursor this service gave out") from None
    if version != CURSOR_VERSION or tagged != kind or not isinstance(key, list):
        raise ValidationError("after", f"not a cursor of this list ({kind})")
    return tuple(key)


def page_request(info: Info, kind: str, first: int | None, after: str | None) -> PageRequest:
    """`first` defaults to the page size cap and may not exceed it (guard.page_size)."""
    return PageRequest(page_size(info, first), decode_cursor(kind, after))
