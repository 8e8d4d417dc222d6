// Hosts the Cytoscape canvas: draws the model when it changes, shows the selection and
// highlights, and mirrors the nodes as a list for screen readers, keyboard users and tests.

import { useEffect, useRef, useState } from "preact/hooks";
import { badgesOf, describe, explanationsOf, subtitleOf } from "../model/badges";
import { whereOf } from "../model/card";
import { hiddenCount, type GraphModel, type MorePage, type VisibleGraph } from "../model/graph";
import { GraphCanvas, type Highlights } from "./canvas";
import { makeLayouter } from "./elk";

interface Props {
  model: GraphModel | null;
  visible: VisibleGraph | null;
  frozen: boolean;
  selected: string | null;
  highlights: Highlights;
  onReady(canvas: GraphCanvas): void;
  onSelect(id: string): void;
  onExpand(id: string): void;
  onMore(page: MorePage): void;
  onBackground(): void;
  onKey(event: KeyboardEvent): void;
}

declare global {
  interface Window {
    /** For the benchmark and the browser tests: the drawing and its timings. */
    lineageExplorer?: { canvas: GraphCanvas; drawn: number };
  }
}

export function GraphPane(props: Props) {
  const host = useRef<HTMLDivElement | null>(null);
  const [canvas, setCanvas] = useState<GraphCanvas | null>(null);
  const handlers = useRef(props);
  handlers.current = props;
  const [drawnRoot, setDrawnRoot] = useState<string | null>(null);
  const [drawCount, setDrawCount] = useState(0);
  const [hover, setHover] = useState<{ id: string; x: number; y: number } | null>(null);

  useEffect(() => {
    let made: GraphCanvas | null = null;
    let live = true;
    void makeLayouter().then((elk) => {
      if (!live || !host.current) return;
      made = new GraphCanvas(host.current, elk, {
        select: (id) => handlers.current.onSelect(id),
        expand: (id) => handlers.current.onExpand(id),
        more: (page) => handlers.current.onMore(page),
        background: () => handlers.current.onBackground(),
        hover: setHover,
      });
      window.lineageExplorer = { canvas: made, drawn: 0 };
      setCanvas(made);
      handlers.current.onReady(made);
    });
    return () => {
      live = false;
      made?.destroy();
    };
  }, []);

  const { model, visible, frozen } = props;
  useEffect(() => {
    if (!canvas || !model || !visible) return;
    let live = true;
    const fit = drawnRoot !== model.rootId;
    void canvas.draw(model, visible, { frozen, fit }).then(() => {
      if (!live) return;
      setDrawnRoot(model.rootId);
      setDrawCount((n) => n + 1);
      if (window.lineageExplorer) window.lineageExplorer.drawn += 1;
    });
    return () => {
      live = false;
    };
    // drawnRoot is read, not watched: a redraw is due to the model, not to its own note.
  }, [canvas, model, visible, frozen]);

  useEffect(() => {
    if (!canvas) return;
    canvas.select(props.selected);
    canvas.highlight(props.highlights);
  }, [canvas, props.selected, props.highlights, drawCount]);

  useEffect(() => {
    if (!canvas || model) return;
    canvas.cy.elements().remove();
  }, [canvas, model]);

  const selectedNode = props.selected && model ? model.nodes.get(props.selected) : undefined;
  return (
    <div class="graph-wrap">
      <div
        ref={host}
        class="graph"
        tabIndex={0}
        role="application"
        aria-label="Lineage drawing: arrow keys move between assets, Enter expands, ? lists the keys"
        data-drawn={drawCount}
        onKeyDown={(event) => props.onKey(event)}
      />
      {hover && model && <NodeTip model={model} at={hover} />}
      <p class="sr-only" aria-live="polite" data-testid="announce">
        {selectedNode ? `Selected ${describe(selectedNode.card, hiddenCount(model!, selectedNode.card.id))}` : ""}
      </p>
      {model && visible && (
        <ul class="sr-only" data-testid="node-list" aria-label="Assets in the drawing">
          {visible.nodes.map((node) => {
            const card = node.card;
            const hidden = hiddenCount(model, card.id);
            return (
              <li
                key={card.id}
                id={`node-item-${cssId(card.id)}`}
                data-node-id={card.id}
                data-name={card.name}
                data-state={card.state}
                data-layer={card.layer}
                data-type={card.type}
                data-locked={String(card.locked)}
                data-deletable={String(card.deletable)}
                data-behind={String(card.versionsBehind)}
                data-deleted-since={String(card.deletedSince ?? false)}
                data-hidden={String(hidden)}
                data-highlight={highlightOf(props.highlights, card.id)}
                aria-selected={props.selected === card.id}
              >
                <button type="button" tabIndex={-1} onClick={() => props.onSelect(card.id)}>
                  {describe(card, hidden)}
                </button>
              </li>
            );
          })}
          {visible.more.map((page) => (
            <li key={page.id} data-more-id={page.id}>
              <button type="button" tabIndex={-1} onClick={() => props.onMore(page)}>
                {page.remaining} more {page.direction === "UPSTREAM" ? "upstream" : "downstream"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the drawing marks an asset as (the node list says it too, for tests and readers). */
function highlightOf(h: Highlights, id: string): string {
  if (h.dryRun) {
    if (h.dryRun.deleted.has(id)) return "deleted";
    if (h.dryRun.moved.has(id)) return "moved";
    if (h.dryRun.unlocked.has(id)) return "unlocked";
    return "";
  }
  if (h.origin?.nodes.has(id)) return "origin";
  if (h.reason?.nodes.has(id)) return "reason";
  return "";
}

/** What an asset is, in plain words, while the pointer is over it in the drawing. */
function NodeTip(props: { model: GraphModel; at: { id: string; x: number; y: number } }) {
  const node = props.model.nodes.get(props.at.id);
  if (!node) return null;
  const card = node.card;
  const where = whereOf(card);
  const left = Math.min(props.at.x + 8, window.innerWidth - 330);
  return (
    <div class="node-tip" role="tooltip" data-testid="node-tip" style={{ left: `${Math.max(8, left)}px`, top: `${Math.max(8, props.at.y)}px` }}>
      <strong>{card.name}</strong>
      <div class="muted">
        {subtitleOf(card)}
        {where ? ` · ${where}` : ""}
      </div>
      <ul>
        {[...explanationsOf(card), ...badgesOf(card).filter((b) => b.kind === "state" || b.kind === "deletable").map((b) => b.title)].map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
    </div>
  );
}

function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}
