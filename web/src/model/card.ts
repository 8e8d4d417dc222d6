// The geometry of a node's card: the full name wrapped onto as many lines as it needs,
// what kind of copy it is, its version and container, and the badge row. The node is
// sized to this (the layout asks `cardSize`), so no name is cut short.

import type { AssetCard } from "../api/types";

export const CARD_WIDTH = 216;
export const CARD_MIN_HEIGHT = 66;
export const THUMB_SIZE = 52;
const THUMB_TOP = 7;

/** Average advance of DejaVu/Liberation Sans, a little generous, per font size in px. */
const CHAR_WIDTH = { name: 7.5, small: 6.1 } as const;
const NAME_LINE = 15;
const SMALL_LINE = 13;
const BADGE_ROW = 15;
const PAD_TOP = 6;
const PAD_BOTTOM = 7;
/** Room kept at the top right for the "+N" chip. */
const HIDDEN_CHIP = 38;

export interface Size {
  width: number;
  height: number;
}

export interface CardLines {
  width: number;
  height: number;
  /** Where the text starts (right of the thumbnail square on renders). */
  left: number;
  name: { text: string; y: number }[];
  small: { text: string; y: number }[];
  badgesY: number;
}

/** Words onto lines of at most `max` characters; a word longer than a line is split. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > max) {
      if (line) {
        lines.push(line);
        line = "";
      }
      lines.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= max) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** "v1.0.0 · in project Breakup Comic #1": what tells same-named clones apart. */
export function whereOf(card: Pick<AssetCard, "version" | "container">): string {
  const parts: string[] = [];
  if (card.version) parts.push(`v${card.version}`);
  if (card.container) parts.push(`in ${card.container.kind.toLowerCase()} ${card.container.name}`);
  return parts.join(" · ");
}

/** The card's lines and size; `subtitle` is its second line (type, layer, origin). */
export function cardLines(card: AssetCard, subtitle: string, hidden = 0): CardLines {
  const isRender = card.kind === "Render";
  const left = isRender ? 12 + THUMB_SIZE + 8 : 16;
  const room = CARD_WIDTH - left - 8;
  const nameRoom = room - (hidden > 0 ? HIDDEN_CHIP : 0);
  let y = PAD_TOP;
  const name = wrap(card.name, Math.floor(nameRoom / CHAR_WIDTH.name)).map((text) => {
    y += NAME_LINE;
    return { text, y: y - 2 };
  });
  y += 2;
  const smallMax = Math.floor(room / CHAR_WIDTH.small);
  const where = whereOf(card);
  const small = [...wrap(subtitle, smallMax), ...(where ? wrap(where, smallMax) : [])].map((text) => {
    y += SMALL_LINE;
    return { text, y: y - 3 };
  });
  const badgesY = y + 3;
  const height = Math.max(CARD_MIN_HEIGHT, badgesY + BADGE_ROW + PAD_BOTTOM, isRender ? THUMB_TOP * 2 + THUMB_SIZE : 0);
  return { width: CARD_WIDTH, height, left, name, small, badgesY };
}
