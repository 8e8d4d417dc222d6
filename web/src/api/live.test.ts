import { describe, expect, it } from "vitest";
import { activityUrl, handle, type ActivityEntry } from "./live";

function recorder() {
  const entries: ActivityEntry[] = [];
  const stops: string[] = [];
  return { entries, stops, follow: { onEntry: (e: ActivityEntry) => entries.push(e), onStop: (m: string) => stops.push(m) } };
}

describe("live activity", () => {
  it("subscribes once acknowledged, answers pings and passes entries on", () => {
    const { entries, follow } = recorder();
    const subscribe = handle({ type: "connection_ack" }, { spaceId: "space_1", after: "c1" }, follow) as { type: string; payload: { variables: unknown } };
    expect(subscribe.type).toBe("subscribe");
    expect(subscribe.payload.variables).toEqual({ spaceId: "space_1", after: "c1" });
    expect(handle({ type: "ping" }, { spaceId: "space_1", after: null }, follow)).toEqual({ type: "pong" });
    const entry = { id: "h1", at: "2026-12-03T08:00:00Z", userId: "u2", userName: "Bea", operation: "UPDATE_ASSET", summary: "asset Jen changed (name)", assetIds: ["d1"] };
    expect(handle({ type: "next", payload: { data: { spaceActivity: entry } } }, { spaceId: "space_1", after: null }, follow)).toBeNull();
    expect(entries).toEqual([entry]);
  });

  it("stops with the service's words when refused", () => {
    const { stops, follow } = recorder();
    handle({ type: "next", payload: { errors: [{ message: "Sign in first." }] } }, { spaceId: "space_1", after: null }, follow);
    expect(stops).toEqual(["Sign in first."]);
  });

  it("speaks WebSocket to the page's own host", () => {
    expect(activityUrl({ protocol: "https:", host: "lineage.example:8443" } as Location)).toBe("wss://lineage.example:8443/graphql");
    expect(activityUrl({ protocol: "http:", host: "127.0.0.1:8000" } as Location)).toBe("ws://127.0.0.1:8000/graphql");
  });
});
