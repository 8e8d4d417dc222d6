import { describe, expect, it } from "vitest";
import { toCard } from "../api/types";
import { raw } from "../test/fixtures";
import { subtitleOf } from "./badges";
import { CARD_MIN_HEIGHT, cardLines, whereOf, wrap } from "./card";

describe("card lines", () => {
  it("wraps words onto lines and splits a word longer than a line", () => {
    expect(wrap("Page 1, Panel 1 frame", 10)).toEqual(["Page 1,", "Panel 1", "frame"]);
    expect(wrap("Jennifer_determined_rain", 10)).toEqual(["Jennifer_d", "etermined_", "rain"]);
    expect(wrap("", 10)).toEqual([""]);
  });

  it("keeps the whole name, and grows the card for it", () => {
    const name = "Jennifer determined in the heavy rain, second attempt with umbrella";
    const card = toCard(raw("x", { name }));
    const lines = cardLines(card, subtitleOf(card));
    expect(lines.name.map((l) => l.text).join(" ")).toBe(name);
    expect(lines.name.length).toBeGreaterThan(2);
    expect(lines.height).toBeGreaterThan(CARD_MIN_HEIGHT);
    const short = toCard(raw("y", { name: "Jennifer" }));
    expect(cardLines(short, subtitleOf(short)).height).toBe(CARD_MIN_HEIGHT);
  });

  it("says the version and the container, which tell same-named clones apart", () => {
    const card = toCard(
      raw("p", { layer: "PROJECT", version: "1.0.0", container: { __typename: "Project", id: "p1", name: "Breakup Comic #1" } }),
    );
    expect(whereOf(card)).toBe("v1.0.0 · in project Breakup Comic #1");
    const lines = cardLines(card, subtitleOf(card));
    expect(lines.small.map((l) => l.text).join(" ")).toContain("in project Breakup Comic #1");
  });
});
