"""The README's configuration table names every environment variable the service reads."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices

from lineage.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def variable_names() -> list[str]:
    prefix = Settings.model_config.get("env_prefix", "")
    names = []
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.append(str(alias.choices[0]))
        elif isinstance(alias, str):
            names.append(alias)
        else:
            names.append(f"{prefix}{field_name}".upper())
    return names


def test_every_setting_is_documented() -> None:
    text = README.read_text()
    missing = [name for name in variable_names() if f"`{name}`" not in text]
    assert not missing, f"add these to the README's configuration table: {missing}"
