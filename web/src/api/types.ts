// The shapes of the GraphQL answers the explorer reads (see schema.graphql), and the
// normalised asset card the rest of the page works with.

export type AssetType = "CHARACTER" | "SCENE" | "STYLE" | "RENDER";
export type Layer = "SPACE" | "PROJECT" | "TASK";
export type Origin = "ORIGINAL" | "BASE_CLONE" | "WORKING_CLONE";
export type State =
  | "DRAFT"
  | "CANONICAL"
  | "EXPERIMENTAL"
  | "DEPRECATED"
  | "ARCHIVED"
  | "APPROVED"
  | "DISCARDED";
export type Direction = "UPSTREAM" | "DOWNSTREAM";
export type EdgeType = "DERIVES_FROM" | "USES";

export const ASSET_TYPES: readonly AssetType[] = ["CHARACTER", "SCENE", "STYLE", "RENDER"];
export const LAYERS: readonly Layer[] = ["SPACE", "PROJECT", "TASK"];
export const STATES: readonly State[] = [
  "DRAFT",
  "CANONICAL",
  "EXPERIMENTAL",
  "DEPRECATED",
  "ARCHIVED",
  "APPROVED",
  "DISCARDED",
];

/** `AssetCard` fragment as GraphQL returns it. */
export interface RawAsset {
  __typename?: string;
  id: string;
  type: AssetType;
  layer: Layer;
  origin: Origin;
  state: State;
  name: string;
  spaceId: string;
  projectId?: string | null;
  taskId?: string | null;
  lock?: { locked: boolean; immutable: boolean; count: number } | null;
  deletability?: { deletable: boolean } | null;
  allowedTransitions?: State[] | null;
  updates?: { behind: number } | null;
  dependents?: { totalCount: number } | null;
  dependencies?: { totalCount: number } | null;
  parent?: { id: string } | null;
  container?: { __typename?: string; id: string; name: string } | null;
  // Definition
  version?: string | null;
  inheritedVersion?: string | null;
  neutral?: boolean | null;
  // Render
  classification?: string | null;
  final?: boolean | null;
  file?: { key?: string | null; url?: string | null; contentType?: string | null } | null;
}

/** One asset as the graph and the panels show it. */
export interface AssetCard {
  id: string;
  kind: "Definition" | "Render";
  type: AssetType;
  layer: Layer;
  origin: Origin;
  state: State;
  name: string;
  spaceId: string;
  projectId: string | null;
  taskId: string | null;
  locked: boolean;
  immutable: boolean;
  deletable: boolean;
  allowedTransitions: State[];
  /** How many newer canonical versions exist upstream; 0 when up to date or unknown. */
  versionsBehind: number;
  /** Totals from the server; null when not asked. */
  dependencyTotal: number | null;
  dependentTotal: number | null;
  parentId: string | null;
  /** The space, project or task it lives in (null when not asked). */
  container: { kind: ContainerKind; id: string; name: string } | null;
  version: string | null;
  neutral: boolean;
  classification: string | null;
  final: boolean;
  thumbnailUrl: string | null;
  /** In a past view: deleted since that instant (it is not in today's graph). */
  deletedSince?: boolean;
}

export function toCard(raw: RawAsset): AssetCard {
  const isRender = raw.type === "RENDER" || raw.__typename === "Render";
  const url = raw.file?.url ?? null;
  const contentType = raw.file?.contentType ?? null;
  return {
    id: raw.id,
    kind: isRender ? "Render" : "Definition",
    type: raw.type,
    layer: raw.layer,
    origin: raw.origin,
    state: raw.state,
    name: raw.name,
    spaceId: raw.spaceId,
    projectId: raw.projectId ?? null,
    taskId: raw.taskId ?? null,
    locked: raw.lock?.locked ?? false,
    immutable: raw.lock?.immutable ?? false,
    deletable: raw.deletability?.deletable ?? false,
    allowedTransitions: [...(raw.allowedTransitions ?? [])],
    versionsBehind: Math.max(0, raw.updates?.behind ?? 0),
    dependencyTotal: raw.dependencies?.totalCount ?? null,
    dependentTotal: raw.dependents?.totalCount ?? null,
    parentId: raw.parent?.id ?? null,
    container: raw.container ? { kind: containerKind(raw.container.__typename, raw), id: raw.container.id, name: raw.container.name } : null,
    version: raw.version ?? raw.inheritedVersion ?? null,
    neutral: raw.neutral ?? false,
    classification: raw.classification ?? null,
    final: raw.final ?? false,
    thumbnailUrl: url && (contentType === null || contentType.startsWith("image/")) ? url : null,
  };
}

export type ContainerKind = "Space" | "Project" | "Task";

/** The kind of an asset's container: its GraphQL type, else the asset's own layer. */
function containerKind(typename: string | undefined, raw: RawAsset): ContainerKind {
  if (typename === "Space" || typename === "Project" || typename === "Task") return typename;
  return raw.layer === "SPACE" ? "Space" : raw.layer === "PROJECT" ? "Project" : "Task";
}

export interface RawLineageEdge {
  from: string;
  to: string;
  type: EdgeType;
  role?: string | null;
}

export interface RawLineage {
  nodes: { depth: number; direction?: Direction | "BOTH" | null; asset: RawAsset }[];
  edges: RawLineageEdge[];
  truncated: boolean;
}

/** One page of an asset's neighbours in one direction. */
export interface NeighbourPage {
  centerId: string;
  direction: Direction;
  items: { card: AssetCard; type: EdgeType; role: string | null }[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface LockReason {
  kind: string;
  dependentId: string | null;
  dependentType: string | null;
  path: string[];
}

export interface FieldChange {
  path: string;
  old: unknown;
  new: unknown;
}

export interface RenderInputInfo {
  asset: {
    id: string;
    name: string;
    type: AssetType;
    layer: Layer;
    contentHash?: string;
    version?: string | null;
    container?: { __typename?: string; id: string; name: string } | null;
  };
  role: string;
  contentHash: string;
  repointedFrom: string | null;
  drift: FieldChange[];
}

export interface ContainerRef {
  id: string;
  kind: Layer;
  name: string;
}

/** An asset a delete report names, as it was before the delete. */
export interface AffectedAsset {
  id: string;
  type: AssetType;
  origin: Origin;
  name: string;
  version: string | null;
  container: ContainerRef;
}

export interface DeleteReport {
  dryRun: boolean;
  deleted: AffectedAsset[];
  deletedContainers: ContainerRef[];
  moved: AffectedAsset[];
  unlocked: AffectedAsset[];
  nowDeletable: AffectedAsset[];
}

export interface Blocker {
  dependentId: string;
  dependentType: string;
  edge: string;
  binding: boolean;
}

/** A typed refusal from a mutation (`... on Error`). */
export interface DomainError {
  __typename: string;
  code: string;
  message: string;
  [extra: string]: unknown;
}
