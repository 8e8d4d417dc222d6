"""docker-compose.yml, the Dockerfile and .dockerignore, checked without a Docker engine:
the compose file against the Compose Specification's JSON schema, the Dockerfile with
hadolint, and what each must hold (pinned images, the bucket made, production mode, the
readiness healthcheck, URLs signed for the browser's address, the explorer built)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from lineage import neo4j_local

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
TOOLS = Path(sys.executable).parent
# A release tag (x.y.z or MinIO's RELEASE.<date>), never `latest` or a bare major version.
PINNED = re.compile(r"^[\w./-]+:(\d+\.\d+\.\d+[\w.-]*|RELEASE\.[\dT:-]+Z)(@sha256:[0-9a-f]{64})?$")


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())  # type: ignore[no-any-return]


def services() -> dict[str, Any]:
    return load_compose()["services"]  # type: ignore[no-any-return]


def check_compose_schema(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its bundled copy of the compose-spec schema (no network)."""
    return subprocess.run(
        [str(TOOLS / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_compose_file_follows_the_compose_specification() -> None:
    result = check_compose_schema(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_what_compose_would(tmp_path: Path) -> None:
    broken = load_compose()
    broken["services"]["app"]["healthcheck"]["retries"] = "many"
    broken["services"]["app"]["depends_on"]["minio"]["condition"] = "service_ready"
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(broken))
    assert check_compose_schema(path).returncode != 0


def test_services_ports_and_healthchecks() -> None:
    found = services()
    assert set(found) == {"neo4j", "minio", "minio-init", "app"}
    assert found["neo4j"]["image"] == f"neo4j:{neo4j_local.NEO4J_VERSION}-community"
    for name in ("neo4j", "minio", "app"):
        assert "healthcheck" in found[name], name
    assert any("7687" in str(port) for port in found["neo4j"]["ports"])
    assert any("9000" in str(port) for port in found["minio"]["ports"])
    assert any("8000" in str(port) for port in found["app"]["ports"])


@pytest.mark.parametrize("name", ["neo4j", "minio", "minio-init"])
def test_every_image_is_pinned_to_a_release(name: str) -> None:
    image = services()[name]["image"]
    assert PINNED.match(image), f"{name}: pin {image!r} to a release tag"


def test_app_waits_for_healthy_neo4j_and_points_at_it() -> None:
    app = services()["app"]
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_the_bucket_is_made_before_the_app_starts() -> None:
    found = services()
    init, app = found["minio-init"], found["app"]
    assert init["depends_on"]["minio"]["condition"] == "service_healthy"
    assert app["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    command = " ".join(init["entrypoint"])
    assert "mc mb --ignore-existing" in command and "$$BUCKET" in command
    assert init["environment"]["BUCKET"] == app["environment"]["LINEAGE_S3_BUCKET"]
    assert "@minio:9000" in init["environment"]["MC_HOST_store"]


def test_the_app_runs_in_production_and_is_healthy_when_ready() -> None:
    app = services()["app"]
    assert app["environment"]["LINEAGE_ENV"] == "production"
    probe = " ".join(app["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/readyz" in probe


def test_urls_are_signed_for_the_address_browsers_reach() -> None:
    found = services()
    env = found["app"]["environment"]
    inside = urlsplit(env["LINEAGE_S3_ENDPOINT_URL"])
    public = urlsplit(env["LINEAGE_S3_PUBLIC_ENDPOINT_URL"].split(":-", 1)[-1].rstrip("}"))
    assert inside.hostname == "minio"  # the compose network's name: no browser resolves it
    assert public.hostname == "localhost"
    published = {str(port).rsplit(":", 2)[-2] for port in found["minio"]["ports"]}
    assert str(public.port) in published, (public, published)


def test_the_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [str(TOOLS / "hadolint"), str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def stages() -> list[list[str]]:
    """The Dockerfile's instructions (continuations joined), split into its build stages."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found: list[list[str]] = []
    for line in lines:
        if line.startswith("#"):
            continue
        if line.startswith("FROM "):
            found.append([])
        found[-1].append(line)
    return found


def test_the_image_builds_the_explorer_then_serves_it() -> None:
    build, serve = stages()
    assert re.match(r"FROM node:\d+\.\d+\.\d+\S* AS explorer", build[0]), build[0]
    assert "RUN npm ci --no-audit --no-fund" in build and "RUN npm run build" in build
    assert re.match(r"FROM python:3\.11\.\d+\S*$", serve[0]), serve[0]
    assert "COPY --from=explorer /build/web/dist ./explorer" in serve
    env = " ".join(line for line in serve if line.startswith("ENV "))
    assert "LINEAGE_EXPLORER_DIR=/srv/lineage/explorer" in env
    assert "LINEAGE_ENV=production" in env


def test_the_image_installs_from_the_lock_and_runs_unprivileged() -> None:
    serve = stages()[-1]
    runs = " ".join(line for line in serve if line.startswith("RUN "))
    assert "--require-hashes -r requirements/run.txt" in runs
    assert "--no-deps" in runs and "[dev]" not in runs
    assert any(re.fullmatch(r"USER \d+", line) for line in serve)
    assert serve[-1] == 'CMD ["lineage", "run"]'


def test_the_docker_context_leaves_out_local_state_but_not_what_is_copied() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "web/node_modules", "web/dist"} <= ignored
    copied = {
        source
        for stage in stages()
        for line in stage
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    }
    for source in copied:
        top = source.rstrip("/")
        assert not any(top == entry or top.startswith(f"{entry}/") for entry in ignored), source
