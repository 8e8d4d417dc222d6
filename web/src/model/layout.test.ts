import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { toCard } from "../api/types";
import { FRAME_LINEAGE, JENNIFER_LINEAGE, raw } from "../test/fixtures";
import { mergeNeighbours, modelFromLineage, visibleGraph } from "./graph";
import { edgeLabel, elkGraph, labelSize, layout, NODE_WIDTH, placeNew, ranksOf } from "./layout";

const elk = new ELK();

describe("layered layout", () => {
  const model = modelFromLineage("frame", FRAME_LINEAGE);
  const visible = visibleGraph(model, new Set());

  it("gives ELK downstream edges and a column per asset, bands in order", () => {
    const graph = elkGraph(visible);
    expect(graph.children).toHaveLength(6);
    const ranks = ranksOf(visible);
    expect(ranks.get("jennifer")).toBe(0);
    expect(ranks.get("p-jennifer")).toBe(1);
    expect(ranks.get("p-exuberant")).toBe(2);
    expect(ranks.get("t-exuberant")).toBe(3);
    expect(ranks.get("t-room")).toBe(3);
    expect(ranks.get("frame")).toBe(4);
    const x = (id: string) => graph.children?.find((c) => c.id === id)?.x ?? -1;
    expect(x("jennifer")).toBeLessThan(x("p-jennifer"));
    const edge = graph.edges?.find((e) => e.id.startsWith("p-jennifer->jennifer"));
    expect(edge?.sources).toEqual(["jennifer"]);
    expect(edge?.targets).toEqual(["p-jennifer"]);
  });

  it("puts a band after the previous one even when edges skip it", () => {
    // A project render using a space definition directly: Space, then renders.
    const skip = modelFromLineage("r", {
      truncated: false,
      nodes: [
        { depth: 0, asset: raw("r", { type: "RENDER", layer: "PROJECT" }) },
        { depth: 1, asset: raw("s") },
        { depth: 1, asset: raw("p", { layer: "PROJECT", origin: "BASE_CLONE" }) },
      ],
      edges: [
        { from: "r", to: "s", type: "USES", role: "CHARACTER" },
        { from: "r", to: "p", type: "USES", role: "SCENE" },
      ],
    });
    const ranks = ranksOf(visibleGraph(skip, new Set()));
    expect([ranks.get("s"), ranks.get("p"), ranks.get("r")]).toEqual([0, 1, 2]);
  });

  it("survives a cycle (which audits forbid) without looping", () => {
    const cyclic = modelFromLineage("a", {
      truncated: false,
      nodes: [
        { depth: 0, asset: raw("a") },
        { depth: 1, asset: raw("b") },
      ],
      edges: [
        { from: "a", to: "b", type: "DERIVES_FROM", role: "VERSION" },
        { from: "b", to: "a", type: "DERIVES_FROM", role: "VERSION" },
      ],
    });
    expect(ranksOf(visibleGraph(cyclic, new Set())).size).toBe(2);
  });

  it("draws Space, Project, Task and renders from left to right", async () => {
    const placed = await layout(elk, visible);
    const x = (id: string) => placed.positions.get(id)!.x;
    expect(x("jennifer")).toBeLessThan(x("p-jennifer"));
    expect(x("p-jennifer")).toBeLessThan(x("p-exuberant"));
    expect(x("p-exuberant")).toBeLessThan(x("t-exuberant"));
    expect(x("t-exuberant")).toBeLessThan(x("frame"));
    expect(placed.bands.map((b) => b.name)).toEqual(["Space", "Project", "Task", "Renders"]);
    for (let i = 1; i < placed.bands.length; i++) {
      expect(placed.bands[i]!.x1).toBeGreaterThanOrEqual(placed.bands[i - 1]!.x2 - 1);
    }
  });

  it("keeps nodes apart", async () => {
    const placed = await layout(elk, visible);
    const points = [...placed.positions.values()];
    for (const [i, a] of points.entries()) {
      for (const b of points.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= 60;
        expect(apart).toBe(true);
      }
    }
  });
});

describe("frozen layout", () => {
  it("keeps placed nodes and puts new ones beside their neighbour without overlap", async () => {
    const model = modelFromLineage("jennifer", JENNIFER_LINEAGE);
    const placed = (await layout(elk, visibleGraph(model, new Set()))).positions;
    const grown = mergeNeighbours(model, {
      centerId: "p-jennifer",
      direction: "DOWNSTREAM",
      items: ["w1", "w2", "w3"].map((id) => ({
        card: toCard(raw(id, { layer: "PROJECT", origin: "WORKING_CLONE" })),
        type: "DERIVES_FROM" as const,
        role: "CLONE",
      })),
      totalCount: 3,
      endCursor: null,
      hasNextPage: false,
    });
    const positions = placeNew(grown, visibleGraph(grown, new Set()), placed);
    for (const [id, at] of placed) expect(positions.get(id)).toEqual(at);
    const anchor = placed.get("p-jennifer")!;
    const fresh = ["w1", "w2", "w3"].map((id) => positions.get(id)!);
    for (const p of fresh) expect(p.x).toBeGreaterThan(anchor.x);
    const ys = new Set(fresh.map((p) => p.y));
    expect(ys.size).toBe(3);
  });
});

describe("edge routes and labels", () => {
  it("gives ELK each input's role as a label and returns a free place for it", async () => {
    const model = modelFromLineage("frame", FRAME_LINEAGE);
    const visible = visibleGraph(model, new Set());
    const graph = elkGraph(visible);
    const labelled = graph.edges?.filter((e) => e.labels?.length) ?? [];
    expect(labelled.map((e) => e.labels?.[0]?.text).sort()).toEqual(["character", "scene"]);
    const placed = await layout(elk, visible);
    expect(placed.labels.size).toBe(2);
    expect(placed.routes.size).toBe(visible.edges.length);
    // No label box overlaps a node's box.
    for (const [id, at] of placed.labels) {
      const text = edgeLabel(visible.edges.find((e) => e.id === id)!)!;
      const { width, height } = labelSize(text);
      for (const [node, centre] of placed.positions) {
        const overlaps =
          Math.abs(centre.x - at.x) < (NODE_WIDTH + width) / 2 && Math.abs(centre.y - at.y) < (66 + height) / 2;
        expect(overlaps, `${text} under ${node}`).toBe(false);
      }
    }
  });

  it("sizes nodes to their cards", async () => {
    const model = modelFromLineage("frame", FRAME_LINEAGE);
    const visible = visibleGraph(model, new Set());
    const sizes = new Map([["frame", { width: NODE_WIDTH, height: 140 }]]);
    const graph = elkGraph(visible, sizes);
    expect(graph.children?.find((c) => c.id === "frame")?.height).toBe(140);
    const placed = await layout(elk, visible, sizes);
    const frame = placed.positions.get("frame")!;
    for (const [id, at] of placed.positions) {
      if (id === "frame" || Math.abs(at.x - frame.x) >= NODE_WIDTH) continue;
      expect(Math.abs(at.y - frame.y)).toBeGreaterThanOrEqual((140 + 66) / 2);
    }
  });
});
