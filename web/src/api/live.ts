// Live activity: a space's history entries as others write them, over a WebSocket with the
// graphql-transport-ws protocol (the service's `spaceActivity` subscription). The few
// messages the protocol needs are written here rather than pulling in a client library.

import type { GraphQLClient } from "./client";
import * as doc from "./documents";
import type * as gql from "./generated";

export type ActivityEntry = gql.SpaceActivitySubscription["spaceActivity"];

export interface Follow {
  onEntry(entry: ActivityEntry): void;
  /** The subscription ended or was refused; `message` says why. */
  onStop(message: string): void;
}

/** The WebSocket address of the GraphQL endpoint the page was served with. */
export function activityUrl(page: Location, endpoint = "/graphql"): string {
  const scheme = page.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${page.host}${endpoint}`;
}

/** Where the space's history stands now: following from here misses no entry, even one
 * written before the service's first poll for this subscription. */
export async function latestCursor(client: GraphQLClient, spaceId: string): Promise<string | null> {
  const variables: gql.LatestActivityQueryVariables = { id: spaceId };
  const data = await client.request<gql.LatestActivityQuery>(doc.LATEST_ACTIVITY, variables);
  return data.space?.activity.edges[0]?.cursor ?? null;
}

/** Follow a space's activity, after `after` (a cursor) when given, until the returned
 * function is called. */
export function followSpace(url: string, token: string, spaceId: string, after: string | null, follow: Follow): () => void {
  const socket = new WebSocket(url, "graphql-transport-ws");
  let stopped = false;
  socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${token}` } }));
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { type: string; payload?: unknown };
    const said = handle(message, { spaceId, after }, follow);
    if (said) socket.send(JSON.stringify(said));
  };
  socket.onclose = (event) => {
    if (!stopped) follow.onStop(event.reason || "The live updates connection closed.");
  };
  return () => {
    stopped = true;
    socket.close(1000, "done");
  };
}

/** What to send back for a message from the service, if anything. */
export function handle(
  message: { type: string; payload?: unknown },
  variables: gql.SpaceActivitySubscriptionVariables,
  follow: Follow,
): object | null {
  switch (message.type) {
    case "connection_ack":
      return { id: "activity", type: "subscribe", payload: { query: doc.SPACE_ACTIVITY, variables } };
    case "ping":
      return { type: "pong" };
    case "next": {
      const payload = message.payload as { data?: gql.SpaceActivitySubscription | null; errors?: { message: string }[] };
      if (payload.errors?.length) follow.onStop(payload.errors.map((e) => e.message).join("; "));
      else if (payload.data) follow.onEntry(payload.data.spaceActivity);
      return null;
    }
    case "error":
      follow.onStop("Live updates were refused.");
      return null;
    default:
      return null;
  }
}
