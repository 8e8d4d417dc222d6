// The explorer's requests, and the functions that turn the answers into the page's model
// types. The documents are in documents.ts; their variables and answers are typed from
// schema.graphql (generated.ts, `npm run codegen`), so a change in the API fails the build
// here. Documents stay well under the service's token and depth limits.

import type { GraphQLClient } from "./client";
import * as doc from "./documents";
import type * as gql from "./generated";
import {
  toCard,
  type AssetCard,
  type AssetType,
  type Blocker,
  type ContainerKind,
  type DeleteReport,
  type Direction,
  type DomainError,
  type FieldChange,
  type Layer,
  type LockReason,
  type NeighbourPage,
  type RawAsset,
  type RawLineage,
  type RenderInputInfo,
  type State,
} from "./types";

/** The most lineage nodes one drawing asks for. */
export const MAX_NODES = 600;
/** Neighbours per page when a node is expanded ("N more" loads the next page). */
export const PAGE_SIZE = 8;

export interface Space {
  id: string;
  name: string;
  myRole: string | null;
}

export async function signIn(client: GraphQLClient): Promise<{ id: string; name: string; spaces: Space[] }> {
  const data = await client.request<gql.SignInQuery>(doc.SIGN_IN);
  return { id: data.viewer.id, name: data.viewer.name, spaces: data.spaces };
}

export interface SearchFilters {
  name: string;
  type: AssetType | null;
  layer: Layer | null;
  state: State | null;
}

export interface SearchPage {
  items: AssetCard[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

interface RawConnection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: T[];
}

export interface ContainerRef {
  kind: ContainerKind;
  id: string;
  name: string;
}

/** The space, its projects and their tasks: where assets can be searched. */
export async function fetchContainers(client: GraphQLClient, spaceId: string): Promise<ContainerRef[]> {
  const variables: gql.ContainersQueryVariables = { id: spaceId };
  const data = await client.request<gql.ContainersQuery>(doc.CONTAINERS, variables);
  if (!data.space) return [];
  const found: ContainerRef[] = [{ kind: "Space", id: data.space.id, name: data.space.name }];
  for (const project of data.space.projects) {
    found.push({ kind: "Project", id: project.id, name: project.name });
    for (const task of project.tasks) found.push({ kind: "Task", id: task.id, name: task.name });
  }
  return found;
}

function filterInput(filters: SearchFilters): gql.AssetFilter {
  return {
    nameContains: filters.name.trim() || null,
    types: filters.type ? [filters.type] : null,
    layers: filters.layer ? [filters.layer] : null,
    states: filters.state ? [filters.state] : null,
  };
}

function toPage(connection: RawConnection<{ node: RawAsset }>): SearchPage {
  return {
    items: connection.edges.map((e) => toCard(e.node)),
    totalCount: connection.totalCount,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
  };
}

/** The search document for each kind of container. */
const SEARCH_IN = { Space: doc.SEARCH_SPACE_ASSETS, Project: doc.SEARCH_PROJECT_ASSETS, Task: doc.SEARCH_TASK_ASSETS };

/** One page of the assets of one container (space, project or task) matching the filters. */
export async function searchContainer(
  client: GraphQLClient,
  container: Pick<ContainerRef, "kind" | "id">,
  filters: SearchFilters,
  after: string | null,
  first = 30,
): Promise<SearchPage> {
  const variables: gql.SearchSpaceAssetsQueryVariables = { id: container.id, first, after, filter: filterInput(filters) };
  const data = await client.request<gql.SearchSpaceAssetsQuery | gql.SearchProjectAssetsQuery | gql.SearchTaskAssetsQuery>(
    SEARCH_IN[container.kind],
    variables,
  );
  const found = "space" in data ? data.space : "project" in data ? data.project : "task" in data ? data.task : null;
  if (!found) throw new Error(`That ${container.kind.toLowerCase()} is not visible to you.`);
  return toPage(found.assets);
}

export interface SearchGroup extends SearchPage {
  container: ContainerRef;
}

/**
 * The first matches in every container of a space at once, grouped by container; an asset
 * listed by several (a task render is also a project render) is shown once, first found.
 */
export async function searchSpace(
  client: GraphQLClient,
  spaceId: string,
  filters: SearchFilters,
  first = 12,
): Promise<SearchGroup[]> {
  const variables: gql.SearchSpaceQueryVariables = { id: spaceId, first, filter: filterInput(filters) };
  const data = await client.request<gql.SearchSpaceQuery>(doc.SEARCH_SPACE, variables);
  const space = data.space;
  if (!space) throw new Error("That space is not visible to you.");
  const groups: SearchGroup[] = [
    { container: { kind: "Space", id: space.id, name: space.name }, ...toPage(space.assets) },
  ];
  for (const project of space.projects) {
    groups.push({ container: { kind: "Project", id: project.id, name: project.name }, ...toPage(project.assets) });
    for (const task of project.tasks) {
      groups.push({ container: { kind: "Task", id: task.id, name: task.name }, ...toPage(task.assets) });
    }
  }
  const seen = new Set<string>();
  for (const group of groups) {
    group.items = group.items.filter((item) => !seen.has(item.id) && seen.add(item.id));
  }
  return groups.filter((group) => group.items.length > 0 || group.hasNextPage);
}

export interface LineageAnswer {
  root: AssetCard;
  lineage: RawLineage;
}

export async function fetchLineage(
  client: GraphQLClient,
  id: string,
  depth: number,
  maxNodes = MAX_NODES,
  direction: gql.LineageDirection = "BOTH",
): Promise<LineageAnswer | null> {
  const variables: gql.LineageQueryVariables = { id, depth, maxNodes, direction };
  const data = await client.request<gql.LineageQuery>(doc.LINEAGE, variables);
  if (!data.asset) return null;
  const { lineage, ...root } = data.asset;
  return { root: toCard(root), lineage };
}

export async function fetchNeighbours(
  client: GraphQLClient,
  id: string,
  direction: Direction,
  after: string | null,
  first = PAGE_SIZE,
): Promise<NeighbourPage> {
  const variables: gql.NeighboursQueryVariables = { id, first, after, upstream: direction === "UPSTREAM" };
  const data = await client.request<gql.NeighboursQuery>(doc.NEIGHBOURS, variables);
  const connection = direction === "UPSTREAM" ? data.asset?.dependencies : data.asset?.dependents;
  if (!connection) throw new Error("That asset is gone.");
  return {
    centerId: id,
    direction,
    items: connection.edges.map((e) => ({
      card: toCard(e.node),
      type: e.type,
      role: e.role || null,
    })),
    totalCount: connection.totalCount,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
  };
}

export interface AssetDetails {
  card: AssetCard;
  description: string;
  createdAt: string | null;
  updatedAt: string | null;
  createdBy: string | null;
  contentHash: string;
  metadata: unknown;
  fields: unknown;
  versions: { id: string; name: string; version: string | null; state: State }[];
  container: ContainerRef;
  lockCount: number;
  reasons: LockReason[];
  blockers: Blocker[];
  updates: { behind: number; newest: { id: string; name: string; version: string | null } | null; changes: FieldChange[] } | null;
  render: {
    prompt: string | null;
    model: string | null;
    renderType: string | null;
    parameters: unknown;
    generatedInTask: GeneratingTask | null;
    inputs: RenderInputInfo[];
  } | null;
}

/** The task a render was generated in, also once that task is deleted. */
export interface GeneratingTask {
  id: string;
  name: string | null;
  deleted: boolean;
}

export async function fetchDetails(client: GraphQLClient, id: string): Promise<AssetDetails | null> {
  const variables: gql.DetailsQueryVariables = { id };
  const data = await client.request<gql.DetailsQuery>(doc.DETAILS, variables);
  const raw = data.asset;
  if (!raw) return null;
  const newest = raw.updates?.newest ?? null;
  return {
    card: toCard(raw),
    description: raw.description,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    createdBy: raw.createdBy,
    contentHash: raw.contentHash,
    metadata: raw.metadata,
    fields: raw.__typename === "Definition" ? raw.fields : null,
    versions: raw.versions ?? [],
    container: { kind: raw.container.__typename, id: raw.container.id, name: raw.container.name },
    lockCount: raw.lock.count,
    reasons: raw.lock.reasons,
    blockers: raw.deletability.blockers,
    updates: raw.updates
      ? {
          behind: raw.updates.behind,
          newest: newest ? { id: newest.id, name: newest.name, version: "version" in newest ? newest.version : null } : null,
          changes: raw.updates.changes,
        }
      : null,
    render:
      raw.__typename === "Render"
        ? {
            prompt: raw.prompt,
            model: raw.model,
            renderType: raw.renderType,
            parameters: raw.parameters ?? {},
            generatedInTask: raw.generatedInTask,
            inputs: raw.inputs,
          }
        : null,
  };
}

/** Cards of assets by id (names for lists, neighbours after a change), a few at a time. */
export async function fetchCards(client: GraphQLClient, ids: string[]): Promise<AssetCard[]> {
  const found: AssetCard[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 8) {
    const answers = await Promise.all(
      unique.slice(start, start + 8).map((id) => {
        const variables: gql.CardQueryVariables = { id };
        return client.request<gql.CardQuery>(doc.CARD, variables);
      }),
    );
    for (const answer of answers) if (answer.asset) found.push(toCard(answer.asset));
  }
  return found;
}

export type MutationOutcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export async function transition(
  client: GraphQLClient,
  id: string,
  to: State,
  force = false,
): Promise<MutationOutcome<AssetCard>> {
  const variables: gql.TransitionMutationVariables = { id, to, force };
  const data = await client.request<gql.TransitionMutation>(doc.TRANSITION, variables);
  const answer = data.transitionState;
  if (answer.__typename === "AssetPayload") return { ok: true, value: toCard(answer.asset) };
  return { ok: false, error: answer };
}

type RawReport = gql.DeleteDryRunMutation["deleteAsset"] | gql.TaskDeleteDryRunMutation["deleteTask"];

function outcome(answer: RawReport): MutationOutcome<DeleteReport> {
  if (answer.__typename === "DeleteReport") {
    const { __typename: _, ...report } = answer;
    return { ok: true, value: report };
  }
  return { ok: false, error: answer };
}

export async function deleteDryRun(
  client: GraphQLClient,
  id: string,
): Promise<MutationOutcome<DeleteReport>> {
  const variables: gql.DeleteDryRunMutationVariables = { id };
  const data = await client.request<gql.DeleteDryRunMutation>(doc.DELETE_DRY_RUN, variables);
  return outcome(data.deleteAsset);
}

export type TaskDeleteMode = gql.TaskDeleteMode;

export async function taskDeleteDryRun(
  client: GraphQLClient,
  taskId: string,
  mode: TaskDeleteMode,
): Promise<MutationOutcome<DeleteReport>> {
  const variables: gql.TaskDeleteDryRunMutationVariables = { id: taskId, mode };
  const data = await client.request<gql.TaskDeleteDryRunMutation>(doc.TASK_DELETE_DRY_RUN, variables);
  return outcome(data.deleteTask);
}

export async function fetchGallery(
  client: GraphQLClient,
  projectId: string,
): Promise<{ name: string; items: AssetCard[]; totalCount: number } | null> {
  const variables: gql.GalleryQueryVariables = { id: projectId, first: 48 };
  const data = await client.request<gql.GalleryQuery>(doc.GALLERY, variables);
  if (!data.project) return null;
  const gallery = data.project.gallery;
  return {
    name: data.project.name,
    items: gallery.edges.map((e) => toCard(e.node)),
    totalCount: gallery.totalCount,
  };
}

/** Entries per page of an asset's history ("Older" loads the next page). */
export const HISTORY_PAGE_SIZE = 10;

export interface HistoryItem {
  id: string;
  at: string;
  who: string;
  operation: gql.HistoryOperation;
  summary: string;
  /** What this write changed on the asset itself, field by field. */
  fields: FieldChange[];
}

export interface HistoryPage {
  items: HistoryItem[];
  endCursor: string | null;
  hasNextPage: boolean;
}

type HistoryChange = NonNullable<gql.HistoryQuery["history"]>["nodes"][number]["changes"][number];

/** A change's fields, its state move first (the entry keeps that apart from the content). */
function changedFields(change: HistoryChange): FieldChange[] {
  const moved = change.stateBefore && change.stateAfter && change.stateBefore !== change.stateAfter;
  const state = moved ? [{ path: "state", old: change.stateBefore, new: change.stateAfter }] : [];
  return [...state, ...change.fields.map((f) => ({ path: f.path, old: f.before, new: f.after }))];
}

/** One page of what the writes did to an asset, newest first; null: not visible. */
export async function fetchHistory(
  client: GraphQLClient,
  assetId: string,
  after: string | null,
): Promise<HistoryPage | null> {
  const variables: gql.HistoryQueryVariables = { id: assetId, first: HISTORY_PAGE_SIZE, after };
  const data = await client.request<gql.HistoryQuery>(doc.HISTORY, variables);
  if (!data.history) return null;
  return {
    items: data.history.nodes.map((entry) => ({
      id: entry.id,
      at: entry.at,
      who: entry.userName ?? (entry.userId ? `user ${entry.userId.slice(0, 8)}` : "an operator"),
      operation: entry.operation,
      summary: entry.summary,
      fields: entry.changes.filter((change) => change.id === assetId).flatMap(changedFields),
    })),
    endCursor: data.history.pageInfo.endCursor,
    hasNextPage: data.history.pageInfo.hasNextPage,
  };
}
