// The page's address: which space, which asset is opened (the root of the lineage), which
// node is selected and how deep the lineage goes. Kept in the query string so a link opens
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
}

export const EMPTY_ROUTE: Route = { space: null, asset: null, select: null, depth: DEFAULT_DEPTH };

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
  };
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.space) params.set("space", route.space);
  if (route.asset) {
    params.set("asset", route.asset);
    if (route.select && route.select !== route.asset) params.set("select", route.select);
    if (route.depth !== DEFAULT_DEPTH) params.set("depth", String(clampDepth(route.depth)));
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
