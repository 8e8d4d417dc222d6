"""Where the service is and who calls it: explicit arguments, else the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from lineage.client.errors import ConfigurationError

URL_VARIABLE = "LINEAGE_URL"
TOKEN_VARIABLE = "LINEAGE_TOKEN"
GRAPHQL_PATH = "/graphql"


@dataclass(frozen=True)
class Endpoint:
    graphql_url: str
    token: str

    def __repr__(self) -> str:  # never print the token
        return f"Endpoint(graphql_url={self.graphql_url!r}, token='***')"


def endpoint(
    url: str | None, token: str | None, environ: Mapping[str, str] = os.environ
) -> Endpoint:
    """The GraphQL URL and bearer token; ConfigurationError names what is missing."""
    base = url if url is not None else environ.get(URL_VARIABLE, "")
    secret = token if token is not None else environ.get(TOKEN_VARIABLE, "")
    if not base.strip():
        raise ConfigurationError(
            f"No service URL: pass url=... or set {URL_VARIABLE} to the service's base URL "
            "(e.g. http://127.0.0.1:8000)."
        )
    if not base.startswith(("http://", "https://")):
        raise ConfigurationError(
            f"The service URL {base!r} is not an http:// or https:// URL; give its base URL "
            "(e.g. http://127.0.0.1:8000)."
        )
    if not secret.strip():
        raise ConfigurationError(
            f"No API token: pass token=... or set {TOKEN_VARIABLE} (`lineage token create "
            "<user-id>` prints one)."
        )
    base = base.strip().rstrip("/").removesuffix(GRAPHQL_PATH)
    return Endpoint(graphql_url=base + GRAPHQL_PATH, token=secret.strip())
