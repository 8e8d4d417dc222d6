// `npm run dev` proxies the API to the service of `make run`, wherever LINEAGE_HOST and
// LINEAGE_PORT put it.
import { afterEach, describe, expect, it } from "vitest";
import type { UserConfig, UserConfigFnObject } from "vite";
import config from "../../vite.config";

// The test runs in Node; the explorer's types know the browser only.
const environment = (globalThis as unknown as { process: { env: Record<string, string | undefined> } })
  .process.env;

function proxyOf(env: Record<string, string>): unknown {
  Object.assign(environment, env);
  const made = (config as UserConfigFnObject)({ mode: "development", command: "serve" });
  return (made as UserConfig).server?.proxy;
}

describe("the dev server's API proxy", () => {
  afterEach(() => {
    delete environment.LINEAGE_HOST;
    delete environment.LINEAGE_PORT;
  });

  it("reaches the default port", () => {
    expect(proxyOf({})).toEqual({
      "/graphql": "http://127.0.0.1:8000",
      "/files": "http://127.0.0.1:8000",
    });
  });

  it("follows the configured host and port", () => {
    expect(proxyOf({ LINEAGE_HOST: "0.0.0.0", LINEAGE_PORT: "8123" })).toEqual({
      "/graphql": "http://0.0.0.0:8123",
      "/files": "http://0.0.0.0:8123",
    });
  });
});
