"""GraphQL's per-document work is done once per process, not per request: the limit rules
are the same classes on every request, so the validation cache hits (docs/domain.md §11)."""

from __future__ import annotations

from types import SimpleNamespace

from strawberry.extensions import AddValidationRules
from strawberry.extensions.validation_cache import _get_validate_cache

from lineage.api.schema import CACHED_DOCUMENTS, Limits, build_schema


def rules_of_one_request(schema) -> list[type]:  # type: ignore[no-untyped-def]
    rules: list[type] = []
    for extension in schema.get_extensions():
        if isinstance(extension, AddValidationRules):
            rules.extend(extension.validation_rules)
    return rules


def test_every_request_gets_the_same_limit_rules() -> None:
    schema = build_schema(Limits(introspection=False))
    first, second = rules_of_one_request(schema), rules_of_one_request(schema)
    assert len(first) == 3  # depth, aliases, no introspection
    assert first == second


def test_an_identical_document_is_validated_once() -> None:
    schema = build_schema(Limits())
    cache = _get_validate_cache(CACHED_DOCUMENTS)
    document = "query CacheProbe { __typename }"
    context = SimpleNamespace(db=SimpleNamespace(last_write_bookmarks=None))
    assert not schema.execute_sync(document, context_value=context).errors
    before = cache.cache_info()
    for _ in range(3):
        assert not schema.execute_sync(document, context_value=context).errors
    after = cache.cache_info()
    assert after.hits - before.hits == 3 and after.misses == before.misses
