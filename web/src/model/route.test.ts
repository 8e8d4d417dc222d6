import { describe, expect, it } from "vitest";
import { clampDepth, DEFAULT_DEPTH, formatRoute, MAX_DEPTH, normaliseInstant, parseRoute, selectedId } from "./route";

describe("route", () => {
  it("round-trips asset, selection, depth and space", () => {
    const route = { space: "s1", asset: "a1", select: "b2", depth: 3, at: null };
    const text = formatRoute(route);
    expect(text).toBe("?space=s1&asset=a1&select=b2&depth=3");
    expect(parseRoute(text)).toEqual(route);
  });

  it("leaves out the defaults", () => {
    expect(formatRoute({ space: null, asset: "a", select: null, depth: DEFAULT_DEPTH, at: null })).toBe("?asset=a");
    expect(formatRoute({ space: null, asset: null, select: null, depth: 4, at: "2026-01-01T00:00:00Z" })).toBe("");
    expect(parseRoute("")).toEqual({ space: null, asset: null, select: null, depth: 1, at: null });
  });

  it("clamps the depth and ignores nonsense", () => {
    expect(parseRoute("?asset=a&depth=99").depth).toBe(MAX_DEPTH);
    expect(parseRoute("?asset=a&depth=0").depth).toBe(1);
    expect(parseRoute("?asset=a&depth=deep").depth).toBe(DEFAULT_DEPTH);
    expect(clampDepth(2.7)).toBe(2);
  });

  it("treats selecting the opened asset as no selection", () => {
    const route = parseRoute("?asset=a&select=a");
    expect(route.select).toBeNull();
    expect(selectedId(route)).toBe("a");
    expect(selectedId(parseRoute("?asset=a&select=b"))).toBe("b");
  });

  it("escapes ids", () => {
    const route = { space: null, asset: "a b&c", select: null, depth: 1, at: null };
    expect(parseRoute(formatRoute(route)).asset).toBe("a b&c");
  });

  it("keeps the instant of a past view in UTC, whole seconds, and drops a bad one", () => {
    const route = parseRoute("?asset=a&at=2026-12-03T09:30:15.250%2B02:00");
    expect(route.at).toBe("2026-12-03T07:30:15Z");
    expect(formatRoute(route)).toBe("?asset=a&at=2026-12-03T07%3A30%3A15Z");
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(parseRoute("?asset=a&at=yesterday").at).toBeNull();
    expect(normaliseInstant("")).toBeNull();
  });
});
