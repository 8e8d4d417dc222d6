"""Soak and fault run: concurrent clients against the API while Neo4j is killed and restarted.

    .venv/bin/python scripts/soak.py [--clients 16] [--seconds 120] [--kill-at 50]
        [--down 5] [--refusal-ceiling 10] [--no-kill] [--seed N] [--json PATH] [--api-log PATH]

Starts its own managed Neo4j (a temporary data folder, a free loopback port) and the API as a
uvicorn subprocess on a free loopback port, creates users, spaces and tokens, then runs
`--clients` concurrent clients of random valid and invalid GraphQL operations (create, import,
clone, use in task, register renders, transitions, deletes with and without dry run, bad
inputs, malformed bodies, reads) for `--seconds`. At `--kill-at` seconds Neo4j is killed
(SIGKILL) and, after `--down` seconds, started again on the same port with the same data.

Every write carries an `Idempotency-Key`; a write whose answer was lost (connection error,
timeout, 5xx) or refused for the outage (503) is sent again with the same key until it is
answered. Afterwards it checks, through the API and the graph audits:

- every acknowledged write is there (created assets by id and exactly once by name, deleted
  ones gone, the last acknowledged state of each definition), every refused write absent;
- no HTTP 5xx other than 503, and no 503 outside the outage window (from the kill to the
  first success after the restart); during it, every refusal within `--refusal-ceiling`;
- `lineage.graph.audits` finds no violation;
- the service recovered (a success after the restart).

It prints requests by outcome, p50/p95 latency, writes acknowledged and verified, the outage
window and the recovery time, and exits 1 on any violation. Traffic goes to 127.0.0.1 only;
every loop is bounded by time and by `--max-requests`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from lineage.config import Settings
from lineage.graph import audits, migrations
from lineage.graph.database import Database, Timeouts
from lineage.neo4j_local import (
    LocalNeo4j,
    LocalNeo4jConfig,
    RunningNeo4j,
    free_port,
    read_server_file,
)
from lineage.services import access

HOST = "127.0.0.1"
START_CEILING_S = 120.0
REQUEST_TIMEOUT_S = 30.0
# A lost write is retried with its key for this long (the outage plus a slow restart).
RETRY_WINDOW_S = 300.0
# Setting up, checking and auditing are not under test: long timeouts on a loaded machine.
DIRECT_TIMEOUTS = Timeouts(transaction=300.0, retry=60.0)
ALIASES_PER_CHECK = 25
STUCK_AFTER = 3
# A key "in use" longer than any transaction may run was applied and its answer not kept.
IN_USE_PATIENCE_S = 60.0  # below the default alias limit (30)
OUTAGE_CODES = frozenset({"DATABASE_UNAVAILABLE", "DATABASE_TIMEOUT", "DATABASE_BUSY"})
RETRY_CODES = OUTAGE_CODES | {"IDEMPOTENCY_KEY_IN_USE"}
RETRY_LINE = re.compile(
    r'lineage_neo4j_transaction_retries_total\{reason="(?P<reason>[^"]+)"\} (?P<count>[0-9.e+]+)'
)

CONTAINER = "{ __typename ... on ContainerPayload { container { ... on ContainerNode { id } } } ... on Error { code message } }"  # noqa: E501
ASSET = (
    "{ __typename ... on AssetPayload { asset { id state name } } ... on Error { code message } }"  # noqa: E501
)
DELETE = (
    "{ __typename ... on DeleteReport { dryRun deleted { id } } ... on Error { code message } }"
)
CREATE_DEFINITION = f"""mutation($space: ID!, $type: DefinitionType!, $name: String!,
  $fields: JSON, $metadata: JSON) {{ r: createDefinition(spaceId: $space, type: $type,
  name: $name, fields: $fields, metadata: $metadata) {ASSET} }}"""
TRANSITION = (
    f"mutation($id: ID!, $to: State!) {{ r: transitionState(id: $id, to: $to) {ASSET} }}"  # noqa: E501
)
IMPORT = f"mutation($project: ID!, $source: ID!) {{ r: importToProject(projectId: $project, sourceId: $source) {ASSET} }}"  # noqa: E501
DERIVE = f"mutation($source: ID!) {{ r: deriveWorkingClone(sourceId: $source) {ASSET} }}"
USE = f"mutation($task: ID!, $source: ID!) {{ r: useInTask(taskId: $task, sourceId: $source) {ASSET} }}"  # noqa: E501
RENDER = f"""mutation($task: ID!, $name: String!, $inputs: [RenderInputSpec!]!) {{
  r: registerRender(containerId: $task, name: $name, inputs: $inputs, prompt: "soak") {ASSET} }}"""
DELETE_ASSET = (
    f"mutation($id: ID!, $dry: Boolean!) {{ r: deleteAsset(id: $id, dryRun: $dry) {DELETE} }}"  # noqa: E501
)
CREATE_SPACE = f"mutation($name: String!) {{ r: createSpace(name: $name) {CONTAINER} }}"
CREATE_PROJECT = f"mutation($space: ID!, $name: String!) {{ r: createProject(spaceId: $space, name: $name) {CONTAINER} }}"  # noqa: E501
CREATE_TASK = f"mutation($project: ID!, $name: String!) {{ r: createTask(projectId: $project, name: $name) {CONTAINER} }}"  # noqa: E501
READ_ASSET = "query($id: ID!) { asset(id: $id) { id state lock { locked } deletability { deletable } lineage(depth: 2) { nodes { asset { id } } } } }"  # noqa: E501
READ_SPACE = "query($id: ID!) { space(id: $id) { id projects { id tasks { id } } assets(first: 20) { totalCount nodes { id state } } } }"  # noqa: E501


# --- what happened ------------------------------------------------------------------------


@dataclass
class Request:
    op: str
    started: float
    seconds: float
    outcome: str  # ok, typed, gql_error, 4xx, 503, 5xx, transport
    status: int | None
    detail: str = ""


@dataclass
class Reply:
    status: int | None  # None: no answer (connection error, timeout)
    body: Any
    headers: dict[str, str]

    @property
    def codes(self) -> list[str]:
        if not isinstance(self.body, dict):
            return []
        errors = self.body.get("errors") or []
        return [(error.get("extensions") or {}).get("code") or "" for error in errors]

    @property
    def result(self) -> dict[str, Any] | None:
        data = self.body.get("data") if isinstance(self.body, dict) else None
        return (data or {}).get("r")


@dataclass
class Expectations:
    """What the graph must hold afterwards, by client."""

    present: dict[str, str] = field(default_factory=dict)  # asset id -> name
    absent: set[str] = field(default_factory=set)  # asset ids deleted (acknowledged)
    states: dict[str, str] = field(default_factory=dict)  # definition id -> last acked state
    uncertain_state: set[str] = field(default_factory=set)
    # (container kind, container id, name) -> how many: 1 acked, 0 refused, None unknown.
    names: dict[tuple[str, str, str], int | None] = field(default_factory=dict)


@dataclass
class Run:
    started: float = field(default_factory=time.monotonic)
    requests: list[Request] = field(default_factory=list)
    killed_at: float | None = None
    restarted_at: float | None = None
    first_success_after: float | None = None
    writes_acked: int = 0
    writes_refused: int = 0
    writes_unknown: int = 0
    retried_writes: int = 0
    replayed: Counter[str] = field(default_factory=Counter)  # replayed answers by status
    replay_samples: list[dict[str, Any]] = field(default_factory=list)
    stuck_keys: int = 0  # writes whose key kept replaying a "retry later" answer
    answers_lost: int = 0  # writes whose key stayed "in use" past IN_USE_PATIENCE_S
    budget: int = 200_000
    load_at_start: float = 0.0
    violations: list[str] = field(default_factory=list)

    def note(self, request: Request) -> None:
        self.requests.append(request)
        if (
            request.outcome in ("ok", "typed")
            and self.restarted_at is not None
            and self.first_success_after is None
            and request.started >= self.restarted_at
        ):
            self.first_success_after = request.started + request.seconds

    @property
    def exhausted(self) -> bool:
        return len(self.requests) >= self.budget


# --- one client ---------------------------------------------------------------------------


@dataclass
class Shared:
    """What all clients see: the shared space's projects, tasks and canonical definitions."""

    space: str
    readonly_space: str
    projects: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    canonical: list[str] = field(default_factory=list)


class Client:
    def __init__(
        self, number: int, url: str, token: str, space: str, shared: Shared, run: Run, seed: int
    ) -> None:
        self.number = number
        self.url = url
        self.token = token
        self.space = space
        self.shared = shared
        self.run = run
        self.random = random.Random(seed)
        self.expect = Expectations()
        self.sequence = 0
        self.projects: list[tuple[str, str]] = []  # (project id, its space)
        self.tasks: list[tuple[str, str]] = []  # (task id, its project)
        self.drafts: list[str] = []
        self.canonical: list[tuple[str, str]] = []  # (definition id, its space)
        self.bases: list[tuple[str, str]] = []  # (base clone id, its project)
        self.working: list[tuple[str, str]] = []  # (working clone id, its project)
        self.in_tasks: list[tuple[str, str]] = []  # (task clone id, its task)
        self.space_of: dict[str, str] = {}  # definition id -> its space
        self.name_key: dict[str, tuple[str, str, str]] = {}  # asset id -> its names entry
        self.http = httpx.AsyncClient(
            timeout=REQUEST_TIMEOUT_S, headers={"Authorization": f"Bearer {token}"}
        )

    def name(self, kind: str) -> str:
        self.sequence += 1
        return f"soak-{kind}-c{self.number}-{self.sequence}"

    # transport ------------------------------------------------------------------------

    async def send(
        self,
        op: str,
        query: str | None,
        variables: dict[str, Any] | None = None,
        *,
        key: str | None = None,
        content: bytes | None = None,
    ) -> Reply:
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        if content is None:
            content = json.dumps({"query": query, "variables": variables or {}}).encode()
        started = time.monotonic()
        try:
            response = await self.http.post(f"{self.url}/graphql", content=content, headers=headers)
        except httpx.HTTPError as error:
            reply = Reply(None, None, {})
            self.run.note(
                Request(
                    op, started, time.monotonic() - started, "transport", None, type(error).__name__
                )
            )
            return reply
        try:
            body = response.json()
        except ValueError:
            body = response.text[:200]
        reply = Reply(response.status_code, body, dict(response.headers))
        if reply.headers.get("idempotent-replayed"):
            self.run.replayed[str(reply.status)] += 1
            if reply.status != 200 and len(self.run.replay_samples) < 5:
                self.run.replay_samples.append({"op": op, "status": reply.status, "key": key,
                                                "body": reply.body})  # fmt: skip
        outcome = classify(reply)
        detail = ",".join(c for c in reply.codes if c) or (
            reply.result.get("__typename", "") if reply.result else ""
        )
        self.run.note(
            Request(op, started, time.monotonic() - started, outcome, reply.status, detail)
        )
        return reply

    async def write(self, op: str, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        """Send a mutation until it is answered (same key on every try): its `r`, or None
        when no answer came within the retry window (outcome unknown)."""
        key = uuid.uuid4().hex
        deadline = time.monotonic() + RETRY_WINDOW_S
        tries = replayed_refusals = 0
        in_use_since: float | None = None
        while True:
            tries += 1
            reply = await self.send(op, query, variables, key=key)
            if reply.status == 503 and reply.headers.get("idempotent-replayed"):
                replayed_refusals += 1
                if replayed_refusals >= STUCK_AFTER:  # the same 503 again: retrying is futile
                    self.run.stuck_keys += 1
                    self.run.writes_unknown += 1
                    return None
            if reply.status == 200 and not set(reply.codes) & RETRY_CODES:
                if tries > 1:
                    self.run.retried_writes += 1
                result = reply.result
                # A GraphQL error (no `r`) or a typed error: the write did not apply.
                if result is None or result.get("__typename", "").endswith("Error"):
                    self.run.writes_refused += 1
                else:
                    self.run.writes_acked += 1
                return result or {"__typename": "GraphQLError", "errors": reply.codes}
            if "IDEMPOTENCY_ANSWER_LOST" in reply.codes:  # applied; the service says so
                self.run.answers_lost += 1
                self.run.writes_unknown += 1
                return None
            if "IDEMPOTENCY_KEY_IN_USE" in reply.codes:
                in_use_since = in_use_since or time.monotonic()
                if time.monotonic() - in_use_since > IN_USE_PATIENCE_S:  # applied, answer lost
                    self.run.answers_lost += 1
                    self.run.writes_unknown += 1
                    return None
            elif reply.status is not None and 400 <= reply.status < 500:
                self.run.writes_refused += 1
                return {"__typename": "HTTP", "status": reply.status}
            if time.monotonic() > deadline:
                self.run.writes_unknown += 1
                return None
            await asyncio.sleep(retry_delay(reply, self.random))

    # operations -----------------------------------------------------------------------

    async def create_definition(self) -> None:
        space = self.random.choice([self.space, self.space, self.shared.space])
        name = self.name("def")
        kind = self.random.choice(["CHARACTER", "SCENE", "STYLE"])
        metadata = {"client": self.number, "n": self.sequence, "tags": ["a", "b"]}
        variables = {"space": space, "type": kind, "name": name, "metadata": metadata}
        result = await self.write("createDefinition", CREATE_DEFINITION, variables)
        self.settle(("space", space, name), result)
        if acked(result):
            asset = result["asset"]  # type: ignore[index]
            self.expect.present[asset["id"]] = name
            self.expect.states[asset["id"]] = "DRAFT"
            self.drafts.append(asset["id"])
            self.space_of[asset["id"]] = space
            self.name_key[asset["id"]] = ("space", space, name)

    async def create_invalid_definition(self) -> None:
        name = self.name("bad")
        space, kind = self.space, "CHARACTER"
        fields: dict[str, Any] | None = None
        choice = self.random.randrange(4)
        if choice == 0:
            kind = "BOGUS"
        elif choice == 1:
            fields = {"no_such_field": 1}
        elif choice == 2 and self.number != 0:  # client 0 owns that space
            space = self.shared.readonly_space  # a viewer there: forbidden
        else:
            fields = {"canonical_tags": "not a list"}
        variables = {"space": space, "type": kind, "name": name, "fields": fields}
        result = await self.write("createDefinition(invalid)", CREATE_DEFINITION, variables)
        if acked(result):
            self.run.violations.append(f"an invalid definition was accepted: {variables}")
        self.settle(("space", space, name), result)

    async def transition(self) -> None:
        if self.drafts and self.random.random() < 0.7:
            target, to = self.drafts.pop(self.random.randrange(len(self.drafts))), "CANONICAL"
        elif self.canonical and self.random.random() < 0.5:
            target, _ = self.random.choice(self.canonical)
            to = self.random.choice(["DRAFT", "ARCHIVED"])  # refused: not allowed from CANONICAL
        else:
            return
        result = await self.write("transitionState", TRANSITION, {"id": target, "to": to})
        if result is None:
            self.expect.uncertain_state.add(target)
        elif acked(result):
            self.expect.states[target] = result["asset"]["state"]
            if to == "CANONICAL":
                space = self.space_of[target]
                self.canonical.append((target, space))
                if space == self.shared.space:
                    self.shared.canonical.append(target)
        elif to == "CANONICAL":
            self.drafts.append(target)

    async def create_container(self) -> None:
        if not self.projects or self.random.random() < 0.3:
            space = self.random.choice([self.space, self.shared.space])
            name = self.name("project")
            result = await self.write(
                "createProject", CREATE_PROJECT, {"space": space, "name": name}
            )
            if acked(result):
                project = result["container"]["id"]  # type: ignore[index]
                self.projects.append((project, space))
                if space == self.shared.space:
                    self.shared.projects.append(project)
            return
        project, _ = self.random.choice(self.projects)
        result = await self.write(
            "createTask", CREATE_TASK, {"project": project, "name": self.name("task")}
        )
        if acked(result):
            task = result["container"]["id"]  # type: ignore[index]
            self.tasks.append((task, project))
            if project in self.shared.projects:
                self.shared.tasks.append(task)

    async def import_definition(self) -> None:
        if not self.projects:
            return
        project, space = self.random.choice(self.projects)
        pool = [d for d, s in self.canonical if s == space]
        if space == self.shared.space:
            pool += self.shared.canonical
        if not pool:
            return
        source = self.random.choice(pool)
        result = await self.write("importToProject", IMPORT, {"project": project, "source": source})
        if acked(result):
            self.bases.append((result["asset"]["id"], project))  # type: ignore[index]
            self.expect.present.setdefault(result["asset"]["id"], result["asset"]["name"])  # type: ignore[index]

    async def derive(self) -> None:
        if not self.bases:
            return
        base, project = self.random.choice(self.bases)
        result = await self.write("deriveWorkingClone", DERIVE, {"source": base})
        if acked(result):
            self.working.append((result["asset"]["id"], project))  # type: ignore[index]
            self.expect.present[result["asset"]["id"]] = result["asset"]["name"]  # type: ignore[index]

    async def use_in_task(self) -> None:
        sources = self.working + self.bases
        if not sources:
            return
        source, project = self.random.choice(sources)
        tasks = [t for t, p in self.tasks if p == project]
        if not tasks:
            return
        task = self.random.choice(tasks)
        result = await self.write("useInTask", USE, {"task": task, "source": source})
        if acked(result):
            self.in_tasks.append((result["asset"]["id"], task))  # type: ignore[index]
            self.expect.present.setdefault(result["asset"]["id"], result["asset"]["name"])  # type: ignore[index]

    async def register_render(self) -> None:
        if not self.in_tasks:
            return
        clone, task = self.random.choice(self.in_tasks)
        name = self.name("render")
        inputs = [{"id": clone}]
        refused_expected = self.random.random() < 0.25
        # A draft of another space is out of the task's reach (a draft of its own space
        # is a usable input, docs/domain.md §6).
        elsewhere = [d for d in self.drafts if self.space_of[d] != self.space_of_task(task)]
        if refused_expected and elsewhere:
            inputs.append({"id": self.random.choice(elsewhere)})
        elif refused_expected:
            inputs = [{"id": "no-such-asset"}]
        variables = {"task": task, "name": name, "inputs": inputs}
        result = await self.write("registerRender", RENDER, variables)
        if refused_expected and acked(result):
            self.run.violations.append(f"a render with unusable inputs was accepted: {variables}")
        self.settle(("task", task, name), result)
        if acked(result):
            self.expect.present[result["asset"]["id"]] = name  # type: ignore[index]
            self.name_key[result["asset"]["id"]] = ("task", task, name)  # type: ignore[index]

    def space_of_task(self, task: str) -> str:
        project = next(p for t, p in self.tasks if t == task)
        return next(s for p, s in self.projects if p == project)

    async def delete(self) -> None:
        if self.drafts and self.random.random() < 0.5:
            target = self.drafts.pop(self.random.randrange(len(self.drafts)))
            result = await self.write("deleteAsset", DELETE_ASSET, {"id": target, "dry": False})
            gone = [a["id"] for a in result["deleted"]] if acked(result) else []  # type: ignore[index]
            if target in gone:
                self.forget(target, deleted=True)
            elif result is None:
                self.forget(target, deleted=None)  # unknown: gone or there are both right
            else:
                self.drafts.append(target)
            return
        known = list(self.expect.present)
        if not known:
            return
        target = self.random.choice(known)
        result = await self.write("deleteAsset(dry run)", DELETE_ASSET, {"id": target, "dry": True})
        if acked(result) and not result["dryRun"]:  # type: ignore[index]
            self.run.violations.append(f"a dry run deleted {target}")

    async def read(self) -> None:
        known = list(self.expect.present)
        if known and self.random.random() < 0.6:
            await self.send("read asset", READ_ASSET, {"id": self.random.choice(known)})
        else:
            await self.send(
                "read space",
                READ_SPACE,
                {"id": self.random.choice([self.space, self.shared.space])},
            )

    async def malformed(self) -> None:
        bodies = [
            b'"{ viewer { id } }"',
            b"null",
            b'{"query": "{ viewer { id } }"',
            b'{"query": "{ viewer { id } }", "variables": [1]}',
            b'{"query": "{ viewer { id } }", "variables": ' + b"[" * 3000 + b"]" * 3000 + b"}",
            json.dumps({"query": CREATE_SPACE, "variables": {"name": "x\ud800"}}).encode(),
            b'{"query": "{ viewer { id \xff } }"}',
            json.dumps({"query": "{ " + "viewer { " * 40 + "id" + " }" * 40 + " }"}).encode(),
        ]
        index = self.random.randrange(len(bodies))
        await self.send(f"malformed #{index}", None, content=bodies[index])

    def forget(self, asset_id: str, deleted: bool | None) -> None:
        """A delete was acknowledged (True) or its outcome is unknown (None)."""
        self.expect.present.pop(asset_id, None)
        self.expect.states.pop(asset_id, None)
        if deleted:
            self.expect.absent.add(asset_id)
        key = self.name_key.get(asset_id)
        if key is not None:
            self.expect.names[key] = 0 if deleted else None

    def settle(self, key: tuple[str, str, str], result: dict[str, Any] | None) -> None:
        """Record how many assets named `key` must exist afterwards."""
        if result is None:
            self.expect.names[key] = None
        else:
            self.expect.names[key] = 1 if acked(result) else 0

    OPERATIONS = (
        ("create_definition", 18),
        ("create_invalid_definition", 6),
        ("transition", 12),
        ("create_container", 4),
        ("import_definition", 8),
        ("derive", 6),
        ("use_in_task", 6),
        ("register_render", 8),
        ("delete", 7),
        ("read", 15),
        ("malformed", 4),
    )

    async def loop(self, until: float) -> None:
        names = [name for name, _ in self.OPERATIONS]
        weights = [weight for _, weight in self.OPERATIONS]
        while time.monotonic() < until and not self.run.exhausted:
            operation = self.random.choices(names, weights)[0]
            await getattr(self, operation)()

    async def close(self) -> None:
        await self.http.aclose()


PAYLOADS = frozenset({"AssetPayload", "ContainerPayload", "DeleteReport"})


def acked(result: dict[str, Any] | None) -> bool:
    return result is not None and result.get("__typename") in PAYLOADS


def classify(reply: Reply) -> str:
    if reply.status is None:
        return "transport"
    if reply.status == 503:
        return "503"
    if "IDEMPOTENCY_KEY_IN_USE" in reply.codes:
        return "409 key in use"
    if "IDEMPOTENCY_ANSWER_LOST" in reply.codes:
        return "409 answer lost"
    if reply.status >= 500:
        return "5xx"
    if reply.status >= 400:
        return "4xx"
    if reply.codes:
        return "internal" if "INTERNAL" in reply.codes else "gql_error"
    result = reply.result
    if result and result.get("__typename", "").endswith("Error"):
        return "typed"
    return "ok"


def retry_delay(reply: Reply, chance: random.Random) -> float:
    """Retry-After when given (at most 2 s: the outage is short), else a short backoff."""
    try:
        after = float(reply.headers.get("retry-after", "0.5"))
    except ValueError:
        after = 0.5
    return min(after, 2.0) * (0.5 + chance.random())


# --- verification -------------------------------------------------------------------------


async def verify(client: Client, run: Run) -> Counter[str]:
    """Check the client's expectations through the API; count what was verified."""
    checked: Counter[str] = Counter()
    expect = client.expect
    ids = list(expect.present) + list(expect.absent)
    for chunk in chunks(ids, ALIASES_PER_CHECK):
        query = (
            "{ "
            + " ".join(f'a{i}: asset(id: "{id}") {{ id name state }}' for i, id in enumerate(chunk))
            + " }"
        )
        reply = await client.send("verify", query)
        data = (reply.body or {}).get("data") or {} if isinstance(reply.body, dict) else {}
        if reply.status != 200 or reply.codes:
            run.violations.append(f"verification read failed: {reply.status} {reply.codes}")
            continue
        for i, asset_id in enumerate(chunk):
            found = data.get(f"a{i}")
            if asset_id in expect.absent:
                checked["deleted, verified gone"] += 1
                if found is not None:
                    run.violations.append(f"acknowledged delete of {asset_id} but it is there")
                continue
            if found is None:
                run.violations.append(f"acknowledged write of {asset_id} but it is missing")
                continue
            checked["created, verified present"] += 1
            want = expect.states.get(asset_id)
            if want and asset_id not in expect.uncertain_state:
                checked["state verified"] += 1
                if found["state"] != want:
                    run.violations.append(f"{asset_id} is {found['state']}, last acked {want}")
    named = list(expect.names.items())
    for chunk in chunks(named, ALIASES_PER_CHECK):
        parts = []
        for i, ((kind, container, name), _) in enumerate(chunk):
            named_like = (
                f"assets(filter: {{nameContains: {json.dumps(name)}}}) {{ nodes {{ name }} }}"
            )
            parts.append(f'n{i}: {kind}(id: "{container}") {{ {named_like} }}')
        reply = await client.send("verify names", "{ " + " ".join(parts) + " }")
        if reply.status != 200 or reply.codes:
            run.violations.append(f"verification read failed: {reply.status} {reply.codes}")
            continue
        data = reply.body["data"]
        for i, ((_, _, name), want) in enumerate(chunk):
            nodes = ((data.get(f"n{i}") or {}).get("assets") or {}).get("nodes") or []
            count = sum(1 for node in nodes if node["name"] == name)
            if want is None:
                checked[f"unknown outcome, found {min(count, 2)} times"] += 1
                if count > 1:
                    run.violations.append(f"{name} exists {count} times (unknown outcome)")
            elif want == 1:
                checked["acked, exactly once by name"] += 1
                if count != 1:
                    run.violations.append(f"{name} exists {count} times, acknowledged once")
            else:
                checked["refused, verified absent"] += 1
                if count != 0:
                    run.violations.append(f"{name} was refused but exists {count} times")
    return checked


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the servers --------------------------------------------------------------------------


class Neo4jUnderTest:
    """The managed Neo4j on a fixed port: started, killed, started again on the same data."""

    def __init__(self, folder: Path) -> None:
        self.config = LocalNeo4jConfig(
            cache_dir=Settings().cache_dir,
            data_dir=folder,
            bolt_port=free_port(),
            heap="1g",
            pagecache="256m",
        )
        self.server = LocalNeo4j(self.config, progress=lambda _: None)
        self.running: RunningNeo4j | None = None

    def start(self) -> RunningNeo4j:
        self.server = LocalNeo4j(self.config, progress=lambda _: None)
        self.running = self.server.start()
        return self.running

    def kill(self) -> None:
        process = self.server.process
        assert process is not None
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        self.server.stop()


@contextlib.contextmanager
def api_process(running: RunningNeo4j, folder: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log_path = folder / "api.log"
    env = {
        **os.environ,
        "NEO4J_URI": running.uri,
        "NEO4J_DATABASE": "neo4j",
        "LINEAGE_DATA_DIR": str(folder / "api-data"),
        "LINEAGE_ENV": "production",
        "LINEAGE_PUBLIC_URL": f"http://{HOST}:{port}",
    }
    if running.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = running.auth
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "lineage.app:create_app_from_env",
        "--host", HOST, "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        wait_ready(url, process, log_path, START_CEILING_S)
        yield url, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- setting up ---------------------------------------------------------------------------


async def make_users(running: RunningNeo4j, count: int) -> list[tuple[str, str]]:
    db = Database.connect(running.uri, running.auth, "neo4j", timeouts=DIRECT_TIMEOUTS)
    try:
        await migrations.apply(db)
        users = []
        for number in range(count):
            user = await access.create_user(db, f"Soak client {number}")
            users.append((user.id, await access.create_token(db, user.id)))
        return users
    finally:
        await db.close()


async def make_spaces(
    url: str, running: RunningNeo4j, users: list[tuple[str, str]]
) -> tuple[Shared, list[str]]:
    """A shared space (client 0 owns it, the others edit), a space where the others only
    view, and one private space per client. Memberships are set the operator's way."""

    async def mutate(token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S) as http:
            response = await http.post(
                f"{url}/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
        result = response.json()["data"]["r"]
        assert not result["__typename"].endswith("Error"), result
        return result  # type: ignore[no-any-return]

    owner = users[0][1]
    shared = (await mutate(owner, CREATE_SPACE, {"name": "soak shared"}))["container"]["id"]
    readonly = (await mutate(owner, CREATE_SPACE, {"name": "soak read-only"}))["container"]["id"]
    db = Database.connect(running.uri, running.auth, "neo4j", timeouts=DIRECT_TIMEOUTS)
    try:
        for user_id, _ in users[1:]:
            await access.set_member(db, shared, user_id, "EDITOR")
            await access.set_member(db, readonly, user_id, "VIEWER")
    finally:
        await db.close()
    private = []
    for number, (_, token) in enumerate(users):
        space = await mutate(token, CREATE_SPACE, {"name": f"soak private {number}"})
        private.append(space["container"]["id"])
    return Shared(shared, readonly), private


# --- the run ------------------------------------------------------------------------------


@dataclass
class Service:
    """Neo4j and the API under test: where they answer, how to kill Neo4j and see it back."""

    url: str
    log_path: Path
    neo4j: Callable[[], RunningNeo4j]  # the server now (its address and password)
    kill: Callable[[], None]
    back: Callable[[], None]  # blocks until Neo4j answers again
    how: str


@contextlib.contextmanager
def managed_service(args: argparse.Namespace, folder: Path) -> Iterator[Service]:
    """The script's own Neo4j (killed, then started again after `--down` s) and API."""
    neo4j = Neo4jUnderTest(folder / "neo4j")
    print(f"starting Neo4j on {HOST}:{neo4j.config.bolt_port} in {folder}", flush=True)
    running = neo4j.start()
    try:
        with api_process(running, folder) as (url, log_path):

            def back() -> None:
                time.sleep(args.down)
                neo4j.start()

            now = lambda: neo4j.running or running  # noqa: E731
            yield Service(url, log_path, now, neo4j.kill, back, "restarted by the script")
    finally:
        neo4j.stop()


@contextlib.contextmanager
def supervised_service(args: argparse.Namespace, folder: Path) -> Iterator[Service]:
    """`lineage run` (its managed Neo4j supervised) on free ports; its supervisor restarts
    the killed Neo4j."""
    port, data = free_port(), folder / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "LINEAGE_NEO4J_URI")}
    env |= {
        "LINEAGE_DATA_DIR": str(data), "LINEAGE_HOST": HOST, "LINEAGE_PORT": str(port),
        "LINEAGE_NEO4J_BOLT_PORT": str(free_port()), "LINEAGE_NEO4J_HEAP": "1g",
        "LINEAGE_NEO4J_PAGECACHE": "256m", "LINEAGE_ENV": "production",
    }  # fmt: skip
    log_path = folder / "api.log"
    command = [sys.executable, "-c", "from lineage.cli import app; app()", "run"]
    print(f"starting `lineage run` on {HOST}:{port} in {folder}", flush=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        wait_ready(url, process, log_path, START_CEILING_S * 2)
        first = read_server_file(data / "neo4j")
        assert first is not None, "lineage run answers but wrote no server.json"
        current = [first]

        def kill() -> None:
            os.kill(current[0].pid, signal.SIGKILL)

        def back() -> None:
            deadline = time.monotonic() + START_CEILING_S * 3
            while time.monotonic() < deadline:
                found = read_server_file(data / "neo4j")
                if found is not None and found.pid != current[0].pid:
                    current[0] = found
                    return
                time.sleep(0.2)
            raise SystemExit("the supervisor did not bring Neo4j back")

        yield Service(url, log_path, lambda: current[0], kill, back, "restarted by lineage run")
    finally:
        process.send_signal(signal.SIGINT)  # `lineage run` stops Neo4j on Ctrl-C
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, ceiling: float) -> None:
    deadline = time.monotonic() + ceiling
    while True:
        if process.poll() is not None:
            raise SystemExit(f"the service exited during start-up; see {log}")
        if time.monotonic() > deadline:
            raise SystemExit(f"the service did not start in {ceiling:.0f} s; see {log}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        time.sleep(0.2)


async def fault(service: Service, run: Run, kill_at: float) -> None:
    await asyncio.sleep(kill_at)
    service.kill()
    run.killed_at = time.monotonic()
    print(f"[{run.killed_at - run.started:6.1f} s] Neo4j killed (SIGKILL)", flush=True)
    await asyncio.to_thread(service.back)
    run.restarted_at = time.monotonic()
    print(f"[{run.restarted_at - run.started:6.1f} s] Neo4j answers again", flush=True)


async def soak(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    serving = supervised_service if args.supervised else managed_service
    with serving(args, folder) as service:
        url = service.url
        users = await make_users(service.neo4j(), args.clients)
        shared, private = await make_spaces(url, service.neo4j(), users)
        run = Run(budget=args.max_requests)
        clients = [
            Client(n, url, token, private[n], shared, run, args.seed * 1000 + n)
            for n, (_, token) in enumerate(users)
        ]
        print(f"API at {url}; {args.clients} clients for {args.seconds:.0f} s", flush=True)
        run.started = time.monotonic()
        run.load_at_start = round(os.getloadavg()[0], 1)
        until = run.started + args.seconds
        faults = asyncio.create_task(
            asyncio.sleep(0) if args.no_kill else fault(service, run, args.kill_at)
        )
        await asyncio.gather(*(client.loop(until) for client in clients))
        load_seconds = time.monotonic() - run.started
        await faults
        retries = transaction_retries(url)
        checked: Counter[str] = Counter()
        for client in clients:
            checked += await verify(client, run)
        for client in clients:
            await client.close()
        audit_results, audit_seconds = await run_audits(service.neo4j())
        log_text = service.log_path.read_text(errors="replace")
        if args.api_log:
            args.api_log.write_text(log_text)
    figures = report(run, checked, audit_results, log_text, load_seconds, args)
    figures["figures"]["transaction_retries_by_reason"] = retries
    figures["figures"]["neo4j"] = service.how
    figures["figures"]["audit_seconds"] = audit_seconds
    return figures


def transaction_retries(url: str) -> dict[str, float]:
    """The API's count of transactions the driver retried, by reason (from /metrics):
    DeadlockDetected says two writers locked in opposite orders."""
    found = {}
    for line in httpx.get(f"{url}/metrics", timeout=30).text.splitlines():
        match = RETRY_LINE.fullmatch(line)
        if match:
            found[match["reason"]] = float(match["count"])
    return found


async def run_audits(running: RunningNeo4j) -> tuple[list[audits.AuditResult], dict[str, float]]:
    """Every audit, one after the other (each timed), with room for a slow one."""
    db = Database.connect(running.uri, running.auth, "neo4j", timeouts=DIRECT_TIMEOUTS)
    results, seconds = [], {}
    try:
        for audit in audits.AUDITS:
            started = time.monotonic()
            results.append(await audits.run_audit(db, audit))
            seconds[audit.name] = round(time.monotonic() - started, 2)
        return results, seconds
    finally:
        await db.close()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(
    run: Run,
    checked: Counter[str],
    audit_results: list[audits.AuditResult],
    log_text: str,
    load_seconds: float,
    args: argparse.Namespace,
) -> dict[str, Any]:
    load = [r for r in run.requests if r.op not in ("verify", "verify names")]
    outcomes = Counter(r.outcome for r in load)
    ok_latency = [r.seconds for r in load if r.outcome in ("ok", "typed")]
    outage_end = run.first_success_after
    in_outage = [
        r for r in load
        if run.killed_at is not None and r.started + r.seconds >= run.killed_at
        and (outage_end is None or r.started <= outage_end)
    ]  # fmt: skip
    for r in load:
        if r.outcome in ("5xx", "internal"):
            run.violations.append(f"{r.op}: {r.outcome} (HTTP {r.status} {r.detail})")
        if r.outcome == "503" and r not in in_outage:
            run.violations.append(f"{r.op}: 503 outside the outage ({r.detail})")
    unavailable_503 = [r for r in load if r.outcome == "503"]
    latency_503 = [r.seconds for r in unavailable_503]
    no_code = [r for r in unavailable_503 if not set(r.detail.split(",")) & OUTAGE_CODES]
    if no_code:
        run.violations.append(f"{len(no_code)} 503s without a DATABASE_UNAVAILABLE code")
    refusals = [r for r in in_outage if r.outcome not in ("ok", "typed")]
    slow = [r for r in refusals if r.outcome == "transport" or r.seconds > args.refusal_ceiling]
    if slow:
        run.violations.append(
            f"{len(slow)} requests during the outage not answered within "
            f"{args.refusal_ceiling:.0f} s (503 expected within seconds)"
        )
    if run.killed_at is not None and run.first_success_after is None:
        run.violations.append("no successful request after Neo4j was started again")
    audit_violations = sum(len(result.violations) for result in audit_results)
    for result in audit_results:
        for violation in result.violations[:5]:
            run.violations.append(f"audit {result.name}: {violation}")
    tracebacks = log_text.count("Traceback (most recent call last)")
    figures = {
        "command": " ".join(["scripts/soak.py", *sys.argv[1:]]),
        "clients": args.clients,
        "load_average_1min_start": run.load_at_start,
        "load_seconds": round(load_seconds, 1),
        "requests": len(load),
        "requests_per_second": round(len(load) / load_seconds, 1) if load_seconds else 0,
        "outcomes": dict(sorted(outcomes.items())),
        "by_operation": dict(sorted(Counter(r.op for r in load).items())),
        "latency_ok_p50_ms": round(percentile(ok_latency, 0.5) * 1000, 1),
        "latency_ok_p95_ms": round(percentile(ok_latency, 0.95) * 1000, 1),
        "latency_ok_max_ms": round(max(ok_latency, default=0) * 1000, 1),
        "outage_requests": dict(Counter(r.outcome for r in in_outage)),
        "outage_latency_p95_ms": round(percentile([r.seconds for r in in_outage], 0.95) * 1000, 1),
        "latency_503_p50_ms": round(percentile(latency_503, 0.5) * 1000, 1),
        "latency_503_max_ms": round(max(latency_503, default=0) * 1000, 1),
        "no_answer": dict(Counter(f"{r.op}: {r.detail}" for r in load if r.outcome == "transport")),
        "writes_acknowledged": run.writes_acked,
        "writes_refused": run.writes_refused,
        "writes_unknown_outcome": run.writes_unknown,
        "writes_retried_then_answered": run.retried_writes,
        "idempotent_replays_by_status": dict(run.replayed),
        "writes_stuck_on_replayed_503": run.stuck_keys,
        "writes_key_in_use_past_patience": run.answers_lost,
        "verified": dict(checked),
        "killed_at_s": rel(run, run.killed_at),
        "restarted_at_s": rel(run, run.restarted_at),
        "first_success_after_restart_s": rel(run, run.first_success_after),
        "outage_window_s": span(run.killed_at, run.first_success_after),
        "recovery_after_restart_s": span(run.restarted_at, run.first_success_after),
        "audits_run": len(audit_results),
        "audit_violations": audit_violations,
        "api_log_tracebacks": tracebacks,
        "load_average_1min_end": round(os.getloadavg()[0], 1),
        "violations": len(run.violations),
    }
    return {"figures": figures, "violations": run.violations, "replayed": run.replay_samples}


def rel(run: Run, moment: float | None) -> float | None:
    return None if moment is None else round(moment - run.started, 2)


def span(start: float | None, end: float | None) -> float | None:
    return None if start is None or end is None else round(end - start, 2)


def print_report(result: dict[str, Any]) -> None:
    figures = result["figures"]
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {json.dumps(value) if isinstance(value, dict) else value}")
    violations = result["violations"]
    if violations:
        print(f"\n{len(violations)} violation(s):")
        shown = Counter(violations)
        for text, times in list(shown.items())[:40]:
            print(f"  - {text}" + (f"  (x{times})" if times > 1 else ""))
    else:
        print("\nno violations")
    print(f"latency of successful requests: median {figures['latency_ok_p50_ms']} ms", end="")
    print(f", p95 {figures['latency_ok_p95_ms']} ms")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--kill-at", type=float, default=None, help="default: 40%% of --seconds")
    parser.add_argument("--down", type=float, default=5.0, help="seconds Neo4j stays down")
    parser.add_argument(
        "--refusal-ceiling",
        type=float,
        default=10.0,
        help="seconds within which a request must be answered while Neo4j is down",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--no-kill", action="store_true", help="a baseline without the fault")
    parser.add_argument(
        "--supervised",
        action="store_true",
        help="run `lineage run` and let its supervisor restart the killed Neo4j (--down unused)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--api-log", type=Path, default=None, help="keep the API's log here")
    args = parser.parse_args(argv)
    if args.kill_at is None:
        args.kill_at = args.seconds * 0.4
    if not 0 < args.kill_at < args.seconds:
        parser.error("--kill-at must fall inside the run")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lineage-soak-") as tmp:
        result = asyncio.run(soak(args, Path(tmp)))
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if result["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
