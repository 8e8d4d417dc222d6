import { describe, expect, it } from "vitest";
import { formatInstant, fromLocalInput, pastView, toLocalInput } from "./asOf";
import { badgesOf, describe as describeCard } from "../model/badges";
import { PROJECT_BASE, EXUBERANT } from "../test/fixtures";

type Past = Parameters<typeof pastView>[1];
type PastNode = Past["nodes"][number];

function node(id: string, over: Partial<PastNode> = {}): PastNode {
  return {
    id,
    type: "CHARACTER",
    name: id,
    version: "1.0.0",
    layer: "PROJECT",
    origin: "WORKING_CLONE",
    state: "DRAFT",
    containerId: "proj-1",
    container: { __typename: "Project", id: "proj-1", name: "Breakup Comic #1" },
    contentHash: "abc123",
    deletedSince: false,
    depth: 1,
    direction: "DOWNSTREAM",
    asset: null,
    ...over,
  };
}

const PAST: Past = {
  asOf: "2026-12-03T07:30:15Z",
  truncated: false,
  deletedWithoutEdges: [],
  historyStartsAt: "2026-12-01T00:00:00Z",
  nodes: [
    // The root, renamed since: the past name wins over today's.
    node("p-jennifer", { name: "Jen (then)", origin: "BASE_CLONE", state: "CANONICAL", depth: 0, direction: null, asset: PROJECT_BASE as never }),
    node("p-exuberant", {
      asset: { ...EXUBERANT, container: { __typename: "Project", id: "proj-1", name: "Breakup Comic #1" } } as never,
    }),
    node("gone", { name: "Jennifer_brief", deletedSince: true, version: null }),
    node("source", { depth: 1, direction: "UPSTREAM", layer: null, origin: null, state: null, containerId: null, container: null }),
    // In a task deleted since: only the task's id is known.
    node("in-gone-task", { layer: "TASK", deletedSince: true, containerId: "task-9", container: null }),
  ],
  edges: [
    { from: "p-exuberant", to: "p-jennifer", type: "DERIVES_FROM", role: "CLONE", snapshotHash: null },
    { from: "gone", to: "p-jennifer", type: "DERIVES_FROM", role: "CLONE", snapshotHash: null },
    { from: "p-jennifer", to: "source", type: "DERIVES_FROM", role: "CLONE", snapshotHash: null },
    // An edge to an asset the answer does not hold is dropped.
    { from: "elsewhere", to: "p-jennifer", type: "DERIVES_FROM", role: "CLONE", snapshotHash: null },
  ],
};

describe("the lineage as of an instant", () => {
  const view = pastView("p-jennifer", PAST, "space-1");

  it("draws every asset of then with its facts then, read-only", () => {
    expect([...view.model.nodes.keys()]).toEqual(["p-jennifer", "p-exuberant", "gone", "source", "in-gone-task"]);
    const root = view.model.nodes.get("p-jennifer")!;
    expect(root.depth).toBe(0);
    expect(root.card.name).toBe("Jen (then)");
    expect(root.card.origin).toBe("BASE_CLONE");
    expect(root.card.locked).toBe(false);
    expect(root.card.deletable).toBe(false);
    // The container it was in, by its name today.
    expect(view.model.nodes.get("p-exuberant")!.card.container?.name).toBe("Breakup Comic #1");
    expect(view.model.nodes.get("source")!.depth).toBe(-1);
    expect(view.model.edges.size).toBe(3);
  });

  it("marks an asset deleted since, with a badge and plain words", () => {
    const gone = view.model.nodes.get("gone")!.card;
    expect(gone.deletedSince).toBe(true);
    expect(gone.spaceId).toBe("space-1");
    expect(gone.projectId).toBe("proj-1");
    expect(gone.container).toEqual({ kind: "Project", id: "proj-1", name: "Breakup Comic #1" });
    // A container deleted since is named by its id.
    expect(view.model.nodes.get("in-gone-task")!.card.container).toEqual({ kind: "Task", id: "task-9", name: "task-9" });
    expect(badgesOf(gone)[0]).toMatchObject({ kind: "deleted", text: "deleted since" });
    expect(describeCard(gone)).toContain("deleted since");
    expect(view.model.nodes.get("p-exuberant")!.card.deletedSince).toBe(false);
    expect(badgesOf(view.model.nodes.get("p-exuberant")!.card).map((b) => b.kind)).not.toContain("deleted");
  });

  it("falls back to today's card, then to defaults, for facts the history lacks", () => {
    const source = view.model.nodes.get("source")!.card;
    expect(source).toMatchObject({ layer: "SPACE", origin: "ORIGINAL", state: "DRAFT", container: null });
  });

  it("keeps the facts the side panel shows", () => {
    expect(view.facts.get("gone")).toEqual({
      id: "gone",
      name: "Jennifer_brief",
      state: "DRAFT",
      version: null,
      containerId: "proj-1",
      contentHash: "abc123",
      deletedSince: true,
    });
    expect(view.asOf).toBe("2026-12-03T07:30:15Z");
    expect(view.historyStartsAt).toBe("2026-12-01T00:00:00Z");
  });
});

describe("instants", () => {
  it("reads for people in UTC", () => {
    expect(formatInstant("2026-12-03T07:30:15Z")).toBe("3 Dec 2026, 07:30:15 UTC");
    expect(formatInstant("2026-01-09T23:05:00+02:00")).toBe("9 Jan 2026, 21:05:00 UTC");
    expect(formatInstant("nonsense")).toBe("nonsense");
  });

  it("round-trips through a datetime-local input", () => {
    const local = toLocalInput("2026-12-03T07:30:15Z");
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(fromLocalInput(local)).toBe("2026-12-03T07:30:15Z");
    expect(toLocalInput(null)).toBe("");
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
    expect(fromLocalInput("2026-12-03T07:30")).toBe(new Date("2026-12-03T07:30").toISOString().replace(".000Z", "Z"));
  });
});
