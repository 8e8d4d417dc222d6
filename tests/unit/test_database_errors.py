"""Which Neo4j failures are the database's (HTTP 503, retry) rather than the request's:
each driver error maps to one code (docs/domain.md §11)."""

from __future__ import annotations

import pytest
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from lineage.api.refusals import UNAVAILABLE_CODES, bookmark_error_code, database_error


def server_error(code: str) -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message="from the server")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ServiceUnavailable("no route"), "DATABASE_UNAVAILABLE"),
        (SessionExpired("gone"), "DATABASE_UNAVAILABLE"),
        (server_error("Neo.TransientError.General.DatabaseUnavailable"), "DATABASE_UNAVAILABLE"),
        (server_error("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"),
         "DATABASE_TIMEOUT"),
        (server_error("Neo.TransientError.Transaction.DeadlockDetected"), "DATABASE_BUSY"),
    ],
)  # fmt: skip
def test_database_failures_are_retryable_503s(error: Exception, code: str) -> None:
    found = database_error(error)
    assert found is not None and found[0] == code and code in UNAVAILABLE_CODES
    assert "retry" in found[1].lower()


@pytest.mark.parametrize(
    "error",
    [
        server_error("Neo.ClientError.Statement.SyntaxError"),
        server_error("Neo.ClientError.Schema.ConstraintValidationFailed"),
        ValueError("a fault of ours"),
    ],
)
def test_faults_are_not_database_failures(error: Exception) -> None:
    assert database_error(error) is None


def test_a_bookmark_the_server_has_not_reached_is_the_clients() -> None:
    error = server_error("Neo.TransientError.Transaction.BookmarkTimeout")
    assert bookmark_error_code(error) == "BOOKMARK_NOT_REACHED"
