"""The supervisor's pure parts: how long it waits between restarts, how it says why."""

from __future__ import annotations

from lineage.neo4j_supervisor import backoff_delay, exit_reason


def test_backoff_doubles_from_the_first_delay_up_to_the_cap() -> None:
    delays = [backoff_delay(tries, first=1, cap=60) for tries in range(9)]
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_backoff_stays_capped_after_very_many_tries() -> None:
    assert backoff_delay(10_000, first=0.5, cap=30) == 30


def test_exit_reason_names_the_signal_or_the_code() -> None:
    assert exit_reason(42, -9) == "The managed Neo4j (pid 42) was killed by SIGKILL"
    assert exit_reason(42, 1) == "The managed Neo4j (pid 42) exited with code 1"
