"""Who may do what (docs/domain.md §7), over real HTTP: every query and mutation of the schema,
asked by anonymous, another tenant (a member of another space only), a viewer, an editor and an
owner. The cells come from the schema itself, so a new field without a row fails here."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from lineage import __version__
from lineage.domain.access import ROLE_RANK
from lineage.domain.enums import Role
from lineage.neo4j_target import Neo4jTarget

from .conftest import Answer, Caller, call_api, make_caller
from .documents import SDL, Enum, call, literal

ROLES = ("anonymous", "other", "viewer", "editor", "owner")
MEMBER_ROLES = {"viewer": Role.VIEWER, "editor": Role.EDITOR, "owner": Role.OWNER}
MUTATION_FIELDS = sorted(SDL.mutation_type.fields) if SDL.mutation_type else []
QUERY_FIELDS = sorted(SDL.query_type.fields) if SDL.query_type else []

# The result selection of every mutation cell: what it is, and the refusal's data.
# (Nested in `... on Error`: a union that cannot hold ForbiddenError may not name it.)
RESULT = """{ __typename
  ... on Error { code message
    ... on ForbiddenError { spaceId action role required }
    ... on NotFoundError { kind id } } }"""
# registerRenders answers one result per render: each is checked like a whole mutation's.
BATCH_RESULT = "{ __typename ... on RegisterRendersPayload { results " + RESULT + " } }"
ASSET = "{ __typename ... on AssetPayload { asset { id } } ... on Error { message } }"
CONTAINER_FIELDS = {"createSpace", "createProject", "createTask", "updateContainer"}
CONTAINER = """{ __typename ... on ContainerPayload { container { ... on ContainerNode { id } } }
  ... on Error { message } }"""


@dataclass
class World:
    """One space with an owner, an editor and a viewer; another user with a space of their
    own; a spare user the owner adds and removes; a host whose fresh spaces every caller may
    be invited to. The owner prepares what each cell acts on."""

    url: str
    callers: dict[str, Caller]
    spare: Caller
    space: str
    project: str
    task: str
    canonical: str
    elsewhere: str  # the other tenant's space
    frame: str = ""  # a render in the space, of the canonical definition

    def token(self, role: str) -> str | None:
        return self.callers[role].token if role in self.callers else None

    def is_member(self, role: str) -> bool:
        return role in MEMBER_ROLES

    @property
    def owner(self) -> Caller:
        return self.callers["owner"]

    def made(self, field: str, arguments: dict[str, Any], by: str = "owner") -> str:
        """Run a creating mutation as `by` and return the id of what it made."""
        selection = CONTAINER if field in CONTAINER_FIELDS else ASSET
        payload = self.callers[by].run(f"mutation {{ r: {call(field, arguments)} {selection} }}")
        result = payload["r"]
        assert result["__typename"] in ("AssetPayload", "ContainerPayload"), result
        return str((result.get("asset") or result.get("container"))["id"])

    def invitation(self, space: str, role: str, by: str = "owner") -> dict[str, Any]:
        invite = call("inviteMember", {"spaceId": space, "role": Enum(role)})
        selection = "{ __typename ... on InvitationPayload { code invitation { id } } }"
        result = self.callers[by].run(f"mutation {{ r: {invite} {selection} }}")["r"]
        assert result["__typename"] == "InvitationPayload", result
        return result  # type: ignore[no-any-return]

    def join(self, space: str, invitee: Caller, role: str) -> None:
        """The owner invites `invitee`, who accepts."""
        accept = call("acceptInvitation", {"code": self.invitation(space, role)["code"]})
        assert invitee.run(f"mutation {{ r: {accept} {{ __typename }} }}")["r"] == {
            "__typename": "MemberPayload"
        }

    def set_role(self, space: str, user: str, role: str) -> None:
        arguments = {"spaceId": space, "userId": user, "role": Enum(role)}
        document = f"mutation {{ r: {call('setMemberRole', arguments)} {{ __typename }} }}"
        assert self.owner.run(document)["r"]["__typename"] == "MemberPayload"

    def new_space(self) -> str:
        space = self.made("createSpace", {"name": "Fresh space"})
        self.join(space, self.callers["editor"], "EDITOR")
        self.join(space, self.callers["viewer"], "VIEWER")
        return space

    def code_for_a_host_space(self) -> str:
        """A code to a space none of the callers is in yet (each cell gets its own)."""
        space = self.made("createSpace", {"name": "Hosted"}, by="host")
        return str(self.invitation(space, "VIEWER", by="host")["code"])

    def pending_invitation(self) -> dict[str, Any]:
        invited = self.invitation(self.space, "EDITOR")
        return {"spaceId": self.space, "invitationId": invited["invitation"]["id"]}

    def new_project(self) -> str:
        return self.made("createProject", {"spaceId": self.space, "name": "Fresh project"})

    def new_task(self) -> str:
        return self.made("createTask", {"projectId": self.project, "name": "Fresh task"})

    def new_definition(
        self, state: str = "DRAFT", space: str | None = None, by: str = "owner"
    ) -> str:  # noqa: E501
        arguments = {"spaceId": space or self.space, "type": "CHARACTER", "name": "Jennifer"}
        made = self.made("createDefinition", arguments, by)
        if state != "DRAFT":
            self.transition(made, state, by)
        return made

    def transition(self, id: str, to: str, by: str = "owner") -> None:
        self.made("transitionState", {"id": id, "to": to}, by)

    def base_clone(self) -> str:
        source = self.new_definition("CANONICAL")
        return self.made("importToProject", {"projectId": self.project, "sourceId": source})

    def render(self, container: str, inputs: list[str], by: str = "owner") -> str:
        arguments = {
            "containerId": container,
            "name": "Frame",
            "inputs": [{"id": i} for i in inputs],
        }  # noqa: E501
        return self.made("registerRender", arguments, by)

    def trashed(self) -> str:
        """The trash item of a definition the owner deleted."""
        deleted = call("deleteAsset", {"id": self.new_definition()})
        selection = "{ __typename ... on DeleteReport { trashItemId } }"
        result = self.owner.run(f"mutation {{ r: {deleted} {selection} }}")["r"]
        assert result["__typename"] == "DeleteReport", result
        return str(result["trashItemId"])

    def rebasable(self) -> str:
        """A project working clone whose space source has a newer canonical version."""
        source = self.new_definition("CANONICAL")
        base = self.made("importToProject", {"projectId": self.project, "sourceId": source})
        working = self.made("deriveWorkingClone", {"sourceId": base})
        newer = self.made("createVersion", {"id": source, "bump": "MINOR"})
        self.transition(newer, "CANONICAL")
        return working

    def approved_project_render(self) -> str:
        render = self.render(self.project, [])
        self.transition(render, "APPROVED")
        return render

    def base_view(self) -> dict[str, Any]:
        definition = self.new_definition()
        render = self.render(self.space, [definition])
        return {"definitionId": definition, "renderId": render, "view": "portrait"}

    def spare_member(self) -> dict[str, Any]:
        """The spare user, a member of the space again if a cell removed them. The owner
        asks: the spare's own sign-in may be cached from before a removal."""
        listed = self.owner.run(f'{{ space(id: "{self.space}") {{ members {{ userId }} }} }}')
        if {"userId": self.spare.user_id} not in listed["space"]["members"]:
            self.join(self.space, self.spare, "VIEWER")
        return {"spaceId": self.space, "userId": self.spare.user_id}


@dataclass(frozen=True)
class MutationRow:
    arguments: Callable[[World], dict[str, Any]]
    success: str
    needs: Role | None = Role.EDITOR  # None: any signed-in user (it acts on no space)
    batch: bool = False  # the outcome is the first of the payload's `results`

    def expected(self, role: str) -> str:
        if role == "anonymous":
            return "UNAUTHENTICATED"
        if self.needs is None:
            return self.success
        if role == "other":
            return "NotFoundError"
        allowed = ROLE_RANK[MEMBER_ROLES[role]] >= ROLE_RANK[self.needs]
        return self.success if allowed else "ForbiddenError"


MUTATIONS: dict[str, MutationRow] = {
    "createSpace": MutationRow(lambda w: {"name": "Mine"}, "ContainerPayload", needs=None),
    "createProject": MutationRow(
        lambda w: {"spaceId": w.space, "name": "Breakup Comic"}, "ContainerPayload"
    ),
    "createTask": MutationRow(lambda w: {"projectId": w.project, "name": "P1"}, "ContainerPayload"),
    "updateContainer": MutationRow(
        lambda w: {"id": w.new_project(), "name": "Renamed"}, "ContainerPayload"
    ),
    "createDefinition": MutationRow(
        lambda w: {"spaceId": w.space, "type": "SCENE", "name": "Beach"}, "AssetPayload"
    ),
    "updateAsset": MutationRow(
        lambda w: {"id": w.new_definition(), "changes": {"description": "taller"}}, "AssetPayload"
    ),
    "importToProject": MutationRow(
        lambda w: {"projectId": w.project, "sourceId": w.new_definition("CANONICAL")},
        "AssetPayload",
    ),
    "deriveWorkingClone": MutationRow(lambda w: {"sourceId": w.base_clone()}, "AssetPayload"),
    "useInTask": MutationRow(
        lambda w: {"taskId": w.task, "sourceId": w.base_clone()}, "AssetPayload"
    ),
    "registerRender": MutationRow(
        lambda w: {"containerId": w.space, "name": "Portrait", "inputs": [{"id": w.canonical}]},
        "AssetPayload",
    ),
    "registerRenders": MutationRow(
        lambda w: {
            "inputs": [
                {"containerId": w.space, "name": "Portrait", "inputs": [{"id": w.canonical}]},
            ]
        },
        "AssetPayload",
        batch=True,
    ),  # fmt: skip
    "requestUpload": MutationRow(
        lambda w: {
            "containerId": w.project,
            "contentType": "image/png",
            "size": 10,
            "checksum": "0" * 64,
        },
        "UploadPayload",
    ),  # fmt: skip
    "transitionState": MutationRow(
        lambda w: {"id": w.new_definition(), "to": "CANONICAL"}, "AssetPayload"
    ),
    "createVersion": MutationRow(
        lambda w: {"id": w.new_definition("CANONICAL"), "bump": "MINOR"}, "AssetPayload"
    ),
    "rebase": MutationRow(lambda w: {"id": w.rebasable()}, "RebasePayload"),
    "attachBaseView": MutationRow(lambda w: w.base_view(), "AssetPayload"),
    "markFinal": MutationRow(lambda w: {"id": w.approved_project_render()}, "AssetPayload"),
    "deleteAsset": MutationRow(lambda w: {"id": w.new_definition()}, "DeleteReport"),
    "deleteTask": MutationRow(lambda w: {"id": w.new_task()}, "DeleteReport"),
    "deleteProject": MutationRow(lambda w: {"id": w.new_project()}, "DeleteReport"),
    "deleteSpace": MutationRow(lambda w: {"id": w.new_space()}, "DeleteReport", Role.OWNER),
    "restoreFromTrash": MutationRow(lambda w: {"id": w.trashed()}, "RestorePayload"),
    "inviteMember": MutationRow(
        lambda w: {"spaceId": w.space, "role": Enum("VIEWER")}, "InvitationPayload", Role.OWNER
    ),
    "acceptInvitation": MutationRow(
        lambda w: {"code": w.code_for_a_host_space()}, "MemberPayload", needs=None
    ),
    "revokeInvitation": MutationRow(lambda w: w.pending_invitation(), "DonePayload", Role.OWNER),
    "setMemberRole": MutationRow(
        lambda w: {**w.spare_member(), "role": Enum("VIEWER")}, "MemberPayload", Role.OWNER
    ),
    "removeMember": MutationRow(lambda w: w.spare_member(), "DonePayload", Role.OWNER),
}


@dataclass(frozen=True)
class QueryRow:
    """`select(world)` is the root selection (aliased `r`); `check(world, role, answer)`
    asserts what that role got."""

    select: Callable[[World], str]
    check: Callable[[World, str, Answer], None]
    public: bool = False


def answered(answer: Answer) -> Any:
    assert answer.status == 200 and not answer.errors, answer
    assert answer.data is not None
    return answer.data["r"]


def by_id(field: str, attr: str) -> QueryRow:
    def check(world: World, role: str, answer: Answer) -> None:
        expected = {"id": getattr(world, attr)} if world.is_member(role) else None
        assert answered(answer) == expected

    return QueryRow(lambda w: f"{field}(id: {json.dumps(getattr(w, attr))}) {{ id }}", check)


def check_server_info(world: World, role: str, answer: Answer) -> None:
    assert answered(answer) == {"version": __version__}


def check_viewer(world: World, role: str, answer: Answer) -> None:
    assert answered(answer) == {"id": world.callers[role].user_id}


def check_spaces(world: World, role: str, answer: Answer) -> None:
    ids = {space["id"] for space in answered(answer)}
    assert (world.space in ids) == world.is_member(role)
    assert (world.elsewhere in ids) == (role == "other")


def check_audit(world: World, role: str, answer: Answer) -> None:
    """Owners of some space run the audits (the other tenant owns theirs; the createSpace
    cells made everyone an owner somewhere); someone who owns no space is refused."""
    memberships = world.callers[role].run("{ viewer { memberships { role } } }")
    if {"role": "OWNER"} in memberships["viewer"]["memberships"]:
        assert {"name": "lineage_cycles"} in answered(answer)
    else:
        assert answer.status == 200 and answer.data is None, answer
        assert answer.codes == ["FORBIDDEN"], answer


def check_provenance(world: World, role: str, answer: Answer) -> None:
    """Members get the document of the definition (the definition at least); anyone else
    the NotFound an unknown id gets."""
    result = answered(answer)
    if world.is_member(role):
        assert result["__typename"] == "ProvenanceDocument" and result["entityCount"] >= 1
    else:
        assert result == {"__typename": "NotFoundError", "id": world.canonical}


PROVENANCE = """provenance(id: %s) { __typename
  ... on ProvenanceDocument { entityCount } ... on NotFoundError { id } }"""


def check_history(world: World, role: str, answer: Answer) -> None:
    """Members read the definition's history, oldest last (the other cells may add to it);
    anyone else gets the null an unknown id gets."""
    result = answered(answer)
    if world.is_member(role):
        assert result["nodes"][-1]["operation"] == "CREATE_DEFINITION"
    else:
        assert result is None


def check_lineage_as_of(world: World, role: str, answer: Answer) -> None:
    """Members get the definition's lineage of now, itself first; anyone else null."""
    result = answered(answer)
    if world.is_member(role):
        assert result["nodes"][0] == {"id": world.canonical}
    else:
        assert result is None


def check_render_diff(world: World, role: str, answer: Answer) -> None:
    """Members compare the render with itself (the same); anyone else gets null."""
    result = answered(answer)
    assert result == ({"same": True} if world.is_member(role) else None)


QUERIES: dict[str, QueryRow] = {
    "serverInfo": QueryRow(lambda w: "serverInfo { version }", check_server_info, public=True),
    "viewer": QueryRow(lambda w: "viewer { id }", check_viewer),
    "spaces": QueryRow(lambda w: "spaces { id }", check_spaces),
    "space": by_id("space", "space"),
    "project": by_id("project", "project"),
    "task": by_id("task", "task"),
    "asset": by_id("asset", "canonical"),
    "audit": QueryRow(lambda w: "audit { name }", check_audit),
    "provenance": QueryRow(lambda w: PROVENANCE % json.dumps(w.canonical), check_provenance),
    "history": QueryRow(
        lambda w: f"history(assetId: {json.dumps(w.canonical)}) {{ nodes {{ operation }} }}",
        check_history,
    ),
    "lineageAsOf": QueryRow(
        lambda w: (
            f"lineageAsOf(assetId: {json.dumps(w.canonical)}, "
            f'at: "{datetime.now(UTC).isoformat()}") {{ nodes {{ id }} }}'
        ),
        check_lineage_as_of,
    ),
    "renderDiff": QueryRow(
        lambda w: (
            f"renderDiff(left: {json.dumps(w.frame)}, right: {json.dumps(w.frame)}) {{ same }}"
        ),
        check_render_diff,
    ),
}


@pytest.fixture(scope="module")
def world(neo4j_target: Neo4jTarget, api_url: str) -> World:
    callers = {
        role: make_caller(neo4j_target, api_url, role.title())
        for role in ("owner", "editor", "viewer", "other", "host")
    }
    spare = make_caller(neo4j_target, api_url, "Spare")
    made = World(api_url, callers, spare, "", "", "", "", "")
    made.space = made.made("createSpace", {"name": "Comics"})
    made.join(made.space, callers["editor"], "EDITOR")
    made.join(made.space, callers["viewer"], "VIEWER")
    made.elsewhere = made.made("createSpace", {"name": "Elsewhere"}, by="other")
    made.project = made.new_project()
    made.task = made.new_task()
    made.canonical = made.new_definition("CANONICAL")
    made.frame = made.render(made.space, [made.canonical])
    return made


def refused_unauthenticated(answer: Answer) -> None:
    assert answer.status == 401, answer
    assert answer.codes == ["UNAUTHENTICATED"], answer
    assert answer.headers.get("www-authenticate") == "Bearer"
    assert answer.data is None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", MUTATION_FIELDS)
def test_mutation(world: World, field: str, role: str) -> None:
    row = MUTATIONS.get(field)
    assert row is not None, f"mutation {field} has no row in the authorization matrix: add one"
    arguments = row.arguments(world)
    selection = BATCH_RESULT if row.batch else RESULT
    document = f"mutation {{ r: {call(field, arguments)} {selection} }}"
    answer = call_api(world.url, document, token=world.token(role))
    expected = row.expected(role)
    if expected == "UNAUTHENTICATED":
        refused_unauthenticated(answer)
        return
    assert answer.status == 200 and not answer.errors, answer
    assert answer.data is not None
    result = answer.data["r"]
    if row.batch:
        assert result["__typename"] == "RegisterRendersPayload", result
        [result] = result["results"]
    assert result["__typename"] == expected, result
    if expected == "ForbiddenError":
        assert result["code"] == "FORBIDDEN"
        assert (result["role"], result["required"]) == (role.upper(), str(row.needs))
        assert result["spaceId"] and result["action"]
    if expected == "NotFoundError":
        assert result["code"] == "NOT_FOUND"
        assert result["id"] in literal(arguments) and result["kind"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", QUERY_FIELDS)
def test_query(world: World, field: str, role: str) -> None:
    row = QUERIES.get(field)
    assert row is not None, f"query {field} has no row in the authorization matrix: add one"
    answer = call_api(world.url, f"{{ r: {row.select(world)} }}", token=world.token(role))
    if role == "anonymous" and not row.public:
        refused_unauthenticated(answer)
        return
    row.check(world, role, answer)


def test_every_row_names_a_field_of_the_schema() -> None:
    assert set(MUTATIONS) == set(MUTATION_FIELDS)
    assert set(QUERIES) == set(QUERY_FIELDS)


PROBES_IN_DISGUISE = [
    ('query A { serverInfo { version } } mutation B { createSpace(name: "x") { __typename } }',
     "B"),
    ('query A { serverInfo { version } } mutation B { createSpace(name: "x") { __typename } }',
     "A"),
    ("{ serverInfo { version } ... on Query { spaces { id } } }", None),
    ("{ serverInfo { version } ...F } fragment F on Query { spaces { id } }", None),
    ("{ serverInfo { version } viewer { id } }", None),
    ("{ __schema { queryType { name } } }", None),
    ('subscription { serverInfo { version } }', None),
]  # fmt: skip


@pytest.mark.parametrize(("document", "operation"), PROBES_IN_DISGUISE)
def test_the_public_probe_carries_nothing_else(
    world: World, document: str, operation: str | None
) -> None:
    refused_unauthenticated(call_api(world.url, document, operation=operation))


def test_the_public_probe_answers_without_a_token(world: World) -> None:
    answer = call_api(world.url, "{ serverInfo { version } __typename }")
    assert answer.status == 200 and answer.data == {
        "serverInfo": {"version": __version__},
        "__typename": "Query",
    }


@pytest.mark.parametrize(
    "authorization",
    ["Bearer lin_not-a-token", "Bearer not-even-prefixed", "Basic dXNlcjpwdw==", "Bearer", ""],
)
def test_unknown_credentials_are_anonymous(world: World, authorization: str) -> None:
    answer = call_api(world.url, "{ viewer { id } }", headers={"Authorization": authorization})
    refused_unauthenticated(answer)


def test_another_tenants_ids_answer_as_if_missing(world: World) -> None:
    """An editor of one space names the other tenant's assets as sources, inputs and
    targets: the answer is the one for an id that does not exist, never a scope error."""
    foreign = world.new_definition("CANONICAL", space=world.elsewhere, by="other")
    foreign_render = world.render(world.elsewhere, [foreign], by="other")
    mine = world.new_definition()
    working = world.rebasable()
    cases: dict[str, tuple[str, Callable[[str], dict[str, Any]]]] = {
        "importToProject": (foreign, lambda x: {"projectId": world.project, "sourceId": x}),
        "useInTask": (foreign, lambda x: {"taskId": world.task, "sourceId": x}),
        "registerRender": (foreign, lambda x: {
            "containerId": world.space, "name": "X", "inputs": [{"id": world.canonical}, {"id": x}],
        }),
        "attachBaseView": (
            foreign_render, lambda x: {"definitionId": mine, "renderId": x, "view": "side"},
        ),
        "rebase": (foreign, lambda x: {"id": working, "targetId": x}),
    }  # fmt: skip
    editor = world.callers["editor"]
    for field, (theirs, arguments) in cases.items():
        for named in (theirs, "d_missing"):
            document = f"mutation {{ r: {call(field, arguments(named))} {RESULT} }}"
            result = editor.run(document)["r"]
            assert result["__typename"] == "NotFoundError", (field, result)
            assert (result["id"], result["kind"]) == (named, "asset or container")


def test_delete_project_and_delete_space_keep_to_their_kind(world: World) -> None:
    editor, owner = world.callers["editor"], world.owner
    for caller in (editor, owner):
        result = caller.run(f'mutation {{ r: deleteProject(id: "{world.space}") {RESULT} }}')["r"]
        assert result["__typename"] == "ScopeViolationError", result
    result = owner.run(f'mutation {{ r: deleteSpace(id: "{world.project}") {RESULT} }}')["r"]
    assert result["__typename"] == "ScopeViolationError", result
    still = owner.run(
        f'{{ space(id: "{world.space}") {{ id }} project(id: "{world.project}") {{ id }} }}'
    )  # noqa: E501
    assert still == {"space": {"id": world.space}, "project": {"id": world.project}}


def test_membership_changes_apply_on_the_next_request(
    world: World, neo4j_target: Neo4jTarget
) -> None:
    newcomer = make_caller(neo4j_target, world.url, "Newcomer")
    space = world.made("createSpace", {"name": "Shared later"})
    look = f'{{ space(id: "{space}") {{ id myRole }} }}'
    create = f'mutation {{ r: createProject(spaceId: "{space}", name: "P") {RESULT} }}'
    assert newcomer.run(look) == {"space": None}
    assert newcomer.run(create)["r"]["__typename"] == "NotFoundError"

    world.join(space, newcomer, "VIEWER")
    assert newcomer.run(look) == {"space": {"id": space, "myRole": "VIEWER"}}
    assert newcomer.run(create)["r"]["__typename"] == "ForbiddenError"

    world.set_role(space, newcomer.user_id, "EDITOR")
    assert newcomer.run(create)["r"]["__typename"] == "ContainerPayload"

    removed = f'mutation {{ r: removeMember(spaceId: "{space}", userId: "{newcomer.user_id}") {{ __typename }} }}'  # noqa: E501
    assert world.owner.run(removed)["r"]["__typename"] == "DonePayload"
    assert newcomer.run(look) == {"space": None}
    assert newcomer.run(create)["r"]["__typename"] == "NotFoundError"


def test_audits_are_refused_to_who_owns_no_space(world: World, neo4j_target: Neo4jTarget) -> None:
    reader = make_caller(neo4j_target, world.url, "Reader")
    world.join(world.space, reader, "VIEWER")
    answer = call_api(world.url, "{ audit { name } }", token=reader.token)
    assert answer.codes == ["FORBIDDEN"] and answer.data is None, answer


def test_a_container_of_the_wrong_kind_is_refused_before_anything_else(world: World) -> None:
    """Creating in a space, project or task checks the id's kind first: a project id
    where a space is expected answers ScopeViolationError naming both."""
    editor = world.callers["editor"]
    cases = {
        "createDefinition": {"spaceId": world.project, "type": "CHARACTER", "name": "Jo"},
        "createProject": {"spaceId": world.project, "name": "Inner"},
        "createTask": {"projectId": world.space, "name": "Inner"},
    }
    for field, arguments in cases.items():
        document = f"mutation {{ r: {call(field, arguments)} {{ __typename ... on Error {{ message }} }} }}"  # noqa: E501
        result = editor.run(document)["r"]
        assert result["__typename"] == "ScopeViolationError", (field, result)
        assert "not a" in result["message"], result
