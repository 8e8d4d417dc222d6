import { describe, expect, it } from "vitest";
import { GraphQLClient, GraphQLRequestError, SignInRequired, type Transport } from "./client";
import { deleteDryRun, fetchHistory, fetchLineage, fetchNeighbours, searchSpace, transition } from "./queries";
import { FRAME_LINEAGE, raw } from "../test/fixtures";
import { modelFromLineage } from "../model/graph";

function answering(...bodies: { status?: number; body: unknown }[]) {
  const sent: { url: string; init: RequestInit }[] = [];
  const transport: Transport = async (url, init) => {
    sent.push({ url, init });
    const next = bodies.shift() ?? { body: {} };
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200 });
  };
  return { transport, sent };
}

describe("GraphQLClient", () => {
  it("sends the token and the write bookmarks back", async () => {
    const { transport, sent } = answering(
      { body: { data: { x: 1 }, extensions: { bookmarks: ["bm:1"] } } },
      { body: { data: { x: 2 } } },
    );
    const client = new GraphQLClient("tok", "/graphql", transport);
    await client.request("{ x }");
    await client.request("{ x }");
    const headers = sent[1]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe("Bearer tok");
    expect(headers["x-lineage-bookmarks"]).toBe("bm:1");
  });

  it("asks to sign in again on 401 and reports GraphQL errors", async () => {
    const { transport } = answering(
      { status: 401, body: { errors: [{ message: "Sign in" }] } },
      { body: { data: null, errors: [{ message: "Unknown field" }] } },
    );
    const client = new GraphQLClient("bad", "/graphql", transport);
    await expect(client.request("{ x }")).rejects.toBeInstanceOf(SignInRequired);
    await expect(client.request("{ x }")).rejects.toThrow(GraphQLRequestError);
  });

  it("says a token has expired when the service says so, else that it was not accepted", async () => {
    const expired = "This API token expired at 2026-12-02 06:58 UTC; ask an operator for a new one.";
    const { transport } = answering(
      { status: 401, body: { errors: [{ message: expired }] } },
      { status: 401, body: { errors: [{ message: "Sign in: send `Authorization: Bearer`" }] } },
    );
    const client = new GraphQLClient("old", "/graphql", transport);
    await expect(client.request("{ x }")).rejects.toThrow(expired);
    await expect(client.request("{ x }")).rejects.toThrow("That token was not accepted.");
  });
});

describe("answers to model", () => {
  it("turns a lineage answer into the graph model", async () => {
    const { transport, sent } = answering({
      body: { data: { asset: { ...FRAME_LINEAGE.nodes[0]!.asset, lineage: FRAME_LINEAGE } } },
    });
    const answer = await fetchLineage(new GraphQLClient("t", "/graphql", transport), "frame", 4);
    expect(answer?.root.name).toBe("Page 1, Panel 1 frame");
    const model = modelFromLineage(answer!.root.id, answer!.lineage);
    expect(model.nodes.get("jennifer")?.depth).toBe(-4);
    const body = JSON.parse(String(sent[0]!.init.body));
    expect(body.variables).toEqual({ id: "frame", depth: 4, maxNodes: 600, direction: "BOTH" });
    expect(body.query).toContain("lineage(direction: $direction");
  });

  it("is null for an asset the viewer may not see", async () => {
    const { transport } = answering({ body: { data: { asset: null } } });
    expect(await fetchLineage(new GraphQLClient("t", "/graphql", transport), "x", 1)).toBeNull();
  });

  it("reads a page of dependents with edge type, role and cursor", async () => {
    const { transport, sent } = answering({
      body: {
        data: {
          asset: {
            id: "hub",
            dependents: {
              totalCount: 9,
              pageInfo: { hasNextPage: true, endCursor: "c8" },
              edges: [
                { type: "DERIVES_FROM", role: "CLONE", node: raw("a") },
                { type: "USES", role: "", node: raw("r", { type: "RENDER" }) },
              ],
            },
          },
        },
      },
    });
    const page = await fetchNeighbours(new GraphQLClient("t", "/graphql", transport), "hub", "DOWNSTREAM", "c0");
    expect(page.items.map((i) => [i.card.id, i.type, i.role])).toEqual([
      ["a", "DERIVES_FROM", "CLONE"],
      ["r", "USES", null],
    ]);
    expect(page.hasNextPage).toBe(true);
    expect(page.endCursor).toBe("c8");
    expect(String(sent[0]!.init.body)).toContain("dependents(first: $first, after: $after)");
  });

  it("tells a refused transition from a done one", async () => {
    const { transport } = answering(
      { body: { data: { transitionState: { __typename: "AssetPayload", asset: raw("a", { state: "DEPRECATED" }) } } } },
      {
        body: {
          data: {
            transitionState: {
              __typename: "InvalidTransitionError",
              code: "INVALID_TRANSITION",
              message: "no",
              allowed: [],
              needsForce: true,
            },
          },
        },
      },
    );
    const client = new GraphQLClient("t", "/graphql", transport);
    const done = await transition(client, "a", "DEPRECATED");
    expect(done.ok && done.value.state).toBe("DEPRECATED");
    const refused = await transition(client, "a", "ARCHIVED");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.needsForce).toBe(true);
  });

  it("reads a delete dry run report and a refusal", async () => {
    const affected = (id: string) => ({
      id,
      type: "CHARACTER",
      origin: "BASE_CLONE",
      name: `Jennifer ${id}`,
      version: "1.0.0",
      container: { id: "p", kind: "PROJECT", name: "Breakup Comic #1" },
    });
    const { transport } = answering(
      {
        body: {
          data: {
            deleteAsset: {
              __typename: "DeleteReport",
              dryRun: true,
              deleted: [affected("r")],
              deletedContainers: [{ id: "t", kind: "TASK", name: "Character expressions" }],
              moved: [],
              unlocked: [affected("t1")],
              nowDeletable: [affected("t1"), affected("t2")],
            },
          },
        },
      },
      {
        body: {
          data: {
            deleteAsset: {
              __typename: "NotDeletableError",
              code: "NOT_DELETABLE",
              message: "has dependents",
              blockers: [{ dependentId: "d", dependentType: "RENDER", edge: "USES", binding: true }],
            },
          },
        },
      },
    );
    const client = new GraphQLClient("t", "/graphql", transport);
    const report = await deleteDryRun(client, "r");
    expect(report.ok && report.value.nowDeletable.map((a) => a.id)).toEqual(["t1", "t2"]);
    expect(report.ok && report.value.deletedContainers.map((c) => c.name)).toEqual(["Character expressions"]);
    expect(report.ok && report.value.deleted[0]?.container.name).toBe("Breakup Comic #1");
    const refused = await deleteDryRun(client, "x");
    expect(!refused.ok && refused.error.code).toBe("NOT_DELETABLE");
  });
});

describe("search", () => {
  const connection = (ids: string[], more = false) => ({
    totalCount: ids.length + (more ? 5 : 0),
    pageInfo: { hasNextPage: more, endCursor: more ? "next" : null },
    edges: ids.map((id) => ({ node: raw(id, { name: id }) })),
  });

  it("groups matches by container and lists a task render once, under its project", async () => {
    const { transport, sent } = answering({
      body: {
        data: {
          space: {
            id: "s",
            name: "Demo",
            assets: connection([]),
            projects: [
              {
                id: "p",
                name: "Comic",
                assets: connection(["frame", "p-jennifer"]),
                tasks: [
                  { id: "t1", name: "Panel 1", assets: connection(["frame"]) },
                  { id: "t2", name: "Panel 2", assets: connection(["t-clone"], true) },
                ],
              },
            ],
          },
        },
      },
    });
    const groups = await searchSpace(new GraphQLClient("t", "/graphql", transport), "s", {
      name: " Jen ",
      type: "CHARACTER",
      layer: null,
      state: "CANONICAL",
    });
    expect(groups.map((g) => [g.container.kind, g.container.name, g.items.map((i) => i.id)])).toEqual([
      ["Project", "Comic", ["frame", "p-jennifer"]],
      ["Task", "Panel 2", ["t-clone"]],
    ]);
    expect(groups[1]!.hasNextPage).toBe(true);
    const body = JSON.parse(String(sent[0]!.init.body));
    expect(body.variables.filter).toEqual({
      nameContains: "Jen",
      types: ["CHARACTER"],
      layers: null,
      states: ["CANONICAL"],
    });
  });
});

describe("fetchHistory", () => {
  const entry = (userName: string | null, userId: string | null) => ({
    id: "h1",
    at: "2026-12-03T07:00:00Z",
    userId,
    userName,
    operation: "TRANSITION_STATE",
    summary: "asset Jen updated (DRAFT -> CANONICAL)",
    changes: [
      { id: "a1", action: "UPDATED", stateBefore: "DRAFT", stateAfter: "CANONICAL", fields: [] },
      { id: "old", action: "UPDATED", stateBefore: "CANONICAL", stateAfter: "DEPRECATED", fields: [] },
    ],
  });

  it("names who, and lists the asset's own changes with its state move", async () => {
    const { transport } = answering({
      body: {
        data: {
          history: {
            pageInfo: { hasNextPage: true, endCursor: "c1" },
            nodes: [entry("Alice", "u1"), entry(null, "0123456789"), entry(null, null)],
          },
        },
      },
    });
    const page = await fetchHistory(new GraphQLClient("t", "/graphql", transport), "a1", null);
    expect(page!.items.map((i) => i.who)).toEqual(["Alice", "user 01234567", "an operator"]);
    expect(page!.items[0]!.fields).toEqual([{ path: "state", old: "DRAFT", new: "CANONICAL" }]);
    expect(page!.endCursor).toBe("c1");
  });

  it("answers null for an asset the viewer cannot see", async () => {
    const { transport } = answering({ body: { data: { history: null } } });
    expect(await fetchHistory(new GraphQLClient("t", "/graphql", transport), "a1", null)).toBeNull();
  });
});
