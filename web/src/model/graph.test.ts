import { describe, expect, it } from "vitest";
import { toCard, type NeighbourPage } from "../api/types";
import {
  FRAME_LINEAGE,
  JENNIFER_LINEAGE,
  ROOM,
  TASK_ROOM,
  raw,
} from "../test/fixtures";
import {
  bandOf,
  collapse,
  edgeId,
  hiddenCount,
  lockPath,
  mergeLineage,
  mergeNeighbours,
  modelFromLineage,
  moreId,
  neighbours,
  originsOf,
  pathToOrigin,
  summary,
  updateCard,
  visibleGraph,
} from "./graph";

describe("toCard", () => {
  it("normalises a render with its badges' data", () => {
    const frame = FRAME_LINEAGE.nodes[0]!.asset;
    const card = toCard(frame);
    expect(card.kind).toBe("Render");
    expect(card.classification).toBe("COMPILATION");
    expect(card.final).toBe(true);
    expect(card.deletable).toBe(true);
    expect(card.locked).toBe(false);
    expect(card.immutable).toBe(true);
    expect(card.thumbnailUrl).toBe("/files/frame.png?sig=x");
    expect(card.dependencyTotal).toBe(2);
    expect(card.dependentTotal).toBe(0);
  });

  it("takes versions behind from updates and keeps unknowns as null or zero", () => {
    expect(toCard(raw("a", { updates: { behind: 2 } })).versionsBehind).toBe(2);
    const bare = toCard({ id: "b", type: "STYLE", layer: "SPACE", origin: "ORIGINAL", state: "DRAFT", name: "b", spaceId: "s" });
    expect(bare.versionsBehind).toBe(0);
    expect(bare.dependentTotal).toBeNull();
    expect(bare.locked).toBe(false);
    expect(bare.allowedTransitions).toEqual([]);
  });

  it("shows no thumbnail for a file that is not an image", () => {
    const card = toCard(raw("r", { type: "RENDER", file: { key: "k", contentType: "application/pdf", url: "/f" } }));
    expect(card.thumbnailUrl).toBeNull();
  });

  it("uses the inherited version of a clone", () => {
    expect(toCard(raw("c", { version: null, inheritedVersion: "1.2.0" })).version).toBe("1.2.0");
  });
});

describe("modelFromLineage", () => {
  const model = modelFromLineage("frame", FRAME_LINEAGE);

  it("keeps every asset and edge of the answer", () => {
    expect(model.rootId).toBe("frame");
    expect([...model.nodes.keys()].sort()).toEqual(
      ["frame", "jennifer", "p-exuberant", "p-jennifer", "t-exuberant", "t-room"].sort(),
    );
    expect(model.edges.size).toBe(5);
    expect(model.edges.get(edgeId("frame", "t-exuberant", "USES", "CHARACTER"))?.role).toBe("CHARACTER");
  });

  it("gives upstream assets negative depths and downstream ones positive", () => {
    expect(model.nodes.get("frame")?.depth).toBe(0);
    expect(model.nodes.get("t-exuberant")?.depth).toBe(-1);
    expect(model.nodes.get("jennifer")?.depth).toBe(-4);
    const down = modelFromLineage("jennifer", JENNIFER_LINEAGE);
    expect(down.nodes.get("p-jennifer")?.depth).toBe(1);
  });

  it("takes the direction the server reports when it reports one", () => {
    const withDirections = {
      ...JENNIFER_LINEAGE,
      nodes: JENNIFER_LINEAGE.nodes.map((n, i) => ({
        ...n,
        direction: i === 0 ? null : i === 1 ? ("DOWNSTREAM" as const) : ("UPSTREAM" as const),
      })),
    };
    const m = modelFromLineage("jennifer", withDirections);
    expect(m.nodes.get("jennifer")?.depth).toBe(0);
    expect(m.nodes.get("p-jennifer")?.depth).toBe(1);
    expect(m.nodes.get("jennifer-v2")?.depth).toBe(-1);
  });

  it("drops edges whose ends the server did not send", () => {
    const partial = modelFromLineage("frame", {
      ...FRAME_LINEAGE,
      nodes: FRAME_LINEAGE.nodes.slice(0, 2),
    });
    expect(partial.edges.size).toBe(1);
  });

  it("lists neighbours in each direction", () => {
    expect(neighbours(model, "frame", "UPSTREAM").sort()).toEqual(["t-exuberant", "t-room"]);
    expect(neighbours(model, "p-jennifer", "DOWNSTREAM")).toEqual(["p-exuberant"]);
  });
});

describe("counts on collapsed nodes", () => {
  it("counts the links the server knows of and the model lacks", () => {
    const model = modelFromLineage("jennifer", JENNIFER_LINEAGE);
    // Jennifer has 3 dependents (project clone, version 2, the portrait render): 1 missing.
    expect(hiddenCount(model, "jennifer")).toBe(1);
    expect(hiddenCount(model, "jennifer", "DOWNSTREAM")).toBe(1);
    expect(hiddenCount(model, "jennifer", "UPSTREAM")).toBe(0);
    // The project clone's 3 dependents are all unloaded.
    expect(hiddenCount(model, "p-jennifer", "DOWNSTREAM")).toBe(3);
    expect(summary(model).hidden).toBe(4);
  });
});

function page(centerId: string, ids: string[], over: Partial<NeighbourPage> = {}): NeighbourPage {
  return {
    centerId,
    direction: "DOWNSTREAM",
    items: ids.map((id) => ({
      card: toCard(raw(id, { layer: "PROJECT", origin: "WORKING_CLONE", dependencies: { totalCount: 1 } })),
      type: "DERIVES_FROM" as const,
      role: "CLONE",
    })),
    totalCount: ids.length,
    endCursor: null,
    hasNextPage: false,
    ...over,
  };
}

describe("expanding", () => {
  const base = modelFromLineage("jennifer", JENNIFER_LINEAGE);

  it("adds a page of neighbours with edges pointing the right way", () => {
    const model = mergeNeighbours(base, page("p-jennifer", ["w1", "w2", "w3"]));
    expect(model.nodes.get("w1")?.depth).toBe(2);
    expect(model.edges.has(edgeId("w1", "p-jennifer", "DERIVES_FROM", "CLONE"))).toBe(true);
    expect(model.nodes.get("p-jennifer")?.expanded).toEqual(["DOWNSTREAM"]);
    expect(hiddenCount(model, "p-jennifer")).toBe(0);
    expect(model.more.size).toBe(0);
  });

  it("keeps an 'N more' entry while pages remain, and drops it on the last page", () => {
    const center = toCard(raw("hub", { dependents: { totalCount: 5 } }));
    const start = modelFromLineage("hub", { truncated: false, nodes: [{ depth: 0, asset: { ...raw("hub"), dependents: { totalCount: 5 } } }], edges: [] });
    expect(center.dependentTotal).toBe(5);
    const first = mergeNeighbours(start, page("hub", ["a", "b"], { totalCount: 5, hasNextPage: true, endCursor: "c1" }));
    const more = first.more.get(moreId("hub", "DOWNSTREAM"));
    expect(more?.remaining).toBe(3);
    expect(more?.cursor).toBe("c1");
    const last = mergeNeighbours(first, page("hub", ["c", "d", "e"], { totalCount: 5, hasNextPage: false }));
    expect(last.more.size).toBe(0);
    expect(last.nodes.size).toBe(6);
  });

  it("takes an upstream page as dependencies of the centre", () => {
    const up = mergeNeighbours(base, {
      ...page("p-jennifer", []),
      direction: "UPSTREAM",
      items: [{ card: toCard(ROOM), type: "USES", role: "SCENE" }],
    });
    expect(up.edges.has(edgeId("p-jennifer", "room", "USES", "SCENE"))).toBe(true);
    expect(up.nodes.get("room")?.depth).toBe(0);
  });

  it("ignores a page for an asset the model does not hold", () => {
    expect(mergeNeighbours(base, page("nowhere", ["x"]))).toBe(base);
  });

  it("collapses back to what the other nodes still hold", () => {
    const grown = mergeNeighbours(base, page("p-jennifer", ["w1", "w2"]));
    const shrunk = collapse(grown, "p-jennifer");
    expect(shrunk.nodes.has("w1")).toBe(false);
    expect(shrunk.nodes.has("jennifer")).toBe(true); // the root stays
    expect(shrunk.nodes.get("p-jennifer")?.expanded).toEqual([]);
    // p-jennifer itself is held by Jennifer (the root) when collapsing Jennifer.
    const rootCollapsed = collapse(base, "jennifer");
    expect(rootCollapsed.nodes.has("p-jennifer")).toBe(false);
    expect(rootCollapsed.nodes.has("jennifer")).toBe(true);
  });
});

describe("path to the space origin", () => {
  const model = modelFromLineage("frame", FRAME_LINEAGE);

  it("follows every input of a render back to the space", () => {
    const path = pathToOrigin(model, "frame");
    expect([...path.nodes].sort()).toEqual(
      ["frame", "jennifer", "p-exuberant", "p-jennifer", "t-exuberant", "t-room"].sort(),
    );
    expect(path.edges.size).toBe(5);
    expect(originsOf(model, "frame")).toEqual(["jennifer"]);
  });

  it("is one chain for a clone", () => {
    const path = pathToOrigin(model, "p-exuberant");
    expect([...path.nodes].sort()).toEqual(["jennifer", "p-exuberant", "p-jennifer"]);
  });

  it("stops at the space and does not walk version links", () => {
    const versions = modelFromLineage("jennifer", JENNIFER_LINEAGE);
    expect([...pathToOrigin(versions, "jennifer").nodes]).toEqual(["jennifer"]);
    expect([...pathToOrigin(versions, "jennifer-v2").edges]).toEqual([]);
    expect(originsOf(versions, "p-jennifer")).toEqual(["jennifer"]);
  });
});

describe("lock paths", () => {
  it("highlights the assets and edges from the locked asset to its dependent", () => {
    const model = modelFromLineage("frame", FRAME_LINEAGE);
    const h = lockPath(model, ["p-jennifer", "p-exuberant", "t-exuberant", "frame"]);
    expect(h.nodes.size).toBe(4);
    expect([...h.edges].sort()).toEqual(
      [
        edgeId("frame", "t-exuberant", "USES", "CHARACTER"),
        edgeId("t-exuberant", "p-exuberant", "DERIVES_FROM", "CLONE"),
        edgeId("p-exuberant", "p-jennifer", "DERIVES_FROM", "CLONE"),
      ].sort(),
    );
    expect(lockPath(model, ["p-jennifer", "elsewhere"]).nodes).toEqual(new Set(["p-jennifer"]));
  });

  it("merges a loaded path into the model without losing what was there", () => {
    const model = modelFromLineage("jennifer", JENNIFER_LINEAGE);
    const merged = mergeLineage(model, {
      truncated: false,
      nodes: FRAME_LINEAGE.nodes,
      edges: FRAME_LINEAGE.edges,
    });
    expect(merged.nodes.size).toBe(7);
    expect(merged.nodes.get("frame")?.depth).toBe(4);
    expect(merged.edges.size).toBe(6);
  });
});

describe("what is drawn", () => {
  const model = modelFromLineage("frame", FRAME_LINEAGE);

  it("hides asset types but never the root", () => {
    const visible = visibleGraph(model, new Set(["SCENE", "RENDER"]));
    expect(visible.nodes.map((n) => n.card.id)).toContain("frame");
    expect(visible.nodes.map((n) => n.card.id)).not.toContain("t-room");
    expect(visible.edges.every((e) => e.from !== "t-room" && e.to !== "t-room")).toBe(true);
  });

  it("puts definitions in their layer's band and every render last", () => {
    expect(bandOf(toCard(ROOM))).toBe(0);
    expect(bandOf(toCard(raw("p", { layer: "PROJECT" })))).toBe(1);
    expect(bandOf(toCard(TASK_ROOM))).toBe(2);
    expect(bandOf(toCard(raw("r", { type: "RENDER", layer: "SPACE" })))).toBe(3);
  });

  it("replaces a card after a transition, keeping the known totals", () => {
    const card = { ...toCard(FRAME_LINEAGE.nodes[0]!.asset), state: "ARCHIVED" as const, dependentTotal: null };
    const next = updateCard(model, card);
    expect(next.nodes.get("frame")?.card.state).toBe("ARCHIVED");
    expect(next.nodes.get("frame")?.card.dependentTotal).toBe(0);
    expect(model.nodes.get("frame")?.card.state).toBe("APPROVED");
  });
});
