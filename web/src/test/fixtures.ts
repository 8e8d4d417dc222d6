// GraphQL answers shaped like the service's, for Jennifer's chain (docs/domain.md §2, the demo):
// space Jennifer -> project base clone -> working clone "Jennifer_exuberant" -> task base
// clone -> task render "Page 1, Panel 1 frame", which also uses a task clone of a scene.

import type { RawAsset, RawLineage } from "../api/types";

export function raw(id: string, over: Partial<RawAsset> = {}): RawAsset {
  return {
    __typename: over.type === "RENDER" ? "Render" : "Definition",
    id,
    type: "CHARACTER",
    layer: "SPACE",
    origin: "ORIGINAL",
    state: "CANONICAL",
    name: id,
    spaceId: "space-1",
    projectId: null,
    taskId: null,
    lock: { locked: true, immutable: true, count: 1 },
    deletability: { deletable: false },
    allowedTransitions: ["DEPRECATED"],
    updates: null,
    dependents: { totalCount: 1 },
    dependencies: { totalCount: 0 },
    ...over,
  };
}

export const JENNIFER = raw("jennifer", {
  name: "Jennifer",
  version: "1.0.0",
  dependents: { totalCount: 3 },
});
export const JENNIFER_V2 = raw("jennifer-v2", {
  name: "Jennifer",
  version: "2.0.0",
  dependencies: { totalCount: 1 },
  dependents: { totalCount: 0 },
});
export const PROJECT_BASE = raw("p-jennifer", {
  name: "Jennifer",
  layer: "PROJECT",
  origin: "BASE_CLONE",
  projectId: "project-1",
  dependencies: { totalCount: 1 },
  dependents: { totalCount: 3 },
  updates: { behind: 1 },
});
export const EXUBERANT = raw("p-exuberant", {
  name: "Jennifer_exuberant",
  layer: "PROJECT",
  origin: "WORKING_CLONE",
  projectId: "project-1",
  dependencies: { totalCount: 1 },
  dependents: { totalCount: 1 },
});
export const TASK_BASE = raw("t-exuberant", {
  name: "Jennifer_exuberant",
  layer: "TASK",
  origin: "BASE_CLONE",
  projectId: "project-1",
  taskId: "task-1",
  dependencies: { totalCount: 1 },
  dependents: { totalCount: 1 },
});
export const ROOM = raw("room", { name: "LivingRoom", type: "SCENE" });
export const TASK_ROOM = raw("t-room", {
  name: "LivingRoom_scene_morning",
  type: "SCENE",
  layer: "TASK",
  origin: "BASE_CLONE",
  projectId: "project-1",
  taskId: "task-1",
  dependencies: { totalCount: 1 },
});
export const FRAME = raw("frame", {
  name: "Page 1, Panel 1 frame",
  type: "RENDER",
  layer: "TASK",
  origin: "ORIGINAL",
  state: "APPROVED",
  projectId: "project-1",
  taskId: "task-1",
  classification: "COMPILATION",
  final: true,
  lock: { locked: false, immutable: true, count: 0 },
  deletability: { deletable: true },
  allowedTransitions: ["ARCHIVED"],
  dependencies: { totalCount: 2 },
  dependents: { totalCount: 0 },
  file: { key: "files/frame.png", contentType: "image/png", url: "/files/frame.png?sig=x" },
});

/** `lineage(direction: BOTH, depth: 4)` of the frame (the room scene's chain cut short). */
export const FRAME_LINEAGE: RawLineage = {
  truncated: false,
  nodes: [
    { depth: 0, asset: FRAME },
    { depth: 1, asset: TASK_BASE },
    { depth: 1, asset: TASK_ROOM },
    { depth: 2, asset: EXUBERANT },
    { depth: 3, asset: PROJECT_BASE },
    { depth: 4, asset: JENNIFER },
  ],
  edges: [
    { from: "frame", to: "t-exuberant", type: "USES", role: "CHARACTER" },
    { from: "frame", to: "t-room", type: "USES", role: "SCENE" },
    { from: "t-exuberant", to: "p-exuberant", type: "DERIVES_FROM", role: "CLONE" },
    { from: "p-exuberant", to: "p-jennifer", type: "DERIVES_FROM", role: "CLONE" },
    { from: "p-jennifer", to: "jennifer", type: "DERIVES_FROM", role: "CLONE" },
  ],
};

/** `lineage(direction: BOTH, depth: 1)` of space Jennifer. */
export const JENNIFER_LINEAGE: RawLineage = {
  truncated: false,
  nodes: [
    { depth: 0, asset: JENNIFER },
    { depth: 1, asset: PROJECT_BASE },
    { depth: 1, asset: JENNIFER_V2 },
  ],
  edges: [
    { from: "p-jennifer", to: "jennifer", type: "DERIVES_FROM", role: "CLONE" },
    { from: "jennifer-v2", to: "jennifer", type: "DERIVES_FROM", role: "VERSION" },
  ],
};
