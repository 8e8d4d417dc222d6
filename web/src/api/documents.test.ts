// The documents against the schema the service exports, as `npm run codegen` checks them:
// every one valid, and a document asking for something the schema lacks refused (so the
// build, which runs codegen first, fails on drift).

import { generate } from "@graphql-codegen/cli";
import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as documents from "./documents";

const SCHEMA = new URL("../../../schema.graphql", import.meta.url).pathname;
const schema = buildSchema(readFileSync(SCHEMA, "utf8"));

function config(document: string) {
  return {
    schema: SCHEMA,
    documents: [document],
    generates: { "unused.ts": { plugins: ["typescript", "typescript-operations"] } },
    silent: true,
  };
}

describe("GraphQL documents", () => {

  // The operations (fragments alone are checked where they are used).
  const operations = Object.entries(documents).filter(([, text]) => /\b(query|mutation) \w/.test(text));

  it.each(operations)("%s is valid against schema.graphql", (_name, text) => {
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
  });

  it("codegen refuses a document that no longer matches the schema", async () => {
    const stale = documents.TRANSITION.replace("$to: State!", "$to: String!");
    await expect(generate(config(stale), false)).rejects.toThrow(/String!.*State!|Variable "\$to"/s);
    const gone = documents.CARD.replace("...AssetCard", "...AssetCard colour");
    await expect(generate(config(gone), false)).rejects.toThrow(/colour/);
    await expect(generate(config(documents.CARD), false)).resolves.toHaveLength(1);
  }, 60_000);
});
