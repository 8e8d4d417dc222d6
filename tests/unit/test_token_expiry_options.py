"""`lineage token create --expires-in / --expires`: what they accept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from lineage.cli.tokens import expiry, parse_duration, parse_moment

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "length"),
    [("90m", timedelta(minutes=90)), ("12h", timedelta(hours=12)),
     ("30d", timedelta(days=30)), ("2W", timedelta(weeks=2))],
)  # fmt: skip
def test_durations(text: str, length: timedelta) -> None:
    assert parse_duration(text) == length


@pytest.mark.parametrize("text", ["", "30", "d", "0d", "1.5d", "30 days", "-1d", "1y"])
def test_durations_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_moments() -> None:
    assert parse_moment("2027-01-31") == datetime(2027, 1, 31, tzinfo=UTC)
    assert parse_moment("2027-01-31T18:00Z") == datetime(2027, 1, 31, 18, tzinfo=UTC)
    plus_one = parse_moment("2027-01-31T18:00+01:00")
    assert plus_one == datetime(2027, 1, 31, 18, tzinfo=timezone(timedelta(hours=1)))
    with pytest.raises(ValueError, match="not a date"):
        parse_moment("tomorrow")


def test_expiry_takes_one_option_or_none() -> None:
    assert expiry(None, None, NOW) is None
    assert expiry("1d", None, NOW) == NOW + timedelta(days=1)
    assert expiry(None, "2027-01-31", NOW) == datetime(2027, 1, 31, tzinfo=UTC)
    with pytest.raises(ValueError, match="not both"):
        expiry("1d", "2027-01-31", NOW)
