"""Semantic versions of space definitions."""

import pytest

from lineage.domain.enums import VersionBump
from lineage.domain.errors import ValidationError
from lineage.domain.versioning import (
    INITIAL_VERSION,
    Version,
    bump,
    compare,
    format_version,
    parse_version,
)


@pytest.mark.parametrize(
    ("text", "parts"),
    [("0.0.0", (0, 0, 0)), ("1.0.0", (1, 0, 0)), ("10.20.30", (10, 20, 30))],
)
def test_parse_and_format(text: str, parts: tuple[int, int, int]) -> None:
    version = parse_version(text)
    assert (version.major, version.minor, version.patch) == parts
    assert format_version(version) == text


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "1",
        "1.0",
        "1.0.0.0",
        "01.0.0",
        "1.02.0",
        "v1.0.0",
        "1.0.0-rc1",
        " 1.0.0",
        "1.0.0\n",
        "1.a.0",
        "١.٠.٠",
        None,
        100,
    ],
)
def test_bad_versions_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_version(bad)
    assert caught.value.field == "version"
    assert "MAJOR.MINOR.PATCH" in caught.value.message


def test_initial_version() -> None:
    assert INITIAL_VERSION == "1.0.0"
    parse_version(INITIAL_VERSION)


@pytest.mark.parametrize(
    ("part", "want"),
    [(VersionBump.MAJOR, "2.0.0"), (VersionBump.MINOR, "1.5.0"), (VersionBump.PATCH, "1.4.8")],
)
def test_bump_resets_lower_parts(part: VersionBump, want: str) -> None:
    assert bump("1.4.7", part) == want


def test_bump_refuses_an_unknown_part() -> None:
    with pytest.raises(ValidationError) as caught:
        bump("1.0.0", "patch")  # type: ignore[arg-type]
    assert "MAJOR, MINOR, PATCH" in caught.value.message


def test_bump_refuses_a_bad_version() -> None:
    with pytest.raises(ValidationError):
        bump("1.0", VersionBump.PATCH)


@pytest.mark.parametrize(
    ("left", "right", "want"),
    [
        ("1.0.0", "1.0.0", 0),
        ("1.0.0", "2.0.0", -1),
        ("2.0.0", "1.9.9", 1),
        ("1.10.0", "1.9.0", 1),
        ("1.0.10", "1.0.9", 1),
        ("0.9.0", "0.10.0", -1),
    ],
)
def test_compare_is_numeric(left: str, right: str, want: int) -> None:
    assert compare(left, right) == want
    assert compare(right, left) == -want


def test_versions_order() -> None:
    assert sorted([Version(1, 10, 0), Version(1, 2, 0), Version(0, 9, 9)]) == [
        Version(0, 9, 9),
        Version(1, 2, 0),
        Version(1, 10, 0),
    ]
