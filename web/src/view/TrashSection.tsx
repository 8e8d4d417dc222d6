// The space's trash under the search: what deletes removed, when, and until when it can be
// restored; Restore brings an item back or says why it cannot.

import { useEffect, useState } from "preact/hooks";
import type { GraphQLClient } from "../api/client";
import { describeItem, fetchTrash, restore, type TrashItem, type TrashPage } from "../api/trash";

interface Props {
  client: GraphQLClient;
  spaceId: string;
  onOpen(id: string): void;
  onError(error: unknown): void;
}

/** What the last restore answered; `openId`: the asset it brought back. */
type Said = { ok: boolean; text: string; reasons: string[]; openId: string | null };

export function TrashSection(p: Props) {
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState<TrashPage | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (after: string | null) =>
    fetchTrash(p.client, p.spaceId, after)
      .then((next) => {
        if (!next) return setPage({ items: [], endCursor: null, hasNextPage: false });
        setPage((current) => (after && current ? { ...next, items: [...current.items, ...next.items] } : next));
      })
      .catch(p.onError);

  useEffect(() => {
    setPage(null);
    setSaid(null);
    if (open) load(null);
  }, [open, p.spaceId]);

  const bringBack = (item: TrashItem) => {
    setBusy(true);
    restore(p.client, item.id)
      .then((outcome) => {
        if (outcome.ok) {
          const openId = item.kind === "ASSET" ? item.rootId : null;
          setSaid({ ok: true, text: `Restored ${describeItem(item)}.`, reasons: [], openId });
          setPage((current) => current && { ...current, items: current.items.filter((i) => i.id !== item.id) });
        } else {
          setSaid({ ok: false, text: outcome.message, reasons: outcome.reasons, openId: null });
        }
      })
      .catch(p.onError)
      .finally(() => setBusy(false));
  };

  return (
    <section class="trash" aria-label="Trash" data-testid="trash">
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          <h3>Trash (deleted, can be restored)</h3>
        </summary>
        {said && (
          <div class={said.ok ? "ok" : "error"} role="status" data-testid="trash-said">
            {said.text}
            {said.openId && (
              <>
                {" "}
                <button type="button" class="link" onClick={() => p.onOpen(said.openId!)}>
                  Open it
                </button>
              </>
            )}
            {said.reasons.length > 0 && (
              <ul>
                {said.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {!page ? (
          <p class="muted">Loading…</p>
        ) : page.items.length === 0 ? (
          <p class="muted">Nothing in the trash.</p>
        ) : (
          <ul class="trash-items">
            {page.items.map((item) => (
              <li key={item.id} data-trash-id={item.id} data-root-id={item.rootId}>
                <strong>{describeItem(item)}</strong>
                <span class="muted">
                  {" "}
                  deleted {when(item.deletedAt)}; kept until {when(item.expiresAt)}
                </span>{" "}
                <button type="button" disabled={busy} onClick={() => bringBack(item)}>
                  Restore
                </button>
              </li>
            ))}
          </ul>
        )}
        {page?.hasNextPage && (
          <button type="button" class="link" onClick={() => load(page.endCursor)}>
            Older deletes
          </button>
        )}
      </details>
    </section>
  );
}

function when(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
