// What a node's badges say, as data (tested) and as the SVG card the graph draws.

import type { AssetCard, Layer, Origin, State } from "../api/types";
import { cardLines, THUMB_SIZE, whereOf } from "./card";

export { THUMB_SIZE };

export interface Badge {
  kind: "deleted" | "type" | "origin" | "state" | "locked" | "deletable" | "behind" | "class" | "final" | "hidden";
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

/** "N behind", in plain words. */
export function behindNote(n: number | "N"): string {
  const versions = n === 1 ? "a newer published version" : `${n} newer published versions`;
  return `“${n} behind”: the space original it was copied from has ${versions}. The side panel shows what changed.`;
}

/** What the explorer's words mean, in plain terms: badge titles, the panel and Help. */
export const EXPLAIN = {
  original: "The original: made here, not copied from anywhere.",
  baseClone:
    "A base clone is a read-only copy of an asset from the level above (space → project → task), made when it was brought in. It follows its source and is never edited; make a working clone to change it.",
  workingClone: "A working clone is an editable copy of a base clone, where the changes for this project or task are made.",
  variant: "A variant is a new take on a render brought in from above, made in this project or task.",
  locked: "Locked: other work depends on it (a clone, a newer version or a render uses it), so it cannot be edited or deleted now.",
  immutable:
    "Immutable means read-only for good: a base clone follows its source and a render never changes after it is made. Make a working clone to change it.",
  deletable: "Nothing depends on it: it may be deleted.",
  behind: behindNote("N"),
  snapshot:
    "“Snapshot matches”: the input is exactly as it was when the render was made (its content hash then equals its content hash now).",
  deletedSince:
    "“Deleted since”: the asset was there at that time and has been deleted since; what it was then comes from the space's history.",
  drift: "“Drifted”: the input has changed since the render was made; the render still shows the old content.",
} as const;

const STATE_MEANING: Record<State, string> = {
  DRAFT: "Being worked on.",
  CANONICAL: "The version to use: projects can bring it in.",
  EXPERIMENTAL: "An experiment, not for use in projects.",
  DEPRECATED: "Superseded: no new work should start from it.",
  ARCHIVED: "Put away: no new work can start from it.",
  APPROVED: "A finished result.",
  DISCARDED: "Set aside as a failed try.",
};

/** The plain-words notes for what a card says about itself (origin and badges). */
export function explanationsOf(card: AssetCard): string[] {
  const notes: string[] = [];
  const isRender = card.kind === "Render";
  if (card.deletedSince) notes.push(EXPLAIN.deletedSince);
  if (card.origin === "BASE_CLONE") notes.push(EXPLAIN.baseClone);
  else if (card.origin === "WORKING_CLONE") notes.push(isRender ? EXPLAIN.variant : EXPLAIN.workingClone);
  if (card.locked) notes.push(EXPLAIN.locked);
  else if (card.immutable) notes.push(EXPLAIN.immutable);
  if (card.versionsBehind > 0) notes.push(behindNote(card.versionsBehind));
  return notes;
}

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
      title: `Lifecycle state: ${card.state.toLowerCase()}. ${STATE_MEANING[card.state]}`,
    },
  ];
  if (card.deletedSince) {
    badges.unshift({ kind: "deleted", text: "deleted since", color: "#7f8c8d", title: EXPLAIN.deletedSince });
  }
  if (card.locked) {
    badges.push({ kind: "locked", text: "locked", color: "#b03a2e", title: EXPLAIN.locked });
  } else if (card.immutable) {
    badges.push({ kind: "locked", text: "immutable", color: "#6c5b7b", title: EXPLAIN.immutable });
  }
  if (card.deletable) {
    badges.push({ kind: "deletable", text: "deletable", color: "#5d6d7e", title: EXPLAIN.deletable });
  }
  if (card.versionsBehind > 0) {
    const n = card.versionsBehind;
    badges.push({
      kind: "behind",
      text: `${n} behind`,
      color: "#d35400",
      title: `${n} newer published version${n === 1 ? "" : "s"} of the space original it was copied from: it is ${n} version${n === 1 ? "" : "s"} behind. Select it to see what changed.`,
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
    badges.push({ kind: "final", text: "final", color: "#b7950b", title: "Chosen as a final panel: first in the project's gallery" });
  }
  if (hidden > 0) {
    badges.push({ kind: "hidden", text: `+${hidden}`, color: "#34495e", title: `${hidden} more lineage links not drawn yet: double-click (or Enter) to show them` });
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
  const where = whereOf(card);
  return `${card.name}: ${subtitleOf(card)}${where ? ` · ${where}` : ""}; ${badges.join(", ")}`;
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

/** Width of a chip for its text (DejaVu/Liberation sans at 9.5px, a little generous). */
function chipWidth(text: string): number {
  return Math.round(text.length * 5.6 + 10);
}

/**
 * The node's card as an SVG image (Cytoscape draws it as the node's background), as big
 * as `cardLines` says: the full name, what it is, its version and container, the badges.
 * Renders keep a square on the left for the thumbnail, drawn over it when the file has a URL.
 */
export function cardSvg(card: AssetCard, hidden = 0, scale = 2): string {
  const lines = cardLines(card, subtitleOf(card), hidden);
  const { width: w, height: h, left } = lines;
  const isRender = card.kind === "Render";
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
  for (const line of lines.name) {
    parts.push(
      `<text class="name" x="${left}" y="${line.y}" font-size="12" font-weight="700" fill="#1d2330" ${font}>${escapeXml(line.text)}</text>`,
    );
  }
  for (const line of lines.small) {
    parts.push(`<text class="small" x="${left}" y="${line.y}" font-size="10" fill="#5a6473" ${font}>${escapeXml(line.text)}</text>`);
  }
  let x = left;
  const y = lines.badgesY;
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
