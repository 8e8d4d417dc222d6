// What a node's badges say, as data (tested) and as the SVG card the graph draws.

import type { AssetCard, Layer, Origin, State } from "../api/types";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout";

export interface Badge {
  kind: "type" | "origin" | "state" | "locked" | "deletable" | "behind" | "class" | "final" | "hidden";
  text: string;
  color: string;
  title: string;
}

export const LAYER_COLORS: Record<Layer, string> = {
  SPACE: "#3867d6",
  PROJECT: "#20a36b",
  TASK: "#e17f1f",
};

export const STATE_COLORS: Record<State, string> = {
  DRAFT: "#7a8291",
  CANONICAL: "#1f8f4e",
  EXPERIMENTAL: "#8e44ad",
  DEPRECATED: "#c27c0e",
  ARCHIVED: "#4a4f57",
  APPROVED: "#1f8f4e",
  DISCARDED: "#c0392b",
};

export function originLabel(origin: Origin, isRender: boolean): string {
  if (origin === "ORIGINAL") return "original";
  if (origin === "BASE_CLONE") return "base clone";
  return isRender ? "variant" : "working clone";
}

export function layerLabel(layer: Layer): string {
  return layer.charAt(0) + layer.slice(1).toLowerCase();
}

export function typeLabel(card: Pick<AssetCard, "type">): string {
  return card.type.charAt(0) + card.type.slice(1).toLowerCase();
}

/** The badges of a node, in drawing order. `hidden` is the count of unloaded neighbours. */
export function badgesOf(card: AssetCard, hidden = 0): Badge[] {
  const isRender = card.kind === "Render";
  const badges: Badge[] = [
    {
      kind: "state",
      text: card.state.toLowerCase(),
      color: STATE_COLORS[card.state],
      title: `Lifecycle state: ${card.state}`,
    },
  ];
  if (card.locked) {
    badges.push({ kind: "locked", text: "locked", color: "#b03a2e", title: "Locked: something binding depends on it" });
  } else if (card.immutable) {
    badges.push({ kind: "locked", text: "immutable", color: "#6c5b7b", title: "Immutable (base clone or render)" });
  }
  if (card.deletable) {
    badges.push({ kind: "deletable", text: "deletable", color: "#5d6d7e", title: "Nothing depends on it: it may be deleted" });
  }
  if (card.versionsBehind > 0) {
    const n = card.versionsBehind;
    badges.push({
      kind: "behind",
      text: `${n} behind`,
      color: "#d35400",
      title: `${n} newer canonical version${n === 1 ? "" : "s"} of its space source`,
    });
  }
  if (isRender && card.classification) {
    badges.push({
      kind: "class",
      text: card.classification.toLowerCase(),
      color: "#2c3e50",
      title: `Render classification: ${card.classification}`,
    });
  }
  if (isRender && card.final) {
    badges.push({ kind: "final", text: "final", color: "#b7950b", title: "Marked final (project gallery)" });
  }
  if (hidden > 0) {
    badges.push({ kind: "hidden", text: `+${hidden}`, color: "#34495e", title: `${hidden} more lineage links not shown: expand` });
  }
  return badges;
}

/** The second line of a card: type, layer and origin. */
export function subtitleOf(card: AssetCard): string {
  const isRender = card.kind === "Render";
  return `${typeLabel(card)} · ${layerLabel(card.layer)} ${originLabel(card.origin, isRender)}`;
}

/** Text for screen readers and the node list. */
export function describe(card: AssetCard, hidden = 0): string {
  const badges = badgesOf(card, hidden).map((b) => b.text);
  return `${card.name}: ${subtitleOf(card)}; ${badges.join(", ")}`;
}

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Width of a chip for its text (DejaVu/Liberation sans at 9.5px, a little generous). */
function chipWidth(text: string): number {
  return Math.round(text.length * 5.6 + 10);
}

export const THUMB_SIZE = 52;

/**
 * The node's card as an SVG image (Cytoscape draws it as the node's background). Renders
 * keep a square on the left for the thumbnail, drawn over it when the file has a URL.
 */
export function cardSvg(card: AssetCard, hidden = 0, scale = 2): string {
  const w = NODE_WIDTH;
  const h = NODE_HEIGHT;
  const isRender = card.kind === "Render";
  const left = isRender ? 12 + THUMB_SIZE + 8 : 16;
  const maxChars = Math.floor((w - left - 8 - (hidden > 0 ? 36 : 0)) / 6.6);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w * scale}" height="${h * scale}" viewBox="0 0 ${w} ${h}">`,
    `<rect x="0.5" y="0.5" width="${w - 1}" height="${h - 1}" rx="8" fill="#ffffff"/>`,
    `<rect x="0" y="0" width="6" height="${h}" rx="3" fill="${LAYER_COLORS[card.layer]}"/>`,
  );
  if (isRender) {
    const cls = (card.classification ?? "render").slice(0, 4).toLowerCase();
    parts.push(
      `<rect x="12" y="7" width="${THUMB_SIZE}" height="${THUMB_SIZE}" rx="5" fill="#e8ecf3"/>`,
      `<path d="M16 52 l12 -16 l9 10 l7 -7 l15 13 z" fill="#c3ccda"/>`,
      `<circle cx="${12 + THUMB_SIZE - 12}" cy="19" r="5" fill="#c3ccda"/>`,
      `<text x="${12 + THUMB_SIZE / 2}" y="30" font-size="9" text-anchor="middle" fill="#7b8798" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">${escapeXml(cls)}</text>`,
    );
  }
  const font = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`;
  parts.push(
    `<text x="${left}" y="19" font-size="12" font-weight="700" fill="#1d2330" ${font}>${escapeXml(truncate(card.name, maxChars))}</text>`,
    `<text x="${left}" y="34" font-size="10" fill="#5a6473" ${font}>${escapeXml(truncate(subtitleOf(card), Math.floor((w - left - 6) / 5.8)))}</text>`,
  );
  let x = left;
  const y = 42;
  for (const badge of badgesOf(card, 0)) {
    const cw = chipWidth(badge.text);
    if (x + cw > w - 6) break;
    parts.push(
      `<rect x="${x}" y="${y}" width="${cw}" height="15" rx="7.5" fill="${badge.color}"/>`,
      `<text x="${x + cw / 2}" y="${y + 11}" font-size="9.5" text-anchor="middle" fill="#ffffff" ${font}>${escapeXml(badge.text)}</text>`,
    );
    x += cw + 4;
  }
  if (hidden > 0) {
    const text = `+${hidden}`;
    const cw = chipWidth(text) + 2;
    parts.push(
      `<rect x="${w - cw - 6}" y="5" width="${cw}" height="16" rx="8" fill="#34495e"/>`,
      `<text x="${w - cw / 2 - 6}" y="17" font-size="10" font-weight="700" text-anchor="middle" fill="#ffffff" ${font}>${text}</text>`,
    );
  }
  parts.push("</svg>");
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(parts.join(""))}`;
}
