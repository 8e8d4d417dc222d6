"""File keys: generated in one shape, refused when they could name anything outside."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineage.domain.errors import LineageError
from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.storage import FileRules, LocalFileStore, UrlSigner
from lineage.storage.keys import (
    KEY_MAX,
    check_container,
    extension_for,
    media_type,
    new_key,
    validate_checksum,
    validate_key,
)

TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
RULES = FileRules(allowed_types=TYPES, max_bytes=1000)
CHECKSUM = "ab" * 32

GOOD = [
    "renders/p_1/0123abcd.png",
    "renders/t_x/sub/file.name.webp",
    "renders/A-b_c.d/e",
]
BAD = [
    "",
    "../x",
    "/etc/passwd",
    "a/../../b",
    "renders/../../etc/passwd",
    "renders/c/../x.png",
    "renders/./x.png",
    "renders/.hidden",
    "renders//x.png",
    "renders/x.png/",
    "renders\\x.png",
    "renders/c\\..\\..\\x",
    "renders/%2e%2e/x",
    "renders/c/x png",
    "renders/c/x\x00.png",
    "renders/c/é.png",
    "C:/renders/x.png",
    "other/x.png",
    "renders",
    "renders/" + "a" * KEY_MAX,
]


@pytest.mark.parametrize("key", GOOD)
def test_accepted_keys(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize("key", BAD)
def test_refused_keys(key: str) -> None:
    with pytest.raises(FileRejected) as caught:
        validate_key(key)
    error = caught.value
    assert isinstance(error, LineageError)
    assert error.code == "FILE_REJECTED"
    assert error.reason == FileProblem.INVALID_KEY
    assert "use the key returned" in error.message
    assert error.to_dict()["details"]["reason"] == "INVALID_KEY"


@pytest.mark.parametrize("key", [None, 3, b"renders/x.png"])
def test_keys_that_are_not_strings(key: object) -> None:
    with pytest.raises(FileRejected):
        validate_key(key)


def test_refused_long_keys_are_shortened_in_messages() -> None:
    with pytest.raises(FileRejected) as caught:
        validate_key("../" * 1000)
    assert len(caught.value.message) < 400


@pytest.mark.parametrize(
    ("content_type", "ext"),
    [("image/png", "png"), ("image/jpeg", "jpg"), ("image/webp", "webp"), ("image/gif", "gif")],
)
def test_new_keys_have_the_documented_shape(content_type: str, ext: str) -> None:
    key = new_key("p_0123456789abcdef", content_type)
    assert re.fullmatch(rf"renders/p_0123456789abcdef/[0-9a-f]{{32}}\.{ext}", key)
    assert validate_key(key) == key
    assert new_key("p_0123456789abcdef", content_type) != key
    assert RULES.content_type_for(key) == content_type


@pytest.mark.parametrize("container_id", ["", "..", ".x", "a/b", "a:b", "../p", "a\\b", "x" * 101])
def test_new_keys_refuse_container_ids_that_do_not_fit(container_id: str) -> None:
    with pytest.raises(FileRejected) as caught:
        new_key(container_id, "image/png")
    assert caught.value.reason == FileProblem.INVALID_KEY


def test_unknown_types_get_a_safe_extension() -> None:
    for content_type in ("image/x-made-up+xml", "image/bmp", "image/avif"):
        assert re.fullmatch(r"[a-z0-9]+", extension_for(content_type))
    assert RULES.content_type_for("renders/c/x.exe") == "application/octet-stream"


def test_check_container() -> None:
    check_container("renders/p1/x.png", "p1")
    with pytest.raises(FileRejected) as caught:
        check_container("renders/p10/x.png", "p1")
    assert caught.value.reason == FileProblem.WRONG_CONTAINER


def test_declared_values_are_normalized() -> None:
    assert RULES.check_declared("Image/PNG; charset=binary", 10, CHECKSUM.upper()) == (
        "image/png",
        10,
        CHECKSUM,
    )
    assert media_type(" image/webp ") == "image/webp"


@pytest.mark.parametrize(
    ("content_type", "size", "checksum", "reason"),
    [
        ("text/html", 10, CHECKSUM, FileProblem.TYPE_NOT_ALLOWED),
        ("image/svg+xml", 10, CHECKSUM, FileProblem.TYPE_NOT_ALLOWED),
        (None, 10, CHECKSUM, FileProblem.TYPE_NOT_ALLOWED),
        ("image/png", 0, CHECKSUM, FileProblem.INVALID_SIZE),
        ("image/png", -1, CHECKSUM, FileProblem.INVALID_SIZE),
        ("image/png", True, CHECKSUM, FileProblem.INVALID_SIZE),
        ("image/png", "10", CHECKSUM, FileProblem.INVALID_SIZE),
        ("image/png", 1001, CHECKSUM, FileProblem.TOO_LARGE),
        ("image/png", 10, "ab" * 31, FileProblem.INVALID_CHECKSUM),
        ("image/png", 10, "zz" * 32, FileProblem.INVALID_CHECKSUM),
        ("image/png", 10, None, FileProblem.INVALID_CHECKSUM),
    ],
)
def test_declared_values_refused(
    content_type: object, size: object, checksum: object, reason: FileProblem
) -> None:
    with pytest.raises(FileRejected) as caught:
        RULES.check_declared(content_type, size, checksum)
    assert caught.value.reason == reason
    assert caught.value.problem and caught.value.remedy


def test_refusals_name_what_is_accepted() -> None:
    with pytest.raises(FileRejected) as caught:
        RULES.check_declared("text/html", 10, CHECKSUM)
    assert "image/png, image/jpeg, image/webp, image/gif" in caught.value.message
    with pytest.raises(FileRejected) as caught:
        RULES.check_declared("image/png", 5000, CHECKSUM)
    assert "at most 1000 bytes" in caught.value.message
    with pytest.raises(FileRejected) as caught:
        validate_checksum("md5:abc")
    assert "SHA-256" in caught.value.message


def local_store(root: Path) -> LocalFileStore:
    return LocalFileStore(root, UrlSigner(secrets.token_bytes(32)), RULES, "http://x")


def test_local_paths_stay_inside_the_root(tmp_path: Path) -> None:
    store = local_store(tmp_path / "files")
    path = store.path("renders/p/x.png")
    assert path == (tmp_path / "files" / "renders" / "p" / "x.png").resolve()


def test_local_paths_refuse_symlinks_out_of_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(b"secret")
    store = local_store(tmp_path / "files")
    (tmp_path / "files" / "renders").mkdir(parents=True)
    (tmp_path / "files" / "renders" / "link").symlink_to(outside)
    with pytest.raises(FileRejected) as caught:
        store.path("renders/link/x.png")
    assert caught.value.reason == FileProblem.INVALID_KEY


segment = st.text(alphabet="ab./\\_-%2e", min_size=0, max_size=12)


@given(st.lists(segment, min_size=1, max_size=6).map(lambda parts: "renders/" + "/".join(parts)))
def test_any_accepted_key_stays_inside_the_root(key: str) -> None:
    root = Path("/srv/lineage/files")
    try:
        validate_key(key)
    except FileRejected:
        return
    parts = key.split("/")
    assert ".." not in parts and "." not in parts and "" not in parts and "\\" not in key
    assert Path(os.path.normpath(root / key)).is_relative_to(root / "renders")
