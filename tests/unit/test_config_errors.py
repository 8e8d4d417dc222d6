"""A setting that cannot be used is one line naming the variable, the value given and what
is accepted (`load_settings`); secrets are not repeated."""

from __future__ import annotations

import pytest

from lineage.config import ConfigError, load_settings

CASES = [
    ("LINEAGE_PORT", "abc", "LINEAGE_PORT='abc' is not accepted (use an integer 1-65535)"),
    ("LINEAGE_PORT", "70000", "LINEAGE_PORT='70000' is not accepted (use an integer 1-65535)"),
    ("LINEAGE_ENV", "prod", "(use one of: development, production)"),
    ("LINEAGE_GRAPHIQL", "maybe", "LINEAGE_GRAPHIQL='maybe' is not accepted (use true, false"),
    ("LINEAGE_NEO4J_HEAP", "lots", "(use a size such as 512m or 2g)"),
    ("LINEAGE_NEO4J_BOLT_PORT", "-1", "(use an integer 0-65535)"),
    ("LINEAGE_NEO4J_CONNECT_TIMEOUT_S", "0", "(use a number greater than 0)"),
    ("LINEAGE_FILE_UPLOAD_EXPIRY_S", "0", "(use an integer 1-604800)"),
    ("LINEAGE_GRAPHQL_MAX_DEPTH", "deep", "(use an integer of at least 1)"),
    ("LINEAGE_FILE_ALLOWED_TYPES", ",", "(name at least one content type, e.g. image/png)"),
    ("lineage_sign_in_cache_s", "x", "LINEAGE_SIGN_IN_CACHE_S='x' is not accepted"),
]


@pytest.mark.parametrize(("variable", "value", "said"), CASES)
def test_an_unusable_value_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, said: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert said in message and "\n" not in message
    assert variable.upper() in message


def test_several_unusable_values_are_all_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_PORT", "abc")
    monkeypatch.setenv("LINEAGE_ENV", "prod")
    with pytest.raises(ConfigError, match=r"LINEAGE_PORT='abc'.*; LINEAGE_ENV='prod'"):
        load_settings()


def test_a_secret_is_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_FILE_SIGNING_KEY", "short-s3cret")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert "short-s3cret" not in str(raised.value)
    assert "LINEAGE_FILE_SIGNING_KEY=(hidden) is not accepted" in str(raised.value)
    assert "at least 32 characters" in str(raised.value)


def test_usable_values_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_PORT", "8080")
    monkeypatch.setenv("LINEAGE_NEO4J_HEAP", "2g")
    settings = load_settings()
    assert (settings.port, settings.neo4j_heap) == (8080, "2g")
