"""Garbage collection of files and deletion after commit, on an in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest

from lineage.files_gc import ReferencedKeys, collect_garbage
from lineage.storage import FileRules, FileStore, ListedFile, delete_files_after, file_key
from lineage.storage.base import StoreBase

NOW = datetime(2030, 1, 1, tzinfo=UTC)
OLD = NOW - timedelta(days=3)


class MemoryStore(StoreBase):
    rules = FileRules(allowed_types=("image/png",), max_bytes=100)

    def __init__(self, files: dict[str, datetime], broken: frozenset[str] = frozenset()) -> None:
        self.files = dict(files)
        self.broken = broken

    async def list_files(self) -> AsyncIterator[ListedFile]:
        for key, modified in list(self.files.items()):
            yield ListedFile(key, 10, modified)

    async def delete(self, key: str) -> None:
        if key in self.broken:
            raise OSError("disk on fire")
        self.files.pop(key, None)


def as_store(store: MemoryStore) -> FileStore:
    return cast(FileStore, store)  # implements what collection and deletion use


def referencing(*keys: str) -> ReferencedKeys:
    async def referenced() -> set[str]:
        return set(keys)

    return referenced


async def test_dry_run_reports_and_deletes_nothing() -> None:
    store = MemoryStore({"renders/a": OLD, "renders/b": OLD, "renders/new": NOW})
    report = await collect_garbage(as_store(store), referencing("renders/a"), now=NOW)
    assert not report.applied
    assert [f.key for f in report.unreferenced] == ["renders/b"]
    assert (report.stored, report.referenced, report.recent) == (3, 1, 1)
    assert report.deleted == ()
    assert set(store.files) == {"renders/a", "renders/b", "renders/new"}
    assert "dry run" in report.summary() and "--apply" in report.summary()
    assert report.to_dict()["unreferenced"][0]["key"] == "renders/b"


async def test_apply_deletes_old_unreferenced_files_only() -> None:
    store = MemoryStore({"renders/a": OLD, "renders/b": OLD, "renders/new": NOW})
    report = await collect_garbage(
        as_store(store),
        referencing("renders/a"),
        apply=True,
        now=NOW,
    )
    assert report.deleted == ("renders/b",)
    assert set(store.files) == {"renders/a", "renders/new"}
    assert "deleted 1" in report.summary()


async def test_a_file_referenced_meanwhile_is_kept() -> None:
    store = MemoryStore({"renders/a": OLD, "renders/b": OLD})
    calls = 0

    async def referenced() -> set[str]:
        nonlocal calls
        calls += 1
        return set() if calls == 1 else {"renders/b"}  # registered between the two reads

    report = await collect_garbage(as_store(store), referenced, apply=True, now=NOW)
    assert report.deleted == ("renders/a",)
    assert "renders/b" in store.files
    assert report.referenced == 1


async def test_failed_deletions_are_reported() -> None:
    store = MemoryStore({"renders/a": OLD, "renders/b": OLD}, broken=frozenset({"renders/a"}))
    report = await collect_garbage(as_store(store), referencing(), apply=True, now=NOW)
    assert report.deleted == ("renders/b",)
    assert report.failed == (("renders/a", "OSError: disk on fire"),)
    assert "1 could not be deleted" in report.summary()


async def test_delete_files_after_tries_every_key(caplog: pytest.LogCaptureFixture) -> None:
    store = MemoryStore({"renders/a": OLD, "renders/b": OLD}, broken=frozenset({"renders/a"}))
    failed = await delete_files_after(
        as_store(store), ["renders/a", None, "renders/b", "renders/b"]
    )
    assert failed == ["renders/a"]
    assert set(store.files) == {"renders/a"}
    assert "renders/a" in caplog.text


def test_file_key() -> None:
    assert file_key({"key": "renders/a", "size": 1}) == "renders/a"
    assert file_key(None) is None
    assert file_key({}) is None
    assert file_key({"key": 3}) is None
