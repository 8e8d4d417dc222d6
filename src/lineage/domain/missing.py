"""A marker for "no value at this key", distinct from JSON ``null``.

Diffs and merges must tell an absent key from a key holding ``None``; in JSON output an
absent value is shown by leaving the key out.
"""

from enum import Enum
from typing import Any, Final


class Missing(Enum):
    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing.MISSING


def without_missing(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the keys whose value is MISSING."""
    return {key: value for key, value in data.items() if value is not MISSING}
