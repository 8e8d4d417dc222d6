"""A render's C2PA-style ingredient list (docs/interchange.md): one ingredient per input it
used (`componentOf`, hashed as the USES edge recorded it) and, for a render cloned from
another render, that render (`parentOf`). A signing tool takes the JSON (`to_dict`). Pure:
it maps what it is given."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lineage.domain.enums import AssetType, InputRole
from lineage.domain.model import Asset

HASH_ALG = "sha256"  # content hashes and file checksums are hex SHA-256 (domain/hashing.py)


class Relationship(StrEnum):
    """How an ingredient went into the render, in C2PA's words."""

    PARENT_OF = "parentOf"
    COMPONENT_OF = "componentOf"


@dataclass(frozen=True)
class Hash:
    value: str
    alg: str = HASH_ALG

    def to_dict(self) -> dict[str, str]:
        return {"alg": self.alg, "value": self.value}


@dataclass(frozen=True)
class UsedInput:
    """One USES edge of the render: the input, its role, the content hash recorded then."""

    asset: Asset
    role: InputRole
    content_hash: str


@dataclass(frozen=True)
class Ingredient:
    title: str
    relationship: Relationship
    hash: Hash
    asset_id: str
    asset_type: AssetType
    role: InputRole | None  # None for the parent

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "relationship": str(self.relationship),
            "hash": self.hash.to_dict(),
            "id": self.asset_id,
            "type": str(self.asset_type),
            "role": str(self.role) if self.role is not None else None,
        }


@dataclass(frozen=True)
class IngredientList:
    render_id: str
    title: str
    content_hash: Hash
    file_hash: Hash | None  # the file's checksum, when the render has a file
    format: str | None  # the file's content type
    ingredients: tuple[Ingredient, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.render_id,
            "title": self.title,
            "format": self.format,
            "file_hash": self.file_hash.to_dict() if self.file_hash else None,
            "content_hash": self.content_hash.to_dict(),
            "ingredients": [i.to_dict() for i in self.ingredients],
        }


def to_json(found: IngredientList) -> str:
    """The list as a signing tool reads it (`lineage export c2pa` writes this)."""
    return json.dumps(found.to_dict(), indent=2) + "\n"


def title(asset: Asset) -> str:
    """Name and version (a clone's inherited one), as people tell versions apart."""
    version = asset.version or asset.inherited_version
    return f"{asset.name} v{version}" if version else asset.name


def ingredient_list(
    render: Asset, inputs: Sequence[UsedInput], parent: Asset | None
) -> IngredientList:
    """The render's ingredients: its clone parent first (a render only has one when it is
    a clone of another render), then its inputs by role and id."""
    made = [_parent(parent)] if parent is not None and parent.is_render else []
    ordered = sorted(inputs, key=lambda i: (str(i.role), i.asset.id, i.content_hash))
    made += [_component(i) for i in ordered]
    checksum = (render.file or {}).get("checksum")
    return IngredientList(
        render_id=render.id,
        title=title(render),
        content_hash=Hash(render.content_hash),
        file_hash=Hash(checksum) if checksum else None,
        format=(render.file or {}).get("content_type"),
        ingredients=tuple(made),
    )


def _parent(parent: Asset) -> Ingredient:
    # A DERIVES_FROM edge records no hash: the parent's own (a render changes no more once
    # something derives from it, docs/domain.md §4).
    return Ingredient(title(parent), Relationship.PARENT_OF, Hash(parent.content_hash),
                      parent.id, parent.type, None)  # fmt: skip


def _component(used: UsedInput) -> Ingredient:
    asset = used.asset
    return Ingredient(title(asset), Relationship.COMPONENT_OF, Hash(used.content_hash),
                      asset.id, asset.type, used.role)  # fmt: skip
