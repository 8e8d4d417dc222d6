import { describe, expect, it } from "vitest";
import { GraphQLClient, type Transport } from "./client";
import { describeItem, restore, type TrashItem } from "./trash";

function answering(body: unknown): Transport {
  return async () => new Response(JSON.stringify(body), { status: 200 });
}

const item: TrashItem = {
  __typename: "TrashItem",
  id: "trash_1",
  kind: "TASK",
  rootId: "task_1",
  rootName: "Page 2 layout",
  assetType: null,
  deletedAt: "2026-12-03T08:00:00Z",
  deletedBy: "user_1",
  expiresAt: "2027-01-02T08:00:00Z",
  assetCount: 3,
};

describe("trash", () => {
  it("says what an item holds in words", () => {
    expect(describeItem(item)).toBe("task Page 2 layout (3 assets)");
    expect(describeItem({ ...item, kind: "ASSET", assetType: "CHARACTER", rootName: "Jen", assetCount: 1 })).toBe(
      "character Jen",
    );
  });

  it("lists every reason a restore is refused", async () => {
    const client = new GraphQLClient(
      "t",
      "/graphql",
      answering({
        data: {
          restoreFromTrash: {
            __typename: "RestoreRefusedError",
            code: "RESTORE_REFUSED",
            message: "It cannot be restored as it was.",
            problems: [
              { reason: "CONTAINER_GONE", detail: "Its task is gone.", trashItemId: "trash_0" },
              { reason: "ENDPOINT_GONE", detail: "An input is gone.", trashItemId: null },
            ],
          },
        },
      }),
    );
    expect(await restore(client, "trash_1")).toEqual({
      ok: false,
      message: "It cannot be restored as it was.",
      reasons: ["Its task is gone.", "An input is gone."],
    });
  });
});
