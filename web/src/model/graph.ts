// The explorer's graph model: the assets and lineage edges loaded so far, built from
// GraphQL answers. Pure functions returning new models, so the view can compare them.
//
// Edges are kept as the service stores them: `from` is the dependent (a clone, or a
// render using an input), `to` the asset it depends on. Upstream is towards `to`.

import type {
  AssetCard,
  AssetType,
  Direction,
  EdgeType,
  NeighbourPage,
  RawLineage,
} from "../api/types";
import { toCard } from "../api/types";

export interface LineageEdge {
  id: string;
  from: string;
  to: string;
  type: EdgeType;
  role: string | null;
}

export interface GraphNode {
  card: AssetCard;
  /** Lineage steps from the root: negative upstream, positive downstream, 0 the root. */
  depth: number;
  /** Directions whose first page of neighbours has been loaded by an expand. */
  expanded: Direction[];
}

/** Neighbours of `centerId` in `direction` not loaded yet ("N more"). */
export interface MorePage {
  id: string;
  centerId: string;
  direction: Direction;
  remaining: number;
  cursor: string | null;
}

export interface GraphModel {
  rootId: string;
  nodes: ReadonlyMap<string, GraphNode>;
  edges: ReadonlyMap<string, LineageEdge>;
  more: ReadonlyMap<string, MorePage>;
  /** The server stopped at its node cap: more lineage exists than shown. */
  truncated: boolean;
}

export function edgeId(from: string, to: string, type: EdgeType, role: string | null): string {
  return `${from}->${to}:${type}:${role ?? ""}`;
}

export function moreId(centerId: string, direction: Direction): string {
  return `more:${direction}:${centerId}`;
}

export function emptyModel(root: AssetCard): GraphModel {
  return {
    rootId: root.id,
    nodes: new Map([[root.id, { card: root, depth: 0, expanded: [] }]]),
    edges: new Map(),
    more: new Map(),
    truncated: false,
  };
}

/**
 * The model for an `Asset.lineage` answer. The server gives unsigned depths; the sign
 * (upstream or downstream of the root) is found from the edges.
 */
export function modelFromLineage(rootId: string, lineage: RawLineage): GraphModel {
  const nodes = new Map<string, GraphNode>();
  for (const item of lineage.nodes) {
    nodes.set(item.asset.id, { card: toCard(item.asset), depth: item.depth, expanded: [] });
  }
  const edges = new Map<string, LineageEdge>();
  for (const raw of lineage.edges) {
    if (!nodes.has(raw.from) || !nodes.has(raw.to)) continue;
    const role = raw.role ?? null;
    const id = edgeId(raw.from, raw.to, raw.type, role);
    edges.set(id, { id, from: raw.from, to: raw.to, type: raw.type, role });
  }
  const model: GraphModel = { rootId, nodes, edges, more: new Map(), truncated: lineage.truncated };
  if (lineage.nodes.some((n) => n.direction)) {
    // The server says which way each asset was reached.
    for (const item of lineage.nodes) {
      const node = nodes.get(item.asset.id);
      if (node && item.direction === "UPSTREAM") node.depth = -Math.abs(item.depth);
    }
    const root = nodes.get(rootId);
    if (root) root.depth = 0;
    return model;
  }
  return { ...model, nodes: signedDepths(model) };
}

/** Depth below zero for assets reached going upstream from the root. */
function signedDepths(model: GraphModel): Map<string, GraphNode> {
  const up = distances(model, model.rootId, "UPSTREAM");
  const down = distances(model, model.rootId, "DOWNSTREAM");
  const out = new Map<string, GraphNode>();
  for (const [id, node] of model.nodes) {
    const u = up.get(id);
    const d = down.get(id);
    let depth = node.depth;
    if (id === model.rootId) depth = 0;
    else if (u !== undefined && (d === undefined || u <= d)) depth = -u;
    else if (d !== undefined) depth = d;
    out.set(id, { ...node, depth });
  }
  return out;
}

/** Breadth-first distances from `start` along edges in one direction. */
export function distances(
  model: Pick<GraphModel, "edges">,
  start: string,
  direction: Direction,
): Map<string, number> {
  const adjacency = adjacencyOf(model, direction);
  const seen = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of adjacency.get(id) ?? []) {
        if (!seen.has(other)) {
          seen.set(other, (seen.get(id) ?? 0) + 1);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

function adjacencyOf(
  model: Pick<GraphModel, "edges">,
  direction: Direction,
): Map<string, string[]> {
  const adjacency = new Map<string, string[]>();
  for (const edge of model.edges.values()) {
    const [a, b] = direction === "UPSTREAM" ? [edge.from, edge.to] : [edge.to, edge.from];
    const list = adjacency.get(a);
    if (list) list.push(b);
    else adjacency.set(a, [b]);
  }
  return adjacency;
}

/** Ids of the loaded neighbours of `id` in one direction. */
export function neighbours(model: GraphModel, id: string, direction: Direction): string[] {
  const found = new Set<string>();
  for (const edge of model.edges.values()) {
    if (direction === "UPSTREAM" && edge.from === id) found.add(edge.to);
    if (direction === "DOWNSTREAM" && edge.to === id) found.add(edge.from);
  }
  return [...found];
}

/** The loaded lineage edges of `id` in one direction. */
export function edgeCount(model: GraphModel, id: string, direction: Direction): number {
  let count = 0;
  for (const edge of model.edges.values()) {
    if (direction === "UPSTREAM" ? edge.from === id : edge.to === id) count++;
  }
  return count;
}

/**
 * How many lineage edges of `id` the server knows of that the model does not show yet
 * (the server's totals count edges: one per dependency or dependent and role).
 */
export function hiddenCount(model: GraphModel, id: string, direction?: Direction): number {
  const node = model.nodes.get(id);
  if (!node) return 0;
  const count = (dir: Direction): number => {
    const total = dir === "UPSTREAM" ? node.card.dependencyTotal : node.card.dependentTotal;
    if (total === null) return 0;
    return Math.max(0, total - edgeCount(model, id, dir));
  };
  if (direction) return count(direction);
  return count("UPSTREAM") + count("DOWNSTREAM");
}

/** Add a page of neighbours (from an expand or an "N more" click). */
export function mergeNeighbours(model: GraphModel, page: NeighbourPage): GraphModel {
  const center = model.nodes.get(page.centerId);
  if (!center) return model;
  const nodes = new Map(model.nodes);
  const edges = new Map(model.edges);
  const step = page.direction === "UPSTREAM" ? -1 : 1;
  for (const item of page.items) {
    const existing = nodes.get(item.card.id);
    nodes.set(item.card.id, {
      card: item.card,
      depth: existing ? existing.depth : center.depth + step,
      expanded: existing ? existing.expanded : [],
    });
    const [from, to] =
      page.direction === "UPSTREAM" ? [page.centerId, item.card.id] : [item.card.id, page.centerId];
    const id = edgeId(from, to, item.type, item.role);
    edges.set(id, { id, from, to, type: item.type, role: item.role });
  }
  const expanded = center.expanded.includes(page.direction)
    ? center.expanded
    : [...center.expanded, page.direction];
  nodes.set(page.centerId, { ...center, expanded });
  const more = new Map(model.more);
  const key = moreId(page.centerId, page.direction);
  const next: GraphModel = { ...model, nodes, edges, more };
  const remaining = hiddenCount(next, page.centerId, page.direction);
  if (page.hasNextPage && remaining > 0) {
    more.set(key, {
      id: key,
      centerId: page.centerId,
      direction: page.direction,
      remaining,
      cursor: page.endCursor,
    });
  } else {
    more.delete(key);
  }
  return next;
}

/**
 * Undo an expand: drop the neighbours of `id` that nothing else holds in the graph (no
 * other edge, not the root), and its "N more" entries.
 */
export function collapse(model: GraphModel, id: string): GraphModel {
  const center = model.nodes.get(id);
  if (!center) return model;
  const nodes = new Map(model.nodes);
  const edges = new Map(model.edges);
  for (const direction of ["UPSTREAM", "DOWNSTREAM"] as const) {
    for (const other of neighbours(model, id, direction)) {
      if (other === model.rootId) continue;
      const degree = [...model.edges.values()].filter(
        (e) => e.from === other || e.to === other,
      ).length;
      if (degree > 1) continue;
      nodes.delete(other);
      for (const [key, edge] of edges) {
        if (edge.from === other || edge.to === other) edges.delete(key);
      }
    }
  }
  nodes.set(id, { ...center, expanded: [] });
  const more = new Map([...model.more].filter(([, page]) => nodes.has(page.centerId)));
  more.delete(moreId(id, "UPSTREAM"));
  more.delete(moreId(id, "DOWNSTREAM"));
  return { ...model, nodes, edges, more };
}

/** Replace an asset's card (after a transition, or a fresh read). */
export function updateCard(model: GraphModel, card: AssetCard): GraphModel {
  const node = model.nodes.get(card.id);
  if (!node) return model;
  const nodes = new Map(model.nodes);
  nodes.set(card.id, { ...node, card: keepTotals(node.card, card) });
  return { ...model, nodes };
}

/** Add assets and edges (for example the path of a lock reason) without touching others. */
export function mergeSubgraph(
  model: GraphModel,
  cards: AssetCard[],
  newEdges: Omit<LineageEdge, "id">[],
): GraphModel {
  const nodes = new Map(model.nodes);
  for (const card of cards) {
    const existing = nodes.get(card.id);
    if (existing) continue;
    nodes.set(card.id, { card, depth: 0, expanded: [] });
  }
  const edges = new Map(model.edges);
  for (const edge of newEdges) {
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) continue;
    const id = edgeId(edge.from, edge.to, edge.type, edge.role);
    if (!edges.has(id)) edges.set(id, { ...edge, id });
  }
  const merged = { ...model, nodes, edges };
  return { ...merged, nodes: signedDepths(merged) };
}

function keepTotals(old: AssetCard, fresh: AssetCard): AssetCard {
  return {
    ...fresh,
    dependencyTotal: fresh.dependencyTotal ?? old.dependencyTotal,
    dependentTotal: fresh.dependentTotal ?? old.dependentTotal,
  };
}

export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
}

/**
 * The way back from `id` to the space: every upstream edge followed until a Space-layer
 * asset (the origin) is reached. A clone has one such chain; a render one per input.
 */
export function pathToOrigin(model: GraphModel, id: string): Highlight {
  const result: Highlight = { nodes: new Set([id]), edges: new Set() };
  const start = model.nodes.get(id);
  if (!start) return result;
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const current of frontier) {
      const node = model.nodes.get(current);
      if (!node || (current !== id && node.card.layer === "SPACE")) continue;
      if (current === id && node.card.layer === "SPACE" && node.card.kind === "Definition") {
        continue; // a space definition is its own origin
      }
      for (const edge of model.edges.values()) {
        if (edge.from !== current || edge.role === "VERSION") continue;
        result.edges.add(edge.id);
        if (!result.nodes.has(edge.to)) {
          result.nodes.add(edge.to);
          next.push(edge.to);
        }
      }
    }
    frontier = next;
  }
  return result;
}

/** The Space-layer assets `pathToOrigin` ends at. */
export function originsOf(model: GraphModel, id: string): string[] {
  const path = pathToOrigin(model, id);
  return [...path.nodes].filter((n) => n !== id && model.nodes.get(n)?.card.layer === "SPACE");
}

/**
 * The elements of a lock reason's path (ids from the locked asset to the dependent) that
 * the graph shows.
 */
export function lockPath(model: GraphModel, path: string[]): Highlight {
  const result: Highlight = { nodes: new Set(), edges: new Set() };
  for (const [index, id] of path.entries()) {
    if (model.nodes.has(id)) result.nodes.add(id);
    const dependent = path[index + 1];
    if (dependent === undefined) continue;
    for (const edge of model.edges.values()) {
      if (edge.from === dependent && edge.to === id) result.edges.add(edge.id);
    }
  }
  return result;
}

/** Ids on a lock path the graph does not show yet. */
export function missingFromModel(model: GraphModel, ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => !model.nodes.has(id));
}

export interface VisibleGraph {
  nodes: GraphNode[];
  edges: LineageEdge[];
  more: MorePage[];
}

/** What to draw: the model less the hidden asset types (the root always stays). */
export function visibleGraph(model: GraphModel, hiddenTypes: ReadonlySet<AssetType>): VisibleGraph {
  const nodes = [...model.nodes.values()].filter(
    (n) => n.card.id === model.rootId || !hiddenTypes.has(n.card.type),
  );
  const shown = new Set(nodes.map((n) => n.card.id));
  const edges = [...model.edges.values()].filter((e) => shown.has(e.from) && shown.has(e.to));
  const more = [...model.more.values()].filter((m) => shown.has(m.centerId));
  return { nodes, edges, more };
}

/** Band of the layered drawing: Space, Project and Task definitions, then renders. */
export function bandOf(card: Pick<AssetCard, "kind" | "layer">): number {
  if (card.kind === "Render") return 3;
  return card.layer === "SPACE" ? 0 : card.layer === "PROJECT" ? 1 : 2;
}

export const BAND_NAMES = ["Space", "Project", "Task", "Renders"] as const;

/** Counts for the status line. */
export function summary(model: GraphModel): { nodes: number; edges: number; hidden: number } {
  let hidden = 0;
  for (const id of model.nodes.keys()) hidden += hiddenCount(model, id);
  return { nodes: model.nodes.size, edges: model.edges.size, hidden };
}

/** Add a lineage answer (for example the upstream chain of one node) to the model. */
export function mergeLineage(model: GraphModel, lineage: RawLineage): GraphModel {
  const cards = lineage.nodes.map((n) => toCard(n.asset));
  const edges = lineage.edges.map((e) => ({
    from: e.from,
    to: e.to,
    type: e.type,
    role: e.role ?? null,
  }));
  const merged = mergeSubgraph(model, cards, edges);
  return { ...merged, truncated: model.truncated || lineage.truncated };
}
