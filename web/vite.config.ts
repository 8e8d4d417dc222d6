import { defineConfig } from "vitest/config";

// Served by the lineage service at /explorer (StaticFiles over web/dist).
// JSX is compiled by esbuild for Preact: no framework plugin needed.
export default defineConfig({
  base: "/explorer/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  // `npm run dev`: the page on Vite's server, the API of a `make run` on port 8000.
  server: { proxy: { "/graphql": "http://127.0.0.1:8000", "/files": "http://127.0.0.1:8000" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    sourcemap: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
