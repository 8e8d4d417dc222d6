// The page's address: which space, which asset is opened (the root of the lineage), which
// node is selected, how deep the lineage goes and, for a past view, the instant. Kept in the query string so a link opens
// the same view and the back button walks through the views.

export const MIN_DEPTH = 1;
export const MAX_DEPTH = 6;
export const DEFAULT_DEPTH = 1;

export interface Route {
  space: string | null;
  asset: string | null;
  /** Selected node; null means the opened asset itself. */
  select: string | null;
  depth: number;
  /** The instant the lineage is shown as of (ISO 8601, UTC); null means now. */
  at: string | null;
}

export const EMPTY_ROUTE: Route = { space: null, asset: null, select: null, depth: DEFAULT_DEPTH, at: null };

export function clampDepth(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_DEPTH;
  return Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, Math.trunc(value)));
}

export function parseRoute(search: string): Route {
  const params = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  const text = (name: string): string | null => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  const depthText = text("depth");
  const asset = text("asset");
  const select = text("select");
  return {
    space: text("space"),
    asset,
    select: select === asset ? null : select,
    depth: depthText === null ? DEFAULT_DEPTH : clampDepth(Number(depthText)),
    at: normaliseInstant(text("at")),
  };
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.space) params.set("space", route.space);
  if (route.asset) {
    params.set("asset", route.asset);
    if (route.select && route.select !== route.asset) params.set("select", route.select);
    if (route.depth !== DEFAULT_DEPTH) params.set("depth", String(clampDepth(route.depth)));
    const at = normaliseInstant(route.at);
    if (at) params.set("at", at);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

/** The node the side panel shows. */
export function selectedId(route: Route): string | null {
  return route.select ?? route.asset;
}

/** An instant as the address keeps it (ISO 8601 in UTC, whole seconds); null if not a time. */
export function normaliseInstant(text: string | null): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
