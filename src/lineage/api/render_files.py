"""registerRender's file step, shared by GraphQL and the OpenLineage endpoint: a file
uploaded through requestUpload is verified by the store before the render is registered."""

from __future__ import annotations

from typing import Any

from lineage.api.context import Context
from lineage.api.guard import container_authorised
from lineage.services import registration


async def verified_file(
    ctx: Context, container_id: str, key: str, content_type: str, size: int, checksum: str
) -> dict[str, Any]:
    """The stored file's record, once the store confirms bytes, size, type and checksum;
    asked only for a container the caller may register in (the store is asked nothing on
    another's behalf)."""
    await container_authorised(ctx, container_id, registration.ACTION)
    store = ctx.files
    assert store is not None  # the app always configures one
    stored = await store.verify(key, content_type, size, checksum, container_id=container_id)
    return stored.to_dict()
