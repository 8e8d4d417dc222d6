// Changes others make in the space while the page is open: followed live, told in one line
// with a Refresh button, so the drawing is never redrawn under the reader's hands.

import { useEffect, useState } from "preact/hooks";
import type { GraphQLClient } from "../api/client";
import { activityUrl, followSpace, latestCursor, type ActivityEntry } from "../api/live";

interface Props {
  client: GraphQLClient;
  token: string;
  spaceId: string;
  myId: string;
  onRefresh(): void;
}

export function LiveNotice(p: Props) {
  const [others, setOthers] = useState<ActivityEntry[]>([]);
  const [stopped, setStopped] = useState<string | null>(null);

  useEffect(() => {
    setOthers([]);
    setStopped(null);
    let stop: (() => void) | null = null;
    let live = true;
    latestCursor(p.client, p.spaceId)
      .then((after) => {
        if (!live) return;
        stop = followSpace(activityUrl(location), p.token, p.spaceId, after, {
          onEntry: (entry) => entry.userId !== p.myId && setOthers((seen) => [entry, ...seen]),
          onStop: setStopped,
        });
      })
      .catch(() => live && setStopped("The space's activity could not be read."));
    return () => {
      live = false;
      stop?.();
    };
  }, [p.client, p.token, p.spaceId, p.myId]);

  if (others.length === 0) return stopped ? <p class="live muted" title={stopped}>Live updates are off.</p> : null;
  const [newest] = others;
  const more = others.length - 1;
  return (
    <div class="live" role="status" data-testid="live-notice">
      <strong>{newest!.userName ?? "Someone"}</strong>: {newest!.summary}
      {more > 0 ? ` (and ${more} more change${more > 1 ? "s" : ""} by others)` : ""}{" "}
      <button
        type="button"
        onClick={() => {
          setOthers([]);
          p.onRefresh();
        }}
      >
        Refresh
      </button>
    </div>
  );
}
