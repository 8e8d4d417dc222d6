// The space's trash: what deletes removed and keep until purged, and restoring an item.

import type { GraphQLClient } from "./client";
import * as doc from "./documents";
import type * as gql from "./generated";

/** Items per page of the trash ("Older" loads the next). */
export const TRASH_PAGE_SIZE = 20;

export type TrashItem = gql.TrashItemFieldsFragment;

export interface TrashPage {
  items: TrashItem[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One page of the space's trash, newest first; null: the space is not visible. */
export async function fetchTrash(client: GraphQLClient, spaceId: string, after: string | null): Promise<TrashPage | null> {
  const variables: gql.TrashQueryVariables = { id: spaceId, first: TRASH_PAGE_SIZE, after };
  const data = await client.request<gql.TrashQuery>(doc.TRASH, variables);
  const trash = data.space?.trash;
  if (!trash) return null;
  return { items: trash.nodes, endCursor: trash.pageInfo.endCursor, hasNextPage: trash.pageInfo.hasNextPage };
}

export type RestoreOutcome = { ok: true; item: TrashItem } | { ok: false; message: string; reasons: string[] };

/** Restore an item; a refusal says why in words, every reason listed. */
export async function restore(client: GraphQLClient, itemId: string): Promise<RestoreOutcome> {
  const variables: gql.RestoreMutationVariables = { id: itemId };
  const data = await client.request<gql.RestoreMutation>(doc.RESTORE, variables);
  const answer = data.restoreFromTrash;
  if (answer.__typename === "RestorePayload") return { ok: true, item: answer.item };
  const reasons = answer.__typename === "RestoreRefusedError" ? answer.problems.map((p) => p.detail) : [];
  return { ok: false, message: answer.message, reasons };
}

/** What an item is, in words: "character Jennifer (3 assets)". */
export function describeItem(item: TrashItem): string {
  const what = (item.assetType ?? item.kind).toLowerCase();
  const more = item.assetCount > 1 ? ` (${item.assetCount} assets)` : "";
  return `${what} ${item.rootName}${more}`;
}
