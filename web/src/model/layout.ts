// Layered layout with ELK: lineage flows left to right (upstream on the left), and ELK's
// partitions keep the bands in order: Space, Project and Task definitions, then renders.

import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import type { Direction } from "../api/types";
import { CARD_MIN_HEIGHT, CARD_WIDTH, type Size } from "./card";
import { BAND_NAMES, bandOf, type GraphModel, type LineageEdge, type VisibleGraph } from "./graph";

export const NODE_WIDTH = CARD_WIDTH;
export const NODE_HEIGHT = CARD_MIN_HEIGHT;
export const MORE_WIDTH = 120;
export const MORE_HEIGHT = 30;
const COLUMN_STEP = NODE_WIDTH + 70;
const ROW_STEP = NODE_HEIGHT + 18;

export interface Point {
  x: number;
  y: number;
}

export interface Band {
  index: number;
  name: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

export interface Placement {
  /** Centres of the nodes (assets and "N more" entries), as Cytoscape wants them. */
  positions: Map<string, Point>;
  bands: Band[];
  /** Each edge's route from ELK: start, bend points, end (edges drawn along them). */
  routes: Map<string, Point[]>;
  /** The centre ELK kept free for each edge's label, clear of every node. */
  labels: Map<string, Point>;
}

/** The size of each asset's card, by id (assets missing from it get the smallest card). */
export type Sizes = ReadonlyMap<string, Size>;

const MIN_SIZE: Size = { width: NODE_WIDTH, height: NODE_HEIGHT };

function sizeOf(sizes: Sizes | undefined, id: string): Size {
  return sizes?.get(id) ?? MIN_SIZE;
}

/** The words on an edge: a render input's role, or "version" between versions. */
export function edgeLabel(edge: Pick<LineageEdge, "type" | "role">): string | null {
  if (edge.type === "USES") return (edge.role ?? "uses").toLowerCase();
  return edge.role === "VERSION" ? "version" : null;
}

/** Label box for ELK: DejaVu Sans at 9px, a little generous, with its white padding. */
export function labelSize(text: string): Size {
  return { width: Math.ceil(text.length * 5.6 + 6), height: 13 };
}

/** Anything with ELK's `layout` method (elkjs, bundled or in a worker). */
export interface Layouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/**
 * ELK layered with the layers given: ELK's own partitioning keeps bands in order but costs
 * seconds on a few hundred nodes, so the columns are computed here (`ranksOf`) and handed
 * to ELK's interactive layering as x positions; ELK orders each column and places nodes.
 */
export const ELK_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.separateConnectedComponents": "false",
  "elk.spacing.nodeNode": "18",
  "elk.layered.spacing.nodeNodeBetweenLayers": "64",
  "elk.layered.layering.strategy": "INTERACTIVE",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.edgeRouting": "POLYLINE",
  // Edge labels get a place of their own between the layers, never under a node.
  "elk.edgeLabels.placement": "CENTER",
  "elk.spacing.edgeLabel": "3",
  "elk.spacing.edgeNode": "12",
};

/** Above this many nodes, ELK keeps the given order in each column (much faster). */
export const LARGE_GRAPH = 200;
/** Small drawings keep siblings in name order where crossings allow. */
const SMALL_OPTIONS: Record<string, string> = {
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};
const LARGE_OPTIONS: Record<string, string> = {
  "elk.layered.crossingMinimization.semiInteractive": "true",
  "elk.layered.thoroughness": "1",
};

function moreBand(visible: VisibleGraph, centerId: string): number {
  const center = visible.nodes.find((n) => n.card.id === centerId);
  return center ? bandOf(center.card) : 0;
}

/**
 * The column of every node: bands left to right (Space, Project, Task, renders), and in a
 * band each asset one column right of its rightmost dependency there. Edges then always
 * point right. "N more" entries sit one column beside their asset.
 */
export function ranksOf(visible: VisibleGraph): Map<string, number> {
  const band = new Map(visible.nodes.map((n) => [n.card.id, bandOf(n.card)] as const));
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const id of band.keys()) indegree.set(id, 0);
  for (const edge of visible.edges) {
    // Downstream: from the dependency (`to`) to the dependent (`from`).
    const [u, v] = [edge.to, edge.from];
    if (u === v || !band.has(u) || !band.has(v)) continue;
    (succs.get(u) ?? succs.set(u, []).get(u)!).push(v);
    (preds.get(v) ?? preds.set(v, []).get(v)!).push(u);
    indegree.set(v, (indegree.get(v) ?? 0) + 1);
  }
  // Topological order (Kahn); assets on a cycle, which audits forbid, go last.
  const order: string[] = [];
  const queue = [...band.keys()].filter((id) => indegree.get(id) === 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const next of succs.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const placed = new Set(order);
  for (const id of band.keys()) if (!placed.has(id)) order.push(id);

  const local = new Map<string, number>();
  for (const id of order) {
    let rank = 0;
    for (const u of preds.get(id) ?? []) {
      const r = local.get(u);
      if (r !== undefined && band.get(u) === band.get(id)) rank = Math.max(rank, r + 1);
    }
    local.set(id, rank);
  }
  const width = new Map<number, number>();
  for (const [id, rank] of local) {
    const b = band.get(id)!;
    width.set(b, Math.max(width.get(b) ?? 0, rank + 1));
  }
  const offset = new Map<number, number>();
  let next = 0;
  for (const b of [...width.keys()].sort((a, c) => a - c)) {
    offset.set(b, next);
    next += width.get(b)!;
  }
  const ranks = new Map<string, number>();
  for (const [id, rank] of local) ranks.set(id, offset.get(band.get(id)!)! + rank);
  for (const more of visible.more) {
    const center = ranks.get(more.centerId);
    if (center !== undefined) ranks.set(more.id, center + (more.direction === "UPSTREAM" ? -1 : 1));
  }
  return ranks;
}

const RANK_STEP = NODE_WIDTH + 64;

/**
 * The ELK input for what is drawn; edges point downstream (dependency to dependent).
 * Small drawings hand ELK the edge labels, so it keeps room for them clear of the nodes.
 */
export function elkGraph(visible: VisibleGraph, sizes?: Sizes): ElkNode {
  const ordered = [...visible.nodes].sort(
    (a, b) =>
      bandOf(a.card) - bandOf(b.card) ||
      a.depth - b.depth ||
      a.card.name.localeCompare(b.card.name) ||
      a.card.id.localeCompare(b.card.id),
  );
  const ranks = ranksOf(visible);
  const large = visible.nodes.length + visible.more.length > LARGE_GRAPH;
  const children: ElkNode[] = ordered.map((node, index) => ({
    id: node.card.id,
    ...sizeOf(sizes, node.card.id),
    x: (ranks.get(node.card.id) ?? 0) * RANK_STEP,
    y: index * (NODE_HEIGHT + 18),
  }));
  const edges: ElkExtendedEdge[] = visible.edges.map((edge) => {
    const text = large ? null : edgeLabel(edge);
    return {
      id: edge.id,
      sources: [edge.to],
      targets: [edge.from],
      ...(text ? { labels: [{ id: `${edge.id}:label`, text, ...labelSize(text) }] } : {}),
    };
  });
  for (const more of visible.more) {
    children.push({
      id: more.id,
      width: MORE_WIDTH,
      height: MORE_HEIGHT,
      x: (ranks.get(more.id) ?? moreBand(visible, more.centerId)) * RANK_STEP,
      y: children.length * (NODE_HEIGHT + 18),
    });
    const [source, target] =
      more.direction === "UPSTREAM" ? [more.id, more.centerId] : [more.centerId, more.id];
    edges.push({ id: `${more.id}:edge`, sources: [source], targets: [target] });
  }
  return {
    id: "root",
    layoutOptions: large ? { ...ELK_OPTIONS, ...LARGE_OPTIONS } : { ...ELK_OPTIONS, ...SMALL_OPTIONS },
    children,
    edges,
  };
}

/** Run ELK and turn its top-left corners into centres, with the band boxes, the edge
 * routes and the label places. */
export async function layout(elk: Layouter, visible: VisibleGraph, sizes?: Sizes): Promise<Placement> {
  const result = await elk.layout(elkGraph(visible, sizes));
  const positions = new Map<string, Point>();
  for (const child of result.children ?? []) {
    positions.set(child.id, {
      x: (child.x ?? 0) + (child.width ?? 0) / 2,
      y: (child.y ?? 0) + (child.height ?? 0) / 2,
    });
  }
  const routes = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  for (const edge of result.edges ?? []) {
    const section = edge.sections?.[0];
    if (section) routes.set(edge.id, [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
    const label = edge.labels?.[0];
    if (label?.x !== undefined && label.y !== undefined) {
      labels.set(edge.id, { x: label.x + (label.width ?? 0) / 2, y: label.y + (label.height ?? 0) / 2 });
    }
  }
  return { positions, bands: bandsOf(visible, positions, sizes), routes, labels };
}

/** The box around each band's nodes, all as tall as the drawing. */
export function bandsOf(visible: VisibleGraph, positions: Map<string, Point>, sizes?: Sizes): Band[] {
  const boxes = new Map<number, { x1: number; x2: number }>();
  let top = Infinity;
  let bottom = -Infinity;
  for (const node of visible.nodes) {
    const at = positions.get(node.card.id);
    if (!at) continue;
    const band = bandOf(node.card);
    const size = sizeOf(sizes, node.card.id);
    const box = boxes.get(band) ?? { x1: Infinity, x2: -Infinity };
    box.x1 = Math.min(box.x1, at.x - size.width / 2);
    box.x2 = Math.max(box.x2, at.x + size.width / 2);
    boxes.set(band, box);
    top = Math.min(top, at.y - size.height / 2);
    bottom = Math.max(bottom, at.y + size.height / 2);
  }
  const pad = 16;
  return [...boxes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, box]) => ({
      index,
      name: BAND_NAMES[index] ?? String(index),
      x1: box.x1 - pad,
      x2: box.x2 + pad,
      y1: top - pad - 28,
      y2: bottom + pad,
    }));
}

/**
 * Frozen layout: keep every placed node where it is and put new ones next to a placed
 * neighbour (left of it when upstream, right when downstream) in the first free row.
 */
export function placeNew(
  model: GraphModel,
  visible: VisibleGraph,
  placed: ReadonlyMap<string, Point>,
  sizes?: Sizes,
): Map<string, Point> {
  const positions = new Map(placed);
  const taken = [...positions.entries()].map(([id, at]) => ({ at, h: sizeOf(sizes, id).height }));
  const free = (at: Point, h: number): boolean =>
    taken.every(
      (p) => Math.abs(p.at.x - at.x) >= NODE_WIDTH || Math.abs(p.at.y - at.y) >= (p.h + h) / 2 + ROW_STEP - NODE_HEIGHT - 4,
    );
  const put = (id: string, anchor: Point, direction: Direction): void => {
    const x = anchor.x + (direction === "UPSTREAM" ? -COLUMN_STEP : COLUMN_STEP);
    const h = sizeOf(sizes, id).height;
    for (let step = 0; step < 400; step++) {
      const offset = Math.ceil(step / 2) * (ROW_STEP / 2) * (step % 2 === 0 ? 1 : -1);
      const at = { x, y: anchor.y + offset };
      if (free(at, h)) {
        positions.set(id, at);
        taken.push({ at, h });
        return;
      }
    }
    positions.set(id, { x, y: anchor.y });
  };
  let pending = visible.nodes.filter((n) => !positions.has(n.card.id)).map((n) => n.card.id);
  // New nodes may hang off other new nodes: place those whose neighbour is placed first.
  for (let round = 0; pending.length > 0 && round < 50; round++) {
    const later: string[] = [];
    for (const id of pending) {
      const anchor = anchorOf(model, id, positions);
      if (anchor) put(id, anchor.point, anchor.direction);
      else later.push(id);
    }
    if (later.length === pending.length) {
      const origin = { x: 0, y: Math.max(0, ...taken.map((p) => p.at.y + p.h / 2)) + ROW_STEP };
      for (const id of later) put(id, origin, "DOWNSTREAM");
      break;
    }
    pending = later;
  }
  for (const more of visible.more) {
    if (positions.has(more.id)) continue;
    const center = positions.get(more.centerId);
    if (center) put(more.id, center, more.direction);
  }
  return positions;
}

function anchorOf(
  model: GraphModel,
  id: string,
  positions: ReadonlyMap<string, Point>,
): { point: Point; direction: Direction } | null {
  for (const edge of model.edges.values()) {
    // `id` depends on a placed asset: it sits downstream (right) of it.
    const parent = edge.from === id ? positions.get(edge.to) : undefined;
    if (parent) return { point: parent, direction: "DOWNSTREAM" };
    const child = edge.to === id ? positions.get(edge.from) : undefined;
    if (child) return { point: child, direction: "UPSTREAM" };
  }
  return null;
}
