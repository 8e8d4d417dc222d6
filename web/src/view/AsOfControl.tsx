// "As of": pick an instant to see the lineage as it stood then (read-only), "Now" to come
// back to today's. The instant lives in the address (model/route.ts), so links and the
// back button keep it; the input shows it in the browser's local time.

import { formatInstant, fromLocalInput, toLocalInput } from "../api/asOf";

interface Props {
  at: string | null;
  onAt(at: string | null): void;
}

export function AsOfControl(p: Props) {
  return (
    <span class="as-of" role="group" aria-label="As of">
      <label>
        As of{" "}
        <input
          type="datetime-local"
          step={1}
          aria-label="Show the lineage as of"
          value={toLocalInput(p.at)}
          onChange={(e) => {
            const at = fromLocalInput((e.target as HTMLInputElement).value);
            if (at) p.onAt(at);
          }}
        />
      </label>{" "}
      <button type="button" disabled={p.at === null} onClick={() => p.onAt(null)}>
        Now
      </button>
    </span>
  );
}

/** The banner over a past drawing: when it is from, what "deleted since" means. */
export function AsOfBanner(p: { at: string; missing: string | null; historyStartsAt: string | null; withoutEdges: number }) {
  return (
    <div class="as-of-banner banner" role="note" data-testid="as-of-banner">
      <strong>Lineage as it stood at {formatInstant(p.at)}</strong> (read-only).{" "}
      {p.missing ? (
        <span data-testid="as-of-missing">{p.missing} did not exist then: pick a later time, or “Now”.</span>
      ) : (
        <span>
          Dashed grey cards marked “deleted since” were there then and have been deleted since; what they were
          comes from the space's history.
        </span>
      )}
      {p.historyStartsAt && Date.parse(p.historyStartsAt) > Date.parse(p.at) && (
        <span> The history begins at {formatInstant(p.historyStartsAt)}: assets deleted before then are not known.</span>
      )}
      {p.withoutEdges > 0 && (
        <span> {p.withoutEdges} deleted asset(s) were made before the history began: their own links are missing.</span>
      )}
    </div>
  );
}
