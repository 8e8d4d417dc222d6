"""/graphql fuzzed from its own schema (hypothesis-graphql), over real HTTP, as a signed-in
user, against a real Neo4j holding a small world of spaces, assets and renders.

Whatever the document, the service answers with a JSON object holding `data` or `errors`,
never an HTTP 5xx, never an `INTERNAL` error, and logs no traceback. Id arguments are
often swapped for ids of the world, and state, type and mode arguments for real values,
so that operations reach the engine instead of stopping at "not found"."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from lineage import cypher
from lineage.api.schema import schema
from lineage.domain.enums import AssetType, InputRole, State, TaskDeleteMode
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget

from .conftest import CLIENT_TIMEOUT_S, Caller, make_caller
from .logs import ErrorRecords, error_records

SDL = graphql.build_schema(schema.as_str())
DELETE_ALL = cypher.load("test/delete_all")
# Bounded so both fuzz tests together stay near a minute on a small, shared machine.
EXAMPLES = 120
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example files written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# JSON literals (metadata, fields, parameters): nested values, big and small numbers.
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)
JSON_LEAVES = st.one_of(
    st.integers().map(nodes.Int),
    st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
    st.text(max_size=20).map(nodes.String),
    st.booleans().map(nodes.Boolean),
    st.just(graphql.NullValueNode()),
)
JSON_NODES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(nodes.List),
        st.dictionaries(NAMES.filter(str.isidentifier), inner, max_size=4).map(
            lambda fields: nodes.Object(
                [
                    graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v)
                    for k, v in fields.items()
                ]
            )
        ),
    ),
    max_leaves=10,
)
SCALARS = {
    "JSON": JSON_NODES,
    "DateTime": st.datetimes().map(lambda moment: nodes.String(moment.isoformat())),
}

# Argument names whose values the engine checks against a closed vocabulary.
VOCABULARIES = {
    "to": [s.value for s in State],
    "type": [t.value for t in AssetType],
    "role": [r.value for r in InputRole],
    "mode": [m.value for m in TaskDeleteMode],
    "bump": ["MAJOR", "MINOR", "PATCH"],
    "view": ["front", "side", "back"],
}


@dataclass(frozen=True)
class World:
    caller: Caller
    ids: tuple[str, ...]


def seed(caller: Caller, other: Caller) -> tuple[str, ...]:
    """A space, project and task; definitions, clones and a render; their ids."""

    def container(field: str, **arguments: str) -> str:
        args = ", ".join(f"{k}: {json.dumps(v)}" for k, v in arguments.items())
        r = caller.run(
            f"mutation {{ r: {field}({args}) {{ ... on ContainerPayload"
            " { container { ... on ContainerNode { id } } } } }"
        )["r"]
        return str(r["container"]["id"])

    def asset(document: str) -> str:
        r = caller.run(
            f"mutation {{ r: {document} {{ ... on AssetPayload {{ asset {{ id }} }} }} }}"
        )
        return str(r["r"]["asset"]["id"])

    space = container("createSpace", name="Fuzz")
    project = container("createProject", spaceId=space, name="Fuzz project")
    task = container("createTask", projectId=project, name="Fuzz task")
    character = asset(f'createDefinition(spaceId: "{space}", type: CHARACTER, name: "Jo")')
    draft = asset(f'createDefinition(spaceId: "{space}", type: SCENE, name: "Park")')
    asset(f'transitionState(id: "{character}", to: CANONICAL)')
    base = asset(f'importToProject(projectId: "{project}", sourceId: "{character}")')
    working = asset(f'deriveWorkingClone(sourceId: "{base}")')
    used = asset(f'useInTask(taskId: "{task}", sourceId: "{working}")')
    render = asset(
        f'registerRender(containerId: "{task}", name: "Panel", inputs: [{{id: "{used}"}}])'
    )
    return (space, project, task, character, draft, base, working, used, render, other.user_id)


@pytest.fixture(scope="module")
def world(neo4j_target: Neo4jTarget, api_url: str) -> World:
    async def empty() -> None:
        db = Database.connect(neo4j_target.uri, neo4j_target.auth, neo4j_target.database)
        try:
            await db.run_autocommit(DELETE_ALL)
        finally:
            await db.close()

    asyncio.run(empty())
    caller = make_caller(neo4j_target, api_url, "Fuzzer")
    other = make_caller(neo4j_target, api_url, "Other")
    return World(caller, seed(caller, other))


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=CLIENT_TIMEOUT_S) as client:
        yield client


@pytest.fixture(scope="module")
def server_errors() -> Iterator[ErrorRecords]:
    with error_records() as records:
        yield records


def aim(document: graphql.DocumentNode, data: st.DataObject, world: World) -> str:
    """Point some string arguments at the world's ids and vocabularies; print the document."""

    def retarget(name: str, value: graphql.ValueNode) -> graphql.ValueNode:
        if not isinstance(value, graphql.StringValueNode):
            return value
        if name == "id" or name.endswith("Id"):
            choices = list(world.ids)
        else:
            choices = VOCABULARIES.get(name, [])
        if not choices or not data.draw(st.booleans(), label=f"retarget {name}"):
            return value
        return nodes.String(data.draw(st.sampled_from(choices), label=name))

    class Retarget(graphql.Visitor):
        def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> graphql.ArgumentNode:
            return graphql.ArgumentNode(name=node.name, value=retarget(node.name.value, node.value))

        def enter_object_field(
            self, node: graphql.ObjectFieldNode, *_: Any
        ) -> graphql.ObjectFieldNode:
            return graphql.ObjectFieldNode(
                name=node.name, value=retarget(node.name.value, node.value)
            )

    return graphql.print_ast(graphql.visit(document, Retarget()))


def check(http: httpx.Client, world: World, document: str, errors: ErrorRecords) -> None:
    errors.clear()
    response = http.post(
        f"{world.caller.url}/graphql",
        json={"query": document},
        headers={"Authorization": f"Bearer {world.caller.token}"},
    )
    assert response.status_code < 500, (response.status_code, document, response.text[:500])
    body = response.json()
    assert isinstance(body, dict) and ("data" in body or "errors" in body), (document, body)
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    assert "INTERNAL" not in codes, (document, body["errors"])
    assert not errors.with_traceback(), (document, errors.with_traceback())


def as_ast(document: graphql.DocumentNode) -> graphql.DocumentNode:
    return document


@FUZZ
@given(data=st.data())
def test_fuzzed_queries(
    data: st.DataObject, world: World, http: httpx.Client, server_errors: ErrorRecords
) -> None:
    document = data.draw(queries(SDL, custom_scalars=SCALARS, print_ast=as_ast), label="query")
    check(http, world, aim(document, data, world), server_errors)


@FUZZ
@given(data=st.data())
def test_fuzzed_mutations(
    data: st.DataObject, world: World, http: httpx.Client, server_errors: ErrorRecords
) -> None:
    document = data.draw(mutations(SDL, custom_scalars=SCALARS, print_ast=as_ast), label="mutation")
    check(http, world, aim(document, data, world), server_errors)
