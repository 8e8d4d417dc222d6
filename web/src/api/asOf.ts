// The lineage as it stood at an instant (`lineageAsOf`), turned into the drawing's model:
// each node's card carries its facts then (name, state, version, container), and assets
// deleted since are marked so the drawing and the panel can say so. Read-only: no locks,
// no deletability, nothing to expand.

import type { GraphQLClient } from "./client";
import * as doc from "./documents";
import type * as gql from "./generated";
import { toCard, type AssetCard, type ContainerKind, type Layer, type RawAsset, type RawLineage } from "./types";
import { modelFromLineage, type GraphModel } from "../model/graph";
import { MAX_NODES } from "./queries";

type PastNode = NonNullable<gql.LineageAsOfQuery["lineageAsOf"]>["nodes"][number];
type PastLineage = NonNullable<gql.LineageAsOfQuery["lineageAsOf"]>;

/** What the side panel shows of an asset in a past view. */
export interface PastFacts {
  id: string;
  name: string;
  state: string | null;
  version: string | null;
  containerId: string | null;
  contentHash: string | null;
  deletedSince: boolean;
}

export interface PastView {
  asOf: string;
  model: GraphModel;
  facts: ReadonlyMap<string, PastFacts>;
  /** Deleted assets whose own links the history does not hold. */
  withoutEdges: string[];
  historyStartsAt: string | null;
}

/** The lineage around `assetId` as of `at`; null when it did not exist then. */
export async function fetchLineageAsOf(
  client: GraphQLClient,
  assetId: string,
  at: string,
  depth: number,
  spaceId: string | null,
): Promise<PastView | null> {
  const variables: gql.LineageAsOfQueryVariables = { id: assetId, at, depth, maxNodes: MAX_NODES };
  const data = await client.request<gql.LineageAsOfQuery>(doc.LINEAGE_AS_OF, variables);
  return data.lineageAsOf ? pastView(assetId, data.lineageAsOf, spaceId) : null;
}

export function pastView(rootId: string, past: PastLineage, spaceId: string | null): PastView {
  const space = spaceId ?? past.nodes.find((n) => n.asset)?.asset?.spaceId ?? "";
  const cards = new Map(past.nodes.map((n) => [n.id, pastCard(n, space)]));
  const lineage: RawLineage = {
    truncated: past.truncated,
    edges: past.edges,
    nodes: past.nodes.map((n) => ({ depth: n.depth, direction: n.direction, asset: rawOf(cards.get(n.id)!) })),
  };
  // The drawing's model as for today's lineage, with the cards as they were then.
  const drawn = modelFromLineage(rootId, lineage);
  const nodes = new Map([...drawn.nodes].map(([id, node]) => [id, { ...node, card: cards.get(id)! }]));
  const model: GraphModel = { ...drawn, nodes };
  const facts = new Map(past.nodes.map((n) => [n.id, factsOf(n)]));
  return {
    asOf: past.asOf,
    model,
    facts,
    withoutEdges: past.deletedWithoutEdges,
    historyStartsAt: past.historyStartsAt,
  };
}

/** A node's card from its facts then, over today's card when it still exists. */
export function pastCard(node: PastNode, spaceId: string): AssetCard {
  const today = node.asset ? toCard(node.asset) : null;
  const layer: Layer = node.layer ?? today?.layer ?? "SPACE";
  return {
    id: node.id,
    kind: node.type === "RENDER" ? "Render" : "Definition",
    type: node.type,
    layer,
    origin: node.origin ?? today?.origin ?? "ORIGINAL",
    state: node.state ?? today?.state ?? "DRAFT",
    name: node.name,
    spaceId: today?.spaceId ?? spaceId,
    projectId: layer === "PROJECT" ? node.containerId : null,
    taskId: layer === "TASK" ? node.containerId : null,
    locked: false,
    immutable: false,
    deletable: false,
    allowedTransitions: [],
    versionsBehind: 0,
    dependencyTotal: null,
    dependentTotal: null,
    parentId: null,
    container: pastContainer(node, layer),
    version: node.version,
    neutral: today?.neutral ?? false,
    classification: today?.classification ?? null,
    final: false,
    thumbnailUrl: today?.thumbnailUrl ?? null,
    deletedSince: node.deletedSince,
  };
}

/** The container it was in, by its name today; a container deleted since by its id. */
function pastContainer(node: PastNode, layer: Layer): AssetCard["container"] {
  if (!node.containerId) return null;
  const kind: ContainerKind = layer === "SPACE" ? "Space" : layer === "PROJECT" ? "Project" : "Task";
  return { kind, id: node.containerId, name: node.container?.name ?? node.containerId };
}

/** The fields `modelFromLineage` reads of a node (it only needs the id to place it). */
function rawOf(card: AssetCard): RawAsset {
  const { id, type, layer, origin, state, name, spaceId } = card;
  return { id, type, layer, origin, state, name, spaceId };
}

function factsOf(node: PastNode): PastFacts {
  return {
    id: node.id,
    name: node.name,
    state: node.state,
    version: node.version,
    containerId: node.containerId,
    contentHash: node.contentHash,
    deletedSince: node.deletedSince,
  };
}

/** "3 Dec 2026, 07:30:15 UTC": an instant for people, in UTC so links read the same anywhere. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${time} UTC`;
}

/** The value a datetime-local input shows for an instant (the browser's local time). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** The instant (ISO, UTC) a datetime-local input's value names; null when empty or bad. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
