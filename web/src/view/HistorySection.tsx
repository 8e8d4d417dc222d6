// The selected asset's history: who changed it, when and what, newest first. Loaded when
// opened (most selections never look), again after a change made here, and a page at a time.

import { useEffect, useState } from "preact/hooks";
import type { GraphQLClient } from "../api/client";
import { fetchHistory, type HistoryItem } from "../api/queries";
import { Changes } from "./Changes";

interface Props {
  client: GraphQLClient;
  assetId: string;
  /** Bumped when the asset changed in this page: the history has a new entry. */
  version: number;
  onError(error: unknown): void;
}

interface Loaded {
  items: HistoryItem[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export function HistorySection(p: Props) {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [hidden, setHidden] = useState(false);

  const load = (after: string | null, live: () => boolean = () => true) =>
    fetchHistory(p.client, p.assetId, after)
      .then((page) => {
        if (!live()) return;
        if (!page) return setHidden(true);
        setLoaded((current) => ({
          items: after && current ? [...current.items, ...page.items] : page.items,
          endCursor: page.endCursor,
          hasNextPage: page.hasNextPage,
        }));
      })
      .catch(p.onError);

  useEffect(() => setLoaded(null), [p.assetId]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    load(null, () => live);
    return () => {
      live = false;
    };
  }, [open, p.assetId, p.version]);

  return (
    <section aria-label="History" data-testid="history">
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          <h3>History (who changed what, when)</h3>
        </summary>
        {hidden ? (
          <p class="muted">Its history is not visible to you.</p>
        ) : !loaded ? (
          <p class="muted">Loading…</p>
        ) : loaded.items.length === 0 ? (
          <p class="muted">No changes recorded.</p>
        ) : (
          <ol class="history">
            {loaded.items.map((item) => (
              <li key={item.id} data-operation={item.operation}>
                <time dateTime={item.at} title={item.at}>
                  {whenText(item.at)}
                </time>{" "}
                <strong>{item.who}</strong>: {item.summary}
                <Changes changes={item.fields} />
              </li>
            ))}
          </ol>
        )}
        {loaded?.hasNextPage && (
          <button type="button" class="link" onClick={() => load(loaded.endCursor)}>
            Older changes
          </button>
        )}
      </details>
    </section>
  );
}

/** A time in the reader's own zone, to the minute. */
function whenText(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
