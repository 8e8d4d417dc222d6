// Asset search in the chosen space: by name, type, layer and state; everywhere in the space
// (grouped by container) or in one container, paged by cursor.

import type { Ref } from "preact";
import { whereOf } from "../model/card";
import { useEffect, useState } from "preact/hooks";
import type { GraphQLClient } from "../api/client";
import {
  fetchContainers,
  searchContainer,
  searchSpace,
  type ContainerRef,
  type SearchFilters,
  type SearchGroup,
} from "../api/queries";
import { ASSET_TYPES, LAYERS, STATES, type AssetCard } from "../api/types";
import { LAYER_COLORS, STATE_COLORS, subtitleOf } from "../model/badges";
import { TrashSection } from "./TrashSection";

interface Props {
  client: GraphQLClient;
  spaceId: string;
  currentId: string | null;
  inputRef: Ref<HTMLInputElement>;
  onOpen(id: string): void;
  onError(error: unknown): void;
}

const EMPTY: SearchFilters = { name: "", type: null, layer: null, state: null };
const EVERYWHERE = "";

export function SearchPanel(p: Props) {
  const [filters, setFilters] = useState<SearchFilters>(EMPTY);
  const [containers, setContainers] = useState<ContainerRef[]>([]);
  const [scope, setScope] = useState<string>(EVERYWHERE);
  const [groups, setGroups] = useState<SearchGroup[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setScope(EVERYWHERE);
    fetchContainers(p.client, p.spaceId).then(setContainers).catch(p.onError);
  }, [p.client, p.spaceId]);

  const container = containers.find((c) => c.id === scope) ?? null;

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      const search = container
        ? searchContainer(p.client, container, filters, null).then((page) => [{ container, ...page }])
        : searchSpace(p.client, p.spaceId, filters);
      search
        .then((found) => live && setGroups(found))
        .catch((err) => live && p.onError(err))
        .finally(() => live && setLoading(false));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [p.client, p.spaceId, filters, container]);

  const loadMore = (group: SearchGroup) => {
    setLoading(true);
    searchContainer(p.client, group.container, filters, group.endCursor)
      .then((page) =>
        setGroups((current) =>
          current.map((g) =>
            g.container.id === group.container.id ? { ...g, ...page, items: [...g.items, ...page.items] } : g,
          ),
        ),
      )
      .catch(p.onError)
      .finally(() => setLoading(false));
  };

  const set = <K extends keyof SearchFilters>(key: K, value: SearchFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const total = groups.reduce((n, g) => n + g.items.length, 0);

  return (
    <aside class="search" aria-label="Assets">
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <input
          ref={p.inputRef}
          type="search"
          placeholder="Name contains…"
          aria-label="Search assets by name"
          value={filters.name}
          onInput={(e) => set("name", (e.target as HTMLInputElement).value)}
        />
        <select
          aria-label="Where"
          value={scope}
          onChange={(e) => setScope((e.target as HTMLSelectElement).value)}
        >
          <option value={EVERYWHERE}>everywhere in the space</option>
          {containers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.kind === "Space" ? "space only" : c.kind === "Project" ? `project: ${c.name}` : `  task: ${c.name}`}
            </option>
          ))}
        </select>
        <div class="filters">
          <select
            aria-label="Type"
            value={filters.type ?? ""}
            onChange={(e) => set("type", ((e.target as HTMLSelectElement).value || null) as SearchFilters["type"])}
          >
            <option value="">any type</option>
            {ASSET_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.toLowerCase()}
              </option>
            ))}
          </select>
          <select
            aria-label="Layer"
            value={filters.layer ?? ""}
            onChange={(e) => set("layer", ((e.target as HTMLSelectElement).value || null) as SearchFilters["layer"])}
          >
            <option value="">any layer</option>
            {LAYERS.map((l) => (
              <option key={l} value={l}>
                {l.toLowerCase()}
              </option>
            ))}
          </select>
          <select
            aria-label="State"
            value={filters.state ?? ""}
            onChange={(e) => set("state", ((e.target as HTMLSelectElement).value || null) as SearchFilters["state"])}
          >
            <option value="">any state</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p class="muted" aria-live="polite">
        {loading ? "Searching…" : `${total} shown`}
      </p>
      <div class="results-scroll">
        {groups.map((group) => (
          <section key={group.container.id} class="result-group" aria-label={`${group.container.kind} ${group.container.name}`}>
            {(groups.length > 1 || !container) && (
              <h4>
                {group.container.kind.toLowerCase()}: {group.container.name}
              </h4>
            )}
            <ul class="results" aria-label="Search results">
              {group.items.map((card) => (
                <Result key={card.id} card={card} current={card.id === p.currentId} onOpen={p.onOpen} />
              ))}
            </ul>
            {group.hasNextPage && (
              <button type="button" class="more-button" onClick={() => loadMore(group)} disabled={loading}>
                More in this {group.container.kind.toLowerCase()} ({group.totalCount - group.items.length} left)
              </button>
            )}
          </section>
        ))}
      </div>
      <TrashSection client={p.client} spaceId={p.spaceId} onOpen={p.onOpen} onError={p.onError} />
    </aside>
  );
}

function Result(props: { card: AssetCard; current: boolean; onOpen(id: string): void }) {
  const card = props.card;
  return (
    <li>
      <button
        type="button"
        class={props.current ? "current" : ""}
        data-asset-id={card.id}
        onClick={() => props.onOpen(card.id)}
      >
        <i class="stripe" style={{ background: LAYER_COLORS[card.layer] }} />
        <span class="name">{card.name}</span>
        <span class="sub">{subtitleOf(card)}</span>
        {whereOf(card) && <span class="where">{whereOf(card)}</span>}
        <span class="state" style={{ background: STATE_COLORS[card.state] }}>
          {card.state.toLowerCase()}
        </span>
      </button>
    </li>
  );
}
