// The bar across the top: space, depth, hidden types, fit / freeze, help, sign-out.

import { ASSET_TYPES, type AssetType } from "../api/types";
import type { Space } from "../api/queries";

interface Props {
  userName: string;
  spaces: Space[];
  spaceId: string | null;
  onSpace(id: string): void;
  depth: number;
  minDepth: number;
  maxDepth: number;
  onDepth(depth: number): void;
  hasAsset: boolean;
  hiddenTypes: ReadonlySet<AssetType>;
  onHiddenTypes(types: ReadonlySet<AssetType>): void;
  frozen: boolean;
  onFrozen(frozen: boolean): void;
  onFit(): void;
  onZoom(factor: number): void;
  showSearch: boolean;
  onToggleSearch(): void;
  onHelp(): void;
  onSignOut(): void;
}

export function Toolbar(p: Props) {
  const toggleType = (type: AssetType) => {
    const next = new Set(p.hiddenTypes);
    if (next.has(type)) next.delete(type);
    else next.add(type);
    p.onHiddenTypes(next);
  };
  return (
    <header class="toolbar">
      <h1>
        <a href="./" title="Lineage explorer home">
          Lineage explorer
        </a>
      </h1>
      <button
        type="button"
        class={p.showSearch ? "on" : ""}
        aria-pressed={p.showSearch}
        onClick={p.onToggleSearch}
        title="Search assets (/)"
      >
        Assets
      </button>
      <label class="field">
        <span>Space</span>
        <select
          aria-label="Space"
          value={p.spaceId ?? ""}
          onChange={(e) => p.onSpace((e.target as HTMLSelectElement).value)}
        >
          {p.spaces.length === 0 && <option value="">no spaces</option>}
          {p.spaces.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <div class="group" role="group" aria-label="Depth">
        <span>Depth</span>
        <button
          type="button"
          aria-label="Less depth"
          disabled={!p.hasAsset || p.depth <= p.minDepth}
          onClick={() => p.onDepth(p.depth - 1)}
        >
          −
        </button>
        <output aria-label="Current depth" data-testid="depth">
          {p.depth}
        </output>
        <button
          type="button"
          aria-label="More depth"
          disabled={!p.hasAsset || p.depth >= p.maxDepth}
          onClick={() => p.onDepth(p.depth + 1)}
        >
          +
        </button>
      </div>
      <div class="group" role="group" aria-label="Hide asset types">
        <span>Show</span>
        {ASSET_TYPES.map((type) => (
          <label key={type} class="chip-toggle">
            <input
              type="checkbox"
              checked={!p.hiddenTypes.has(type)}
              onChange={() => toggleType(type)}
              aria-label={`Show ${type.toLowerCase()} assets`}
            />
            {type === "CHARACTER" ? "Char." : type.charAt(0) + type.slice(1).toLowerCase()}
          </label>
        ))}
      </div>
      <div class="group" role="group" aria-label="View">
        <button type="button" onClick={p.onFit} title="Fit the drawing (f)">
          Fit
        </button>
        <button type="button" aria-label="Zoom in" title="Zoom in" onClick={() => p.onZoom(1.25)}>
          ⊕
        </button>
        <button type="button" aria-label="Zoom out" title="Zoom out" onClick={() => p.onZoom(0.8)}>
          ⊖
        </button>
        <button
          type="button"
          class={p.frozen ? "on" : ""}
          aria-pressed={p.frozen}
          onClick={() => p.onFrozen(!p.frozen)}
          title="Keep nodes where they are when the graph grows (x)"
        >
          {p.frozen ? "Frozen" : "Freeze"}
        </button>
      </div>
      <div class="spacer" />
      <button type="button" onClick={p.onHelp} title="Help: the keys, and what the words mean (?)" aria-label="Help">
        ?
      </button>
      <span class="user" title="Signed in">
        {p.userName}
      </span>
      <button type="button" onClick={p.onSignOut}>
        Sign out
      </button>
    </header>
  );
}
