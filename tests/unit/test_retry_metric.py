"""The driver's transaction retries become `lineage_neo4j_transaction_retries_total`, by
reason: the soak run reads deadlocks from it."""

from __future__ import annotations

import logging

from lineage.api import prometheus


class Deadlock(Exception):
    code = "Neo.TransientError.Transaction.DeadlockDetected"


def count(reason: str) -> float:
    return prometheus.RETRIES.labels(reason)._value.get()  # type: ignore[no-any-return]


def test_a_retry_warning_is_counted_by_its_reason() -> None:
    deadlocks, lost = count("DeadlockDetected"), count("ConnectionResetError")
    driver = logging.getLogger("neo4j.session")
    driver.warning("Transaction failed and will be retried in %ss (%s)", 0.2, Deadlock("x"))
    driver.warning("Transaction failed and will be retried in %ss (%s)", 0.4, Deadlock("y"))
    driver.warning("Transaction failed and will be retried in %ss (%s)", 1, ConnectionResetError())
    driver.warning("Another warning (%s)", Deadlock("z"))
    assert count("DeadlockDetected") == deadlocks + 2
    assert count("ConnectionResetError") == lost + 1


def test_a_reason_is_a_bounded_label() -> None:
    class Odd(Exception):
        code = "Neo.TransientError.Transaction.{injected}"

    assert prometheus.retry_reason(Odd()) == "other"
    assert prometheus.retry_reason(TimeoutError()) == "TimeoutError"
