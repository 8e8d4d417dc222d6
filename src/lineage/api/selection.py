"""What a GraphQL selection asks for, so that resolvers read no more than they show.

Fragments are merged into the fields around them and `@include`/`@skip` are ignored: a
field that might be asked counts as asked (reading too much is slower, never wrong).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def names(selections: Iterable[Selection]) -> set[str]:
    """The field names selected at this level."""
    return {field.name for field in _fields(selections)}


def under(selections: Iterable[Selection], *path: str) -> list[Selection]:
    """The selections below the fields named along `path` (all aliases of each merged)."""
    found = list(selections)
    for name in path:
        found = [s for field in _fields(found) if field.name == name for s in field.selections]
    return found
