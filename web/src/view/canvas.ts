// The drawing: Cytoscape.js on a canvas, positions from ELK (model/layout.ts). Keeps the
// Cytoscape elements in step with the model, draws highlights, and records how long each
// layout + render took (window.lineageExplorer.timings, read by the benchmark).

import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from "cytoscape";
import { cardSvg, LAYER_COLORS, subtitleOf, THUMB_SIZE } from "../model/badges";
import { cardLines, type Size } from "../model/card";
import {
  hiddenCount,
  type GraphModel,
  type Highlight,
  type MorePage,
  type VisibleGraph,
} from "../model/graph";
import {
  layout,
  bandsOf,
  edgeLabel,
  labelSize,
  MORE_HEIGHT,
  MORE_WIDTH,
  NODE_WIDTH,
  placeNew,
  type Layouter,
  type Placement,
  type Point,
} from "../model/layout";
import { metrics, type DrawTiming } from "./metrics";

export interface CanvasEvents {
  select(id: string): void;
  expand(id: string): void;
  more(page: MorePage): void;
  background(): void;
  /** The pointer is over an asset (its id and where on the page), or left it (null). */
  hover(over: { id: string; x: number; y: number } | null): void;
}

export interface Highlights {
  origin: Highlight | null;
  reason: Highlight | null;
  /** A delete dry run's answer: what would go, move, unlock; the rest is faded. */
  dryRun: { deleted: Set<string>; moved: Set<string>; unlocked: Set<string> } | null;
}

const MAX_FIT_ZOOM = 1.3;
const MIN_FIT_ZOOM = 0.22;
const READABLE_ZOOM = 0.6;
const BAND_FILL = ["#e9effb", "#e7f5ee", "#fcf0e3", "#f1f0f7"];

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node.asset",
    style: {
      shape: "round-rectangle",
      width: "data(w)",
      height: "data(h)",
      "background-color": "#ffffff",
      "background-image": "data(card)",
      "background-fit": "contain",
      "background-clip": "node",
      "background-image-containment": "over",
      "border-width": 1.5,
      "border-color": "#b9c2d0",
      label: "",
      "overlay-opacity": 0,
    },
  },
  { selector: "node.base-clone", style: { "border-style": "dashed", "border-color": "#8896ab" } },
  { selector: "node.deleted-since", style: { "border-style": "dashed", "border-color": "#7f8c8d", "border-width": 3, opacity: 0.75 } },
  { selector: "node.root", style: { "border-width": 3, "border-color": "#1d2330" } },
  {
    selector: "node.more",
    style: {
      shape: "round-rectangle",
      width: MORE_WIDTH,
      height: MORE_HEIGHT,
      "background-color": "#f4f6fa",
      "border-width": 1,
      "border-style": "dashed",
      "border-color": "#7b8798",
      label: "data(label)",
      "font-size": 11,
      color: "#34495e",
      "text-valign": "center",
      "text-halign": "center",
      "font-family": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
    },
  },
  {
    selector: "node.band",
    style: {
      shape: "rectangle",
      width: "data(w)",
      height: "data(h)",
      "background-color": "data(fill)",
      "background-opacity": 0.65,
      "border-width": 0,
      label: "data(label)",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": 24,
      "font-size": 13,
      "font-weight": "bold",
      color: "#5a6473",
      "font-family": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
      "z-index": 0,
      "z-index-compare": "manual",
      events: "no",
    },
  },
  {
    selector: "edge",
    style: {
      width: 1.6,
      "line-color": "#9aa6b8",
      "target-arrow-color": "#9aa6b8",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.9,
      "curve-style": "bezier",
      "z-index": 1,
      "z-index-compare": "manual",
    },
  },
  // Along ELK's route (start, bends, end), so edges go round the nodes, not under them.
  {
    selector: "edge.routed",
    style: { "curve-style": "segments", "edge-distances": "node-position", "segment-weights": "data(weights)", "segment-distances": "data(distances)" },
  },
  { selector: "edge.uses", style: { "line-style": "dashed", "line-dash-pattern": [6, 3] } },
  {
    selector: "edge.version",
    style: { "line-style": "dotted", "line-color": "#8e44ad", "target-arrow-color": "#8e44ad" },
  },
  {
    selector: "edge[label]",
    style: {
      label: "data(label)",
      "font-size": 9,
      color: "#5a6473",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "1px",
      "min-zoomed-font-size": 8,
      "font-family": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
    },
  },
  // Edge labels ELK placed: drawn above everything, on the free spot kept for them.
  {
    selector: "node.edge-label",
    style: {
      shape: "round-rectangle",
      width: "data(w)",
      height: "data(h)",
      "background-color": "#ffffff",
      "background-opacity": 0.92,
      "border-width": 0,
      label: "data(label)",
      "font-size": 9,
      color: "#5a6473",
      "text-valign": "center",
      "text-halign": "center",
      "min-zoomed-font-size": 8,
      "font-family": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
      "z-index": 4,
      "z-index-compare": "manual",
      events: "no",
    },
  },
  { selector: "edge.more-edge", style: { "line-style": "dotted", "target-arrow-shape": "none" } },
  { selector: "node.asset, node.more", style: { "z-index": 2, "z-index-compare": "manual" } },
  { selector: ".faded", style: { opacity: 0.28 } },
  {
    selector: "edge.origin",
    style: { width: 4, "line-color": "#e6a700", "target-arrow-color": "#e6a700", opacity: 1 },
  },
  { selector: "node.origin", style: { "border-color": "#e6a700", "border-width": 3.5 } },
  {
    selector: "edge.reason",
    style: { width: 4.5, "line-color": "#c0392b", "target-arrow-color": "#c0392b", opacity: 1 },
  },
  { selector: "node.reason", style: { "border-color": "#c0392b", "border-width": 4, opacity: 1 } },
  { selector: "node.deleted", style: { "border-color": "#c0392b", "border-width": 5, opacity: 1, "underlay-color": "#c0392b", "underlay-opacity": 0.25, "underlay-padding": 7 } },
  { selector: "node.moved", style: { "border-color": "#2563eb", "border-width": 5, "border-style": "dashed", opacity: 1, "underlay-color": "#2563eb", "underlay-opacity": 0.2, "underlay-padding": 7 } },
  { selector: "node.unlocked", style: { "border-color": "#1f8f4e", "border-width": 5, opacity: 1, "underlay-color": "#1f8f4e", "underlay-opacity": 0.22, "underlay-padding": 7 } },
  {
    selector: "node.asset:selected",
    style: { "border-color": "#2563eb", "border-width": 4, "underlay-color": "#2563eb", "underlay-opacity": 0.18, "underlay-padding": 6 },
  },
];

export class GraphCanvas {
  readonly cy: Core;
  private placed = new Map<string, Point>();
  private cards = new Map<string, string>();
  /** The last ELK layout's edge routes and label places (see `Placement`). */
  private routes = new Map<string, Point[]>();
  private labels = new Map<string, Point>();
  /** Assets dragged since that layout: their edges are drawn as curves, labels on them. */
  private moved = new Set<string>();
  readonly timings: DrawTiming[] = [];
  private drawing: Promise<DrawTiming> | null = null;
  private resizes: ResizeObserver | null = null;

  constructor(
    container: HTMLElement,
    private readonly elk: Layouter,
    events: CanvasEvents,
  ) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.08,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      selectionType: "single",
      autoungrabify: false,
    });
    // Clicking the drawing gives it the keyboard (arrows, Enter...).
    this.cy.on("tapstart", () => container.focus({ preventScroll: true }));
    this.cy.on("tap", "node.asset", (event) => events.select(event.target.id()));
    this.cy.on("dbltap", "node.asset", (event) => events.expand(event.target.id()));
    this.cy.on("tap", "node.more", (event) => {
      const page = event.target.data("page") as MorePage | undefined;
      if (page) events.more(page);
    });
    this.cy.on("tap", (event) => {
      if (event.target === this.cy) events.background();
    });
    // The drawing's box changes when the side panel or the search opens: fit again.
    if (typeof ResizeObserver !== "undefined") {
      this.resizes = new ResizeObserver(() => {
        this.cy.resize();
        if (this.cy.nodes().nonempty()) this.fitNow();
      });
      this.resizes.observe(container);
    }
    this.cy.on("dragfree", "node.asset", (event) => {
      const node = event.target as NodeSingular;
      this.placed.set(node.id(), { ...node.position() });
    });
    // A dragged asset leaves ELK's routes: its edges become curves with their own labels.
    this.cy.on("grab", "node.asset", (event) => {
      const node = event.target as NodeSingular;
      this.moved.add(node.id());
      node.connectedEdges().forEach((edge) => {
        edge.removeClass("routed");
        const label = this.cy.getElementById(`label:${edge.id()}`);
        if (label.nonempty()) {
          edge.data("label", label.data("label"));
          label.remove();
        }
      });
    });
    this.cy.on("mouseover", "node.asset", (event) => {
      const node = event.target as NodeSingular;
      const box = node.renderedBoundingBox();
      const rect = container.getBoundingClientRect();
      events.hover({ id: node.id(), x: rect.left + box.x2, y: rect.top + box.y1 });
    });
    this.cy.on("mouseout", "node.asset", () => events.hover(null));
    // Leaving the drawing over a card sends no mouseout: the tip goes with the pointer.
    container.addEventListener("mouseleave", () => events.hover(null));
    this.cy.on("viewport drag", () => events.hover(null));
  }

  destroy(): void {
    this.resizes?.disconnect();
    this.cy.destroy();
  }

  /**
   * Fit the drawing in view, never zooming in past readable size for small graphs. A
   * drawing too big to read when fitted opens on the root instead (unless `all`).
   */
  private fitNow(all = false): void {
    const cy = this.cy;
    const drawn = cy.elements("node.asset, node.more");
    cy.fit(drawn, 40);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center(drawn);
    } else if (!all && cy.zoom() < MIN_FIT_ZOOM) {
      const root = cy.nodes("node.root");
      cy.zoom(READABLE_ZOOM);
      cy.center(root.nonempty() ? root : drawn);
    }
  }

  /** Bring the drawing in step with the model; lay it out again unless frozen. */
  async draw(
    model: GraphModel,
    visible: VisibleGraph,
    options: { frozen: boolean; fit: boolean },
  ): Promise<DrawTiming> {
    // One drawing at a time: a newer model waits for the running layout.
    const previous = this.drawing;
    const run = (async () => {
      if (previous) await previous.catch(() => undefined);
      return this.drawNow(model, visible, options);
    })();
    this.drawing = run;
    return run;
  }

  private async drawNow(
    model: GraphModel,
    visible: VisibleGraph,
    options: { frozen: boolean; fit: boolean },
  ): Promise<DrawTiming> {
    const started = performance.now();
    const frozen = options.frozen && this.placed.size > 0;
    const big = visible.nodes.length > 150;
    const cards = this.cardsOf(model, visible, big);
    const sizes = new Map([...cards].map(([id, c]) => [id, c.size] as const));
    let placement: Placement;
    if (frozen) {
      // Placed nodes stay; routes of edges whose ends have not moved stay too.
      const positions = placeNew(model, visible, this.placed, sizes);
      placement = { positions, bands: bandsOf(visible, positions, sizes), routes: this.routes, labels: this.labels };
    } else {
      placement = await layout(this.elk, visible, sizes);
      this.moved.clear();
    }
    const laidOut = performance.now();
    this.routes = placement.routes;
    this.labels = placement.labels;
    this.sync(model, visible, cards, placement);
    if (options.fit || !frozen) this.fitNow();
    await nextFrame();
    await nextFrame();
    const rendered = performance.now();
    const timing: DrawTiming = {
      nodes: visible.nodes.length,
      edges: visible.edges.length,
      layoutMs: round(laidOut - started),
      renderMs: round(rendered - laidOut),
      totalMs: round(rendered - started),
      frozen,
    };
    this.timings.push(timing);
    metrics.draws.push(timing);
    return timing;
  }

  /** Each drawn asset's card image and size (images cached: they cost to make). */
  private cardsOf(model: GraphModel, visible: VisibleGraph, big: boolean): Map<string, { image: string; size: Size }> {
    const found = new Map<string, { image: string; size: Size }>();
    for (const node of visible.nodes) {
      const card = node.card;
      const hidden = hiddenCount(model, card.id);
      const key = `${JSON.stringify(card)}|${hidden}|${big ? 1 : 2}`;
      let image = this.cards.get(key);
      if (!image) {
        image = cardSvg(card, hidden, big ? 1 : 2);
        this.cards.set(key, image);
      }
      const lines = cardLines(card, subtitleOf(card), hidden);
      found.set(card.id, { image, size: { width: lines.width, height: lines.height } });
    }
    return found;
  }

  private sync(
    model: GraphModel,
    visible: VisibleGraph,
    cards: Map<string, { image: string; size: Size }>,
    placement: Placement,
  ): void {
    const { positions, bands } = placement;
    const wanted: ElementDefinition[] = [];
    for (const band of bands) {
      wanted.push({
        group: "nodes",
        data: {
          id: `band:${band.index}`,
          label: band.name,
          w: band.x2 - band.x1,
          h: band.y2 - band.y1,
          fill: BAND_FILL[band.index] ?? "#f4f4f4",
        },
        position: { x: (band.x1 + band.x2) / 2, y: (band.y1 + band.y2) / 2 },
        classes: "band",
        selectable: false,
        grabbable: false,
      });
    }
    for (const node of visible.nodes) {
      const card = node.card;
      const drawnCard = cards.get(card.id)!;
      const classes = ["asset", card.kind === "Render" ? "render" : "definition"];
      if (card.origin === "BASE_CLONE") classes.push("base-clone");
      if (card.deletedSince) classes.push("deleted-since");
      if (card.id === model.rootId) classes.push("root");
      wanted.push({
        group: "nodes",
        data: {
          id: card.id,
          card: drawnCard.image,
          w: drawnCard.size.width,
          h: drawnCard.size.height,
          thumb: card.thumbnailUrl,
          layer: LAYER_COLORS[card.layer],
        },
        position: positions.get(card.id) ?? { x: 0, y: 0 },
        classes: classes.join(" "),
      });
    }
    for (const more of visible.more) {
      wanted.push({
        group: "nodes",
        data: { id: more.id, label: `${more.remaining} more…`, page: more },
        position: positions.get(more.id) ?? { x: 0, y: 0 },
        classes: "more",
        grabbable: false,
      });
      const [source, target] =
        more.direction === "UPSTREAM" ? [more.id, more.centerId] : [more.centerId, more.id];
      wanted.push({
        group: "edges",
        data: { id: `${more.id}:edge`, source, target },
        classes: "more-edge",
      });
    }
    for (const edge of visible.edges) {
      const classes = [edge.type === "USES" ? "uses" : "derives"];
      if (edge.role === "VERSION") classes.push("version");
      const label = edgeLabel(edge);
      const route = this.routeOf(edge.id, edge.to, edge.from, positions);
      if (route) classes.push("routed");
      const placed = label ? this.labels.get(edge.id) : undefined;
      wanted.push({
        group: "edges",
        // Drawn in the direction of the flow: from what was used to what was made.
        data: {
          id: edge.id,
          source: edge.to,
          target: edge.from,
          // A label ELK placed is its own node above the drawing; else on the edge.
          ...(label && !placed ? { label } : {}),
          ...(route ?? {}),
        },
        classes: classes.join(" "),
      });
      if (label && placed) {
        wanted.push({
          group: "nodes",
          data: { id: `label:${edge.id}`, label, edge: edge.id, ...labelBox(label) },
          position: placed,
          classes: "edge-label",
          selectable: false,
          grabbable: false,
        });
      }
    }
    const cy = this.cy;
    cy.batch(() => {
      const keep = new Set(wanted.map((w) => w.data.id as string));
      cy.elements().forEach((element) => {
        if (!keep.has(element.id())) element.remove();
      });
      for (const definition of wanted) {
        const id = definition.data.id as string;
        const existing = cy.getElementById(id);
        if (existing.nonempty()) {
          existing.removeData("label weights distances");
          existing.data(definition.data);
          existing.classes(definition.classes ?? "");
          if (definition.position && existing.isNode()) existing.position(definition.position);
        } else {
          cy.add(definition);
        }
      }
      cy.nodes("node.asset").forEach((node) => {
        const thumb = node.data("thumb") as string | null;
        if (thumb) {
          // The card, with the file's thumbnail drawn over its placeholder square.
          // Every per-image property is given for both images; file URLs may be on another
          // origin (S3, CloudFront), so no CORS mode is asked for.
          node.style({
            "background-image": [node.data("card"), thumb],
            "background-fit": ["contain", "none"],
            "background-width": ["100%", `${THUMB_SIZE}px`],
            "background-height": ["100%", `${THUMB_SIZE}px`],
            "background-position-x": ["0px", "12px"],
            "background-position-y": ["0px", "7px"],
            "background-image-opacity": [1, 1],
            "background-clip": ["node", "node"],
            "background-image-containment": ["over", "over"],
            "background-image-crossorigin": ["null", "null"],
          } as unknown as cytoscape.Css.Node);
        }
      });
    });
    this.placed = new Map(
      cy.nodes("node.asset, node.more").map((n) => [n.id(), { ...n.position() }] as const),
    );
  }

  /**
   * ELK's route of an edge as Cytoscape segment points (weights along, and distances
   * across, the line between the two node centres), when both ends are where ELK put them
   * and the route bends (a straight route is drawn straight).
   */
  private routeOf(
    id: string,
    source: string,
    target: string,
    positions: Map<string, Point>,
  ): { weights: string; distances: string } | null {
    const route = this.routes.get(id);
    const from = positions.get(source);
    const to = positions.get(target);
    if (!route || !from || !to || this.moved.has(source) || this.moved.has(target)) return null;
    // The bends only: Cytoscape finds where the edge leaves and enters the node itself.
    const relative = route
      .slice(1, -1)
      .map((p) => segmentPoint(from, to, p))
      .filter((p) => p !== null);
    if (relative.length === 0) return null;
    return {
      weights: relative.map((p) => p.weight.toFixed(4)).join(" "),
      distances: relative.map((p) => p.distance.toFixed(2)).join(" "),
    };
  }

  /** Show the selection (and scroll it into view when off screen). */
  select(id: string | null, center = true): void {
    const cy = this.cy;
    cy.$(":selected").unselect();
    if (!id) return;
    const node = cy.getElementById(id);
    if (node.empty()) return;
    node.select();
    if (center && !this.inView(node)) cy.animate({ center: { eles: node }, duration: 200 });
  }

  private inView(node: NodeSingular): boolean {
    const box = node.renderedBoundingBox();
    return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= this.cy.width() && box.y2 <= this.cy.height();
  }

  highlight(h: Highlights): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass("origin reason faded deleted moved unlocked");
      if (h.origin && !h.dryRun) {
        for (const id of h.origin.nodes) cy.getElementById(id).addClass("origin");
        for (const id of h.origin.edges) cy.getElementById(id).addClass("origin");
      }
      if (h.dryRun) {
        // What the delete touches stands out; everything else steps back.
        cy.elements("node.asset, node.more, node.edge-label, edge").addClass("faded");
        const marks = [
          ["deleted", h.dryRun.deleted],
          ["moved", h.dryRun.moved],
          ["unlocked", h.dryRun.unlocked],
        ] as const;
        for (const [cls, ids] of marks) {
          for (const id of ids) cy.getElementById(id).removeClass("faded").addClass(cls);
        }
      }
      if (h.reason) {
        cy.elements("node.asset, node.more, node.edge-label, edge").addClass("faded");
        for (const id of [...h.reason.nodes, ...h.reason.edges]) {
          cy.getElementById(id).removeClass("faded").addClass("reason");
        }
      }
    });
  }

  fit(): void {
    this.cy.resize();
    this.fitNow(true);
  }

  zoomBy(factor: number): void {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  /** The neighbour to move to with an arrow key (graph runs left to right). */
  nextWithKey(from: string, key: "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown"): string | null {
    const cy = this.cy;
    const here = cy.getElementById(from);
    if (here.empty()) return null;
    const at = here.position();
    const candidates = cy.nodes("node.asset, node.more").filter((n) => n.id() !== from);
    let best: string | null = null;
    let bestScore = Infinity;
    candidates.forEach((n) => {
      const p = n.position();
      const dx = p.x - at.x;
      const dy = p.y - at.y;
      const horizontal = key === "ArrowLeft" || key === "ArrowRight";
      const along = horizontal ? (key === "ArrowRight" ? dx : -dx) : key === "ArrowDown" ? dy : -dy;
      const across = horizontal ? Math.abs(dy) : Math.abs(dx);
      if (along <= 4) return;
      if (!horizontal && across > NODE_WIDTH * 0.75) return;
      const score = along + across * 2.5;
      if (score < bestScore) {
        bestScore = score;
        best = n.id();
      }
    });
    return best;
  }

  /** Where a node is on the page (for tests and the benchmark). */
  pagePosition(id: string): { x: number; y: number } | null {
    const node = this.cy.getElementById(id);
    if (node.empty()) return null;
    const rect = this.cy.container()?.getBoundingClientRect();
    const at = node.renderedPosition();
    return { x: (rect?.left ?? 0) + at.x, y: (rect?.top ?? 0) + at.y };
  }
}

/** Text box of a label node: its size as ELK was told (model/layout.ts). */
function labelBox(text: string): { w: number; h: number } {
  const size = labelSize(text);
  return { w: size.width, h: size.height };
}

/**
 * A point as Cytoscape's segment edges take it (edge-distances: node-position): how far
 * along the line from `from` to `to` (0 to 1), and how far off it, signed as Cytoscape
 * signs segment-distances (checked against the drawn points in the browser tests). Null
 * on a zero-length line.
 */
export function segmentPoint(from: Point, to: Point, p: Point): { weight: number; distance: number } | null {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return null;
  const px = p.x - from.x;
  const py = p.y - from.y;
  return { weight: (px * dx + py * dy) / length2, distance: (py * dx - px * dy) / Math.sqrt(length2) };
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
