// Timings the page records with performance.now(), kept on `window.lineageMetrics` for the
// benchmark (scripts/bench_explorer.py) and for anyone curious, from the console.

export interface DrawTiming {
  nodes: number;
  edges: number;
  /** ELK layout (in its worker), or the frozen placement. */
  layoutMs: number;
  /** From handing the elements to Cytoscape until two animation frames have passed. */
  renderMs: number;
  totalMs: number;
  frozen: boolean;
}

export interface FetchTiming {
  what: string;
  ms: number;
  nodes: number;
}

export interface Metrics {
  draws: DrawTiming[];
  fetches: FetchTiming[];
}

declare global {
  interface Window {
    lineageMetrics?: Metrics;
  }
}

export const metrics: Metrics = { draws: [], fetches: [] };
if (typeof window !== "undefined") window.lineageMetrics = metrics;

export function since(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}
