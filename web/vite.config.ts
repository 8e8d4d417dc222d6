import { loadEnv } from "vite";
import { defineConfig } from "vitest/config";

// Served by the lineage service at /explorer (StaticFiles over web/dist).
// JSX is compiled by esbuild for Preact: no framework plugin needed.
export default defineConfig(({ mode }) => {
  // `npm run dev`: the page on Vite's server, the API of a `make run` at LINEAGE_HOST and
  // LINEAGE_PORT (the service's own settings; default 127.0.0.1:8000).
  const env = loadEnv(mode, ".", "LINEAGE_");
  const api = `http://${env.LINEAGE_HOST ?? "127.0.0.1"}:${env.LINEAGE_PORT ?? "8000"}`;
  return {
    base: "/explorer/",
    esbuild: { jsx: "automatic", jsxImportSource: "preact" },
    server: { proxy: { "/graphql": api, "/files": api } },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      chunkSizeWarningLimit: 3000,
      sourcemap: false,
      // Two pages: the explorer, and GraphiQL (served by the API at GET /graphql).
      rollupOptions: { input: { explorer: "index.html", graphiql: "graphiql.html" } },
    },
    test: {
      include: ["src/**/*.test.ts"],
      environment: "node",
    },
  };
});
