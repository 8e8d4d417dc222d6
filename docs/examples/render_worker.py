"""A render worker: it makes the image a job asks for, then records the render with its
inputs, prompt and parameters in one call (upload, checksum, registration, retries)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from lineage.client import LineageClient, NotFoundError, NotUsableError, ScopeViolationError


def generate(prompt: str, parameters: dict[str, Any], out: Path) -> Path:
    """Stands in for the image model: writes the picture and returns its path."""
    out.write_bytes(b"\x89PNG\r\n\x1a\n" + json.dumps([prompt, parameters]).encode())
    return out


def handle(client: LineageClient, job: dict[str, Any]) -> str:
    image = generate(job["prompt"], job["parameters"], Path(job["output"]))
    try:
        render = client.register_render(
            job["task_id"],
            job["inputs"],
            file=image,
            prompt=job["prompt"],
            parameters=job["parameters"],
            idempotency_key=job["id"],  # the job's id: a repeated job is registered once
        )
    except (NotFoundError, NotUsableError, ScopeViolationError) as refused:
        return f"job {job['id']} refused: {refused.message}"  # the job is wrong: no retry
    return f"job {job['id']}: render {render.id} ({render.state}), {len(render.inputs)} inputs"


def main(job_files: list[str]) -> None:
    with LineageClient() as client:  # LINEAGE_URL and LINEAGE_TOKEN from the environment
        for job_file in job_files:
            print(handle(client, json.loads(Path(job_file).read_text())))


if __name__ == "__main__":
    main(sys.argv[1:])
