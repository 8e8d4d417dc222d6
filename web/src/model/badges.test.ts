import { describe, expect, it } from "vitest";
import { toCard } from "../api/types";
import { FRAME_LINEAGE, raw } from "../test/fixtures";
import { badgesOf, cardSvg, describe as describeCard, escapeXml, explanationsOf, subtitleOf } from "./badges";

describe("badges", () => {
  it("shows state, lock, versions behind", () => {
    const card = toCard(raw("p", { layer: "PROJECT", origin: "BASE_CLONE", updates: { behind: 1 } }));
    const kinds = badgesOf(card).map((b) => `${b.kind}:${b.text}`);
    expect(kinds).toEqual(["state:canonical", "locked:locked", "behind:1 behind"]);
    expect(subtitleOf(card)).toBe("Character · Project base clone");
  });

  it("shows a render's classification, final mark and deletability", () => {
    const card = toCard(FRAME_LINEAGE.nodes[0]!.asset);
    const kinds = badgesOf(card, 2).map((b) => b.kind);
    expect(kinds).toEqual(["state", "locked", "deletable", "class", "final", "hidden"]);
    expect(badgesOf(card, 2).find((b) => b.kind === "locked")?.text).toBe("immutable");
    expect(describeCard(card, 2)).toContain("Page 1, Panel 1 frame: Render · Task original; approved");
  });

  it("calls a render working clone a variant", () => {
    const card = toCard(raw("v", { type: "RENDER", layer: "TASK", origin: "WORKING_CLONE" }));
    expect(subtitleOf(card)).toBe("Render · Task variant");
  });

  it("draws an SVG card with the name escaped", () => {
    const card = toCard(raw("x", { name: `<Jen & "Co">` }));
    const svg = decodeURIComponent(cardSvg(card, 3).split(",")[1]!);
    expect(svg).toContain("&lt;Jen &amp; &quot;Co&quot;&gt;");
    expect(svg).toContain("+3");
    expect(escapeXml("a'b")).toBe("a&#39;b");
  });

  it("draws the full name, however long", () => {
    const name = "Jennifer portrait (neutral), rain-soaked variant for the cover";
    const svg = decodeURIComponent(cardSvg(toCard(raw("x", { name }))).split(",")[1]!);
    const texts = [...svg.matchAll(/<text class="name"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts.join(" ")).toBe(name);
    expect(svg).not.toContain("…");
  });

  it("explains its jargon in plain words", () => {
    const card = toCard(raw("p", { layer: "PROJECT", origin: "BASE_CLONE", lock: { locked: false, immutable: true, count: 0 }, updates: { behind: 1 } }));
    const notes = explanationsOf(card).join(" ");
    expect(notes).toContain("read-only copy");
    expect(notes).toContain("never changes");
    expect(notes).toContain("“1 behind”: the space original it was copied from has a newer published version");
    expect(badgesOf(card).find((b) => b.kind === "behind")?.title).toContain("1 newer published version ");
  });
});
