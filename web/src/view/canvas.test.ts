import { describe, expect, it } from "vitest";
import { segmentPoint } from "./canvas";

describe("segment points", () => {
  it("measure along and across the line between node centres", () => {
    const from = { x: 0, y: 0 };
    const to = { x: 100, y: 0 };
    expect(segmentPoint(from, to, { x: 50, y: 0 })?.weight).toBe(0.5);
    expect(Math.abs(segmentPoint(from, to, { x: 50, y: 0 })!.distance)).toBe(0);
    expect(segmentPoint(from, to, { x: 25, y: 10 })?.weight).toBe(0.25);
    expect(segmentPoint(from, to, { x: 25, y: 10 })!.distance).toBe(10);
    expect(segmentPoint(from, to, { x: 25, y: -10 })!.distance).toBe(-10);
    expect(segmentPoint(from, from, { x: 1, y: 1 })).toBeNull();
  });
});
