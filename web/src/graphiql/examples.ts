// The example documents GraphiQL opens with, one tab per main use case. Each is checked
// against schema.graphql by the service's tests (tests/unit/test_graphiql_examples.py).
import deleteDryRun from "./examples/delete_dry_run.graphql?raw";
import lineage from "./examples/lineage.graphql?raw";
import registerRender from "./examples/register_render.graphql?raw";
import whyLocked from "./examples/why_locked.graphql?raw";

const ASSET = JSON.stringify({ id: "<asset id>" }, null, 2);
const RENDER = JSON.stringify(
  {
    containerId: "<task, project or space id>",
    name: "Panel 3 frame",
    inputs: [{ id: "<character id>" }, { id: "<scene id>" }],
    prompt: "evening light",
  },
  null,
  2,
);

export function exampleTabs(headers: string) {
  return [lineage, whyLocked, deleteDryRun, registerRender].map((query, i) => ({
    query,
    variables: i === 3 ? RENDER : ASSET,
    headers,
  }));
}
