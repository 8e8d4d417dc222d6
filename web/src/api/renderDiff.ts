// Two renders compared (`renderDiff`), and the plain-words lines the side panel shows:
// inputs added, removed and changed (version before → after, the fields that differ),
// and the prompt, model and parameter changes.

import type { GraphQLClient } from "./client";
import * as doc from "./documents";
import type * as gql from "./generated";

export type RenderDiff = NonNullable<gql.RenderDiffQuery["renderDiff"]>;
export type DiffInput = RenderDiff["added"][number];
export type DiffInputChange = RenderDiff["changed"][number];

/** The comparison of `left` with `right`; null unless both are renders you may see. */
export async function fetchRenderDiff(client: GraphQLClient, left: string, right: string): Promise<RenderDiff | null> {
  const variables: gql.RenderDiffQueryVariables = { left, right };
  const data = await client.request<gql.RenderDiffQuery>(doc.RENDER_DIFF, variables);
  return data.renderDiff;
}

/** "Jennifer_sullen (character, v1.0.0)". */
export function inputLabel(input: DiffInput): string {
  const what = `${input.role.toLowerCase()}${input.version ? `, v${input.version}` : ""}`;
  return `${input.asset.name} (${what})`;
}

/** "Jennifer_exuberant v1.0.0 → Jennifer_sullen v1.0.0: version, content changed". */
export function changeLabel(change: DiffInputChange): string {
  const side = (input: DiffInput) => `${input.asset.name}${input.version ? ` v${input.version}` : ""}`;
  const how = change.differences.map((d) => d.toLowerCase()).join(", ");
  return `${side(change.before)} → ${side(change.after)}${how ? `: ${how} changed` : ""}`;
}

/** A JSON value in a line of text; "—" for none. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return `“${value}”`;
  return JSON.stringify(value);
}

/** "fields.mood: “happy” → “sad”", "seed: added 7", "steps: removed (30)". */
export function fieldLabel(change: { path: string; old: unknown; new: unknown }): string {
  if (change.old === null || change.old === undefined) return `${change.path}: added ${formatValue(change.new)}`;
  if (change.new === null || change.new === undefined) return `${change.path}: removed (was ${formatValue(change.old)})`;
  return `${change.path}: ${formatValue(change.old)} → ${formatValue(change.new)}`;
}

/** "“a”  → “b”" for a prompt or model; "none" for a side without one. */
export function textChangeLabel(change: { before: string | null; after: string | null }): string {
  const side = (text: string | null) => (text === null ? "none" : `“${text}”`);
  return `${side(change.before)} → ${side(change.after)}`;
}
