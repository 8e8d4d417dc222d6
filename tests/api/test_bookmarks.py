"""Read-your-writes across API processes (docs/domain.md §10): a mutation answers with its
transaction bookmark in `extensions.bookmarks`; a client that sends it back in the
`x-lineage-bookmarks` header reads its write through any other process."""

from __future__ import annotations

from .conftest import Answer, Caller, call_api

HEADER = "x-lineage-bookmarks"
CREATE = """mutation($name: String!) { createSpace(name: $name) {
  ... on ContainerPayload { container { ... on ContainerNode { id } } } } }"""
RENAME = """mutation($id: ID!, $name: String!) { updateContainer(id: $id, name: $name) {
  __typename } }"""
READ = "query($id: ID!) { space(id: $id) { id name myRole } }"


def bookmarks_of(answer: Answer) -> list[str]:
    assert answer.status == 200 and not answer.errors, answer
    found = (answer.extensions or {}).get("bookmarks")
    assert isinstance(found, list) and found and all(isinstance(b, str) and b for b in found)
    return found


def test_a_write_on_one_process_is_read_on_another(caller: Caller, other_process_url: str) -> None:
    first, second = caller.url, other_process_url
    assert first != second

    # Written through the first process (this one)...
    created = call_api(first, CREATE, token=caller.token, name="Comics")
    written = bookmarks_of(created)
    assert created.data
    space = created.data["createSpace"]["container"]["id"]

    # ... read through the second (another OS process, its own driver), after the bookmark:
    # the new membership and the space are both there.
    sent = {HEADER: ",".join(written)}
    read = call_api(second, READ, token=caller.token, headers=sent, id=space)
    assert read.data == {"space": {"id": space, "name": "Comics", "myRole": "OWNER"}}, read
    assert not (read.extensions or {}).get("bookmarks")  # a read hands none back

    # And the other way round, sending both bookmarks the client holds.
    renamed = call_api(second, RENAME, token=caller.token, headers=sent, id=space, name="Strips")
    later = bookmarks_of(renamed)
    both = {HEADER: ", ".join([*written, *later])}
    read = call_api(first, READ, token=caller.token, headers=both, id=space)
    assert read.data == {"space": {"id": space, "name": "Strips", "myRole": "OWNER"}}, read


def test_every_write_in_a_request_is_covered(caller: Caller, other_process_url: str) -> None:
    """Two writes in one request: the bookmark returned is the last one's, which covers
    both (and later reads in the same request see the first)."""
    document = """mutation { a: createSpace(name: "One") { ... on ContainerPayload {
      container { ... on ContainerNode { id } } } }
      b: createSpace(name: "Two") { ... on ContainerPayload {
      container { ... on ContainerNode { id } } } } }"""
    answer = call_api(caller.url, document, token=caller.token)
    marks = bookmarks_of(answer)
    assert answer.data
    ids = [answer.data[key]["container"]["id"] for key in ("a", "b")]
    for id in ids:
        read = call_api(
            other_process_url, READ, token=caller.token, headers={HEADER: ",".join(marks)}, id=id
        )
        assert read.data and read.data["space"]["id"] == id


def test_a_bookmark_that_is_not_one_is_a_clear_client_error(
    caller: Caller, other_process_url: str
) -> None:
    for url in (caller.url, other_process_url):
        answer = call_api(url, READ, token=caller.token, headers={HEADER: "garbage"}, id="x")
        assert answer.status == 400, answer
        assert answer.codes == ["INVALID_BOOKMARK"]
        assert answer.errors and HEADER in answer.errors[0]["message"]
        # The public probe reads nothing a bookmark covers: it never waits for one.
        probe = call_api(url, "{ serverInfo { schemaVersion } }", headers={HEADER: "garbage"})
        assert probe.status == 200 and not probe.errors, probe
