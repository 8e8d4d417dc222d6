// The side panel of a past view: the selected asset's facts at that instant (name, state,
// version, container, content hash) and whether it has been deleted since. Read-only.

import type { PastFacts } from "../api/asOf";
import { badgesOf, explanationsOf, layerLabel, originLabel, typeLabel } from "../model/badges";
import type { GraphModel } from "../model/graph";

interface Props {
  model: GraphModel;
  facts: ReadonlyMap<string, PastFacts>;
  assetId: string;
  onOpenToday(id: string): void;
}

export function PastPanel(p: Props) {
  const card = p.model.nodes.get(p.assetId)?.card;
  const facts = p.facts.get(p.assetId);
  if (!card || !facts) {
    return (
      <aside class="panel" aria-label="Selected asset">
        <p class="muted">Not in the lineage at that time.</p>
      </aside>
    );
  }
  const rows: [string, string][] = [
    ["Name then", facts.name],
    ["State then", facts.state ? facts.state.toLowerCase() : "not recorded"],
    ["Version then", facts.version ?? "—"],
    ["Container id", facts.containerId ?? "not recorded"],
    ["Content hash", facts.contentHash ?? "not recorded"],
    ["Deleted since", facts.deletedSince ? "yes" : "no: it is still there today"],
  ];
  return (
    <aside class="panel" aria-label="Selected asset" data-asset-id={card.id} data-past="true">
      <header class="panel-head">
        <h2 data-testid="panel-title">{card.name}</h2>
        <p class="sub">
          {typeLabel(card)} · {layerLabel(card.layer)} {originLabel(card.origin, card.kind === "Render")}
        </p>
        <ul class="badges" aria-label="Badges">
          {badgesOf(card).map((b) => (
            <li key={b.kind} class={`badge badge-${b.kind}`} style={{ background: b.color }} title={b.title} data-badge={b.kind}>
              {b.text}
            </li>
          ))}
        </ul>
        <ul class="explain" aria-label="What this means">
          {explanationsOf(card).map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      </header>
      <section aria-label="Then" data-testid="past-facts">
        <h3>As it was then</h3>
        <dl class="past-facts">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd class={label === "Content hash" || label === "Container id" ? "mono" : ""}>{value}</dd>
            </div>
          ))}
        </dl>
        {!facts.deletedSince && (
          <button type="button" onClick={() => p.onOpenToday(card.id)}>
            Open as it is now
          </button>
        )}
      </section>
    </aside>
  );
}
