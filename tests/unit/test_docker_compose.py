"""docker-compose.yml runs Neo4j 5.26 Community with a healthcheck, MinIO and the app."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def compose_plugin_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return probe.returncode == 0


def load_compose() -> dict:  # type: ignore[type-arg]
    if compose_plugin_available():
        out = subprocess.run(
            ["docker", "compose", "-f", str(COMPOSE), "config"],
            capture_output=True,
            text=True,
            check=True,
        )
        return yaml.safe_load(out.stdout)  # type: ignore[no-any-return]
    return yaml.safe_load(COMPOSE.read_text())  # type: ignore[no-any-return]


def test_services_ports_and_healthchecks() -> None:
    services = load_compose()["services"]
    assert set(services) == {"neo4j", "minio", "app"}
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert "healthcheck" in services["neo4j"] and "healthcheck" in services["minio"]
    assert any("7687" in str(port) for port in services["neo4j"]["ports"])
    assert any("9000" in str(port) for port in services["minio"]["ports"])
    assert any("8000" in str(port) for port in services["app"]["ports"])


def test_app_waits_for_healthy_neo4j_and_points_at_it() -> None:
    app = load_compose()["services"]["app"]
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
