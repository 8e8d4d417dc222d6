"""Service configuration, read from the environment (see the README's table)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

GIB = 1024**3


def _total_memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 8 * GIB


def _default_heap() -> str:
    # An eighth of the machine, between 512 MiB and 4 GiB: room for the app and page cache.
    mib = min(max(_total_memory_bytes() // 8 // 1024**2, 512), 4096)
    return f"{mib}m"


def _default_pagecache() -> str:
    mib = min(max(_total_memory_bytes() // 16 // 1024**2, 256), 2048)
    return f"{mib}m"


class Settings(BaseSettings):
    """Every setting the service reads; the environment variable is in each alias."""

    model_config = SettingsConfigDict(env_prefix="LINEAGE_", extra="ignore")

    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "LINEAGE_NEO4J_URI")
    )
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    data_dir: Path = Path(platformdirs.user_data_dir("lineage"))
    cache_dir: Path = Path(platformdirs.user_cache_dir("lineage"))
    java: str | None = None
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 0
    neo4j_heap: str = Field(default_factory=_default_heap)
    neo4j_pagecache: str = Field(default_factory=_default_pagecache)
    neo4j_auth: bool = True
    neo4j_start_timeout: float = 120.0

    host: str = "127.0.0.1"
    port: int = 8000
    env: Literal["development", "production"] = "development"

    @property
    def uses_managed_neo4j(self) -> bool:
        return not self.neo4j_uri

    @property
    def neo4j_data_dir(self) -> Path:
        return self.data_dir / "neo4j"
