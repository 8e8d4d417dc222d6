"""Service configuration, read from the environment (see the README's table)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from lineage.config_errors import ConfigError as ConfigError
from lineage.config_errors import describe
from lineage.graph.database import Timeouts

GIB = 1024**3
MIB = 1024**2
DEFAULT_FILE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
# S3 refuses presigned URLs valid for longer than seven days.
MAX_URL_EXPIRY_S = 7 * 24 * 3600
PORT_MAX = 65535
# Neo4j reads sizes like 512m or 2g (k, m, g; no unit: bytes).
MEMORY_SIZE = r"^[0-9]+[kKmMgG]?$"
# A web origin: scheme, host name or [IPv6 address], optional port; no path.
ORIGIN = re.compile(r"https?://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?")


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


def _items(value: object) -> tuple[str, ...] | None:
    """A list setting given as `a,b` or as a JSON list, its items stripped and blanks
    dropped; None when it is neither (left to the field's own validation)."""
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("[") else text.split(",")
    if isinstance(value, list | tuple):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return None


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
    neo4j_bolt_port: int = Field(default=7687, ge=0, le=PORT_MAX)  # 0: a free port
    neo4j_http_port: int = Field(default=0, ge=0, le=PORT_MAX)  # 0: HTTP off
    neo4j_browser: bool = False  # Neo4j Browser at /browser/ on the HTTP port
    neo4j_heap: str = Field(default_factory=_default_heap, pattern=MEMORY_SIZE)
    neo4j_pagecache: str = Field(default_factory=_default_pagecache, pattern=MEMORY_SIZE)
    neo4j_auth: bool = True
    neo4j_start_timeout: float = Field(default=120.0, gt=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=PORT_MAX)
    # API processes of `lineage run` (uvicorn workers) on the one port.
    workers: int = Field(default=1, ge=1)
    env: Literal["development", "production"] = "development"
    graphiql: bool | None = None  # default: on in development
    # default: on in development, off in production
    graphql_introspection: bool | None = None
    # "Did you mean ...?" hints in GraphQL errors; default: on in development only.
    graphql_suggestions: bool | None = None
    graphql_max_depth: int = Field(default=12, ge=1)
    graphql_max_aliases: int = Field(default=30, ge=0)
    graphql_max_tokens: int = Field(default=4000, ge=1)
    graphql_max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    graphql_max_page_size: int = Field(default=100, ge=1)
    # `extensions.queryCount` in GraphQL responses (Neo4j queries run); default: development.
    graphql_query_count: bool | None = None

    # Bounds on every Neo4j call, so a request answers within seconds when Neo4j is down
    # (HTTP 503) and no write commits long after its client gave up.
    neo4j_connect_timeout_s: float = Field(default=2.0, gt=0)
    neo4j_retry_s: float = Field(default=3.0, ge=0)
    neo4j_tx_timeout_s: float = Field(default=30.0, gt=0)
    # How long a request waits for Neo4j to reach the bookmarks its client sent.
    bookmark_wait_s: float = Field(default=3.0, gt=0)
    # How long a token's sign-in (user and roles) is reused before it is looked up again.
    sign_in_cache_s: float = Field(default=2.0, ge=0)
    # How often a worker reads a space's new history entries for its `spaceActivity`
    # subscribers (one read per space and worker, however many subscribe).
    activity_poll_s: float = Field(default=1.0, gt=0, le=60)
    # How long a mutation's idempotency key (and its answer) is kept.
    idempotency_ttl_s: int = Field(default=24 * 3600, gt=0)
    # How long a delete keeps what it removed in the trash, and how often the running
    # service purges what expired (docs/domain.md §13).
    trash_retention_days: int = Field(default=30, ge=0)
    trash_purge_interval_s: float = Field(default=3600.0, gt=0)

    # Log records at this level and above (JSON lines in production, text in development).
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # Serve /metrics (Prometheus text format; no secrets, no user ids in it).
    metrics: bool = True
    # Web origins (scheme://host[:port]) whose pages may call the API from a browser;
    # none by default (the explorer is served from the API's own origin).
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept `https://a.example,http://localhost:5173` as well as a JSON list."""
        items = _items(value)
        if items is None:
            return value
        origins = tuple(item.rstrip("/") for item in items)
        for origin in origins:
            if not ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"{origin!r} is not a web origin; give scheme://host[:port], "
                    "e.g. https://app.example.com or http://localhost:5173"
                )
        return origins

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    # The built web explorer served at /explorer (default: the repository's web/dist).
    explorer_dir: Path | None = None

    @property
    def graphiql_enabled(self) -> bool:
        return _in_development(self, self.graphiql)

    @property
    def neo4j_timeouts(self) -> Timeouts:
        return Timeouts(
            connect=self.neo4j_connect_timeout_s,
            retry=self.neo4j_retry_s,
            transaction=self.neo4j_tx_timeout_s,
        )

    @property
    def introspection_enabled(self) -> bool:
        return _in_development(self, self.graphql_introspection)

    @property
    def suggestions_enabled(self) -> bool:
        return _in_development(self, self.graphql_suggestions)

    @property
    def query_count_enabled(self) -> bool:
        return _in_development(self, self.graphql_query_count)

    # Where clients reach this service; the local file store's signed URLs start with it
    # (default http://HOST:PORT).
    public_url: str | None = None

    # Render files (lineage.storage): S3 when a bucket is set, else <data_dir>/files.
    file_allowed_types: Annotated[tuple[str, ...], NoDecode] = DEFAULT_FILE_TYPES
    file_max_bytes: int = Field(default=25 * MIB, gt=0)
    file_upload_expiry_s: int = Field(default=900, gt=0, le=MAX_URL_EXPIRY_S)
    file_download_expiry_s: int = Field(default=3600, gt=0, le=MAX_URL_EXPIRY_S)
    # HMAC key of the local store's URLs; unset: generated once into the data folder.
    file_signing_key: SecretStr | None = Field(default=None, min_length=32)
    s3_bucket: str | None = None
    s3_region: str | None = None
    s3_endpoint_url: str | None = None
    # Where browsers reach the S3 server, when not at s3_endpoint_url (a compose network's
    # `http://minio:9000` is `http://localhost:9000` outside it): upload and download URLs
    # are signed for this address.
    s3_public_endpoint_url: str | None = None
    s3_prefix: str = ""
    cloudfront_domain: str | None = None
    cloudfront_key_pair_id: str | None = None
    cloudfront_private_key_file: Path | None = None

    @field_validator("file_allowed_types", mode="before")
    @classmethod
    def _split_types(cls, value: object) -> object:
        """Accept `image/png,image/webp` as well as a JSON list; lower-case each type."""
        items = _items(value)
        if items is None:
            return value
        if not items:
            raise ValueError("name at least one content type, e.g. image/png")
        return tuple(item.lower() for item in items)

    @property
    def uses_managed_neo4j(self) -> bool:
        return not self.neo4j_uri

    @property
    def neo4j_data_dir(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


def _in_development(settings: Settings, chosen: bool | None) -> bool:
    """A switch that defaults to on in development and off in production."""
    return settings.env == "development" if chosen is None else chosen


def load_settings(**overrides: Any) -> Settings:
    """The settings from the environment; a value that cannot be used is a ConfigError
    whose one-line message names the variable, the value given and what is accepted."""
    try:
        return Settings(**overrides)
    except ValidationError as invalid:
        raise ConfigError(describe(Settings, invalid, os.environ)) from None
