// Every GraphQL document the explorer sends, and the functions that turn the answers into
// the page's model types. Documents stay well under the service's token and depth limits.

import type { GraphQLClient } from "./client";
import {
  toCard,
  type AssetCard,
  type AssetType,
  type Blocker,
  type ContainerKind,
  type DeleteReport,
  type Direction,
  type DomainError,
  type EdgeType,
  type FieldChange,
  type Layer,
  type LockReason,
  type NeighbourPage,
  type RawAsset,
  type RawLineage,
  type RenderInputInfo,
  type State,
} from "./types";

/**
 * The fields every drawn asset needs. `fileUrl` is the FileInfo field holding a download
 * URL, when the service has one (found at sign-in, see `detectFileUrl`).
 */
export function assetCardFragment(fileUrl: string | null = null): string {
  const file = fileUrl ? `file { key contentType ${fileUrl} }` : "file { key contentType }";
  return `
fragment AssetCard on Asset {
  __typename id type layer origin state name spaceId projectId taskId
  container { __typename ... on ContainerNode { id name } }
  lock { locked immutable count }
  deletability { deletable }
  allowedTransitions
  updates { behind }
  dependents(first: 1) { totalCount }
  dependencies(first: 1) { totalCount }
  ... on Definition { version inheritedVersion neutral }
  ... on Render { classification final ${file} }
}`;
}

export const ASSET_CARD = assetCardFragment();

let fileUrlField: string | null = null;

function card(): string {
  return assetCardFragment(fileUrlField);
}

/** Whether render files come with a download URL (for thumbnails), and under which name. */
export async function detectFileUrl(client: GraphQLClient): Promise<string | null> {
  try {
    const data = await client.request<{ __type: { fields: { name: string }[] } | null }>(
      `query FileFields { __type(name: "FileInfo") { fields { name } } }`,
    );
    const names = new Set((data.__type?.fields ?? []).map((f) => f.name));
    fileUrlField = ["url", "downloadUrl"].find((n) => names.has(n)) ?? null;
  } catch {
    fileUrlField = null; // introspection off: no thumbnails
  }
  return fileUrlField;
}

/** The most lineage nodes one drawing asks for. */
export const MAX_NODES = 600;
/** Neighbours per page when a node is expanded ("N more" loads the next page). */
export const PAGE_SIZE = 8;

export interface Space {
  id: string;
  name: string;
  myRole: string | null;
}

export async function signIn(client: GraphQLClient): Promise<{ name: string; spaces: Space[] }> {
  const data = await client.request<{ viewer: { name: string }; spaces: Space[] }>(
    `query SignIn { viewer { id name } spaces { id name myRole } }`,
  );
  await detectFileUrl(client);
  return { name: data.viewer.name, spaces: data.spaces };
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
  const data = await client.request<{
    space: { id: string; name: string; projects: { id: string; name: string; tasks: { id: string; name: string }[] }[] } | null;
  }>(
    `query Containers($id: ID!) {
      space(id: $id) { id name projects { id name tasks { id name } } }
    }`,
    { id: spaceId },
  );
  if (!data.space) return [];
  const found: ContainerRef[] = [{ kind: "Space", id: data.space.id, name: data.space.name }];
  for (const project of data.space.projects) {
    found.push({ kind: "Project", id: project.id, name: project.name });
    for (const task of project.tasks) found.push({ kind: "Task", id: task.id, name: task.name });
  }
  return found;
}

function filterInput(filters: SearchFilters): Record<string, unknown> {
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

const CONNECTION = `totalCount pageInfo { hasNextPage endCursor } edges { node { ...AssetCard } }`;

/** One page of the assets of one container (space, project or task) matching the filters. */
export async function searchContainer(
  client: GraphQLClient,
  container: Pick<ContainerRef, "kind" | "id">,
  filters: SearchFilters,
  after: string | null,
  first = 30,
): Promise<SearchPage> {
  const field = container.kind.toLowerCase();
  const data = await client.request<Record<string, { assets: RawConnection<{ node: RawAsset }> } | null>>(
    `query Search($id: ID!, $first: Int!, $after: String, $filter: AssetFilter) {
      ${field}(id: $id) { assets(first: $first, after: $after, filter: $filter) { ${CONNECTION} } }
    }
    ${card()}`,
    { id: container.id, first, after, filter: filterInput(filters) },
  );
  const found = data[field];
  if (!found) throw new Error(`That ${field} is not visible to you.`);
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
  type Connection = RawConnection<{ node: RawAsset }>;
  const data = await client.request<{
    space: {
      id: string;
      name: string;
      assets: Connection;
      projects: {
        id: string;
        name: string;
        assets: Connection;
        tasks: { id: string; name: string; assets: Connection }[];
      }[];
    } | null;
  }>(
    `query SearchSpace($id: ID!, $first: Int!, $filter: AssetFilter) {
      space(id: $id) {
        id name
        assets(first: $first, filter: $filter) { ${CONNECTION} }
        projects {
          id name
          assets(first: $first, filter: $filter) { ${CONNECTION} }
          tasks { id name assets(first: $first, filter: $filter) { ${CONNECTION} } }
        }
      }
    }
    ${card()}`,
    { id: spaceId, first, filter: filterInput(filters) },
  );
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
  direction: "BOTH" | Direction = "BOTH",
): Promise<LineageAnswer | null> {
  const data = await client.request<{ asset: (RawAsset & { lineage: RawLineage }) | null }>(
    `query Lineage($id: ID!, $depth: Int!, $maxNodes: Int!) {
      asset(id: $id) {
        ...AssetCard
        lineage(direction: ${direction}, depth: $depth, maxNodes: $maxNodes) {
          truncated
          nodes { depth asset { ...AssetCard } }
          edges { from to type role }
        }
      }
    }
    ${card()}`,
    { id, depth, maxNodes },
  );
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
  const field = direction === "UPSTREAM" ? "dependencies" : "dependents";
  type Edge = { type: EdgeType; role: string | null; node: RawAsset };
  const data = await client.request<{ asset: Record<string, RawConnection<Edge>> | null }>(
    `query Neighbours($id: ID!, $first: Int!, $after: String) {
      asset(id: $id) {
        id
        ${field}(first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { type role node { ...AssetCard } }
        }
      }
    }
    ${card()}`,
    { id, first, after },
  );
  const connection = data.asset?.[field];
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

interface RawDetails extends RawAsset {
  description: string;
  createdAt: string | null;
  updatedAt: string | null;
  createdBy: string | null;
  contentHash: string;
  metadata: unknown;
  fields?: unknown;
  versions?: { id: string; name: string; version: string | null; state: State }[];
  container: { __typename: "Space" | "Project" | "Task"; id: string; name: string };
  lock: { locked: boolean; immutable: boolean; count: number; reasons: LockReason[] };
  deletability: { deletable: boolean; blockers: Blocker[] };
  updates: {
    behind: number;
    newest: { id: string; name: string; version?: string | null } | null;
    changes: FieldChange[];
  } | null;
  prompt?: string | null;
  model?: string | null;
  renderType?: string | null;
  parameters?: unknown;
  generatedInTask?: GeneratingTask | null;
  inputs?: RenderInputInfo[];
}

/** The task a render was generated in, also once that task is deleted. */
export interface GeneratingTask {
  id: string;
  name: string | null;
  deleted: boolean;
}

export async function fetchDetails(client: GraphQLClient, id: string): Promise<AssetDetails | null> {
  const data = await client.request<{ asset: RawDetails | null }>(
    `query Details($id: ID!) {
      asset(id: $id) {
        ...AssetCard
        description createdAt updatedAt createdBy contentHash metadata
        container {
          __typename
          ... on Space { id name }
          ... on Project { id name }
          ... on Task { id name }
        }
        lock { locked immutable count reasons { kind dependentId dependentType path } }
        deletability { deletable blockers { dependentId dependentType edge binding } }
        updates { behind newest { id name ... on Definition { version } } changes { path old new } }
        versions { id name version state }
        ... on Definition { fields }
        ... on Render {
          prompt model renderType parameters generatedInTask { id name deleted }
          inputs {
            role contentHash repointedFrom
            drift { path old new }
            asset {
              id name type layer contentHash
              ... on Definition { version }
              container { __typename ... on ContainerNode { id name } }
            }
          }
        }
      }
    }
    ${card()}`,
    { id },
  );
  const raw = data.asset;
  if (!raw) return null;
  const isRender = raw.type === "RENDER";
  return {
    card: toCard(raw),
    description: raw.description,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    createdBy: raw.createdBy,
    contentHash: raw.contentHash,
    metadata: raw.metadata,
    fields: raw.fields ?? null,
    versions: raw.versions ?? [],
    container: { kind: raw.container.__typename, id: raw.container.id, name: raw.container.name },
    lockCount: raw.lock.count,
    reasons: raw.lock.reasons,
    blockers: raw.deletability.blockers,
    updates: raw.updates
      ? {
          behind: raw.updates.behind,
          newest: raw.updates.newest
            ? { ...raw.updates.newest, version: raw.updates.newest.version ?? null }
            : null,
          changes: raw.updates.changes,
        }
      : null,
    render: isRender
      ? {
          prompt: raw.prompt ?? null,
          model: raw.model ?? null,
          renderType: raw.renderType ?? null,
          parameters: raw.parameters ?? {},
          generatedInTask: raw.generatedInTask ?? null,
          inputs: raw.inputs ?? [],
        }
      : null,
  };
}

/** Names of assets by id (for the lists of a dry run), in batches under the alias limit. */
export async function fetchCards(client: GraphQLClient, ids: string[]): Promise<AssetCard[]> {
  const found: AssetCard[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 20) {
    const batch = unique.slice(start, start + 20);
    const params = batch.map((_, i) => `$i${i}: ID!`).join(", ");
    const fields = batch.map((_, i) => `a${i}: asset(id: $i${i}) { ...AssetCard }`).join("\n");
    const variables = Object.fromEntries(batch.map((id, i) => [`i${i}`, id]));
    const data = await client.request<Record<string, RawAsset | null>>(
      `query Cards(${params}) { ${fields} } ${card()}`,
      variables,
    );
    for (const raw of Object.values(data)) if (raw) found.push(toCard(raw));
  }
  return found;
}

// Each mutation's result union lists only the errors it can raise: so each selects its own.
const ERROR_FIELDS = `
  ... on Error { code message }
  ... on ForbiddenError { action role required }`;
const TRANSITION_ERROR_FIELDS = `${ERROR_FIELDS}
  ... on InvalidTransitionError { fromState toState allowed needsForce }
  ... on DriftedInputsError { drifted { inputId role snapshotHash currentHash } }`;
const DELETE_ERROR_FIELDS = `${ERROR_FIELDS}
  ... on NotDeletableError { blockers { dependentId dependentType edge binding } }`;

export type MutationOutcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export async function transition(
  client: GraphQLClient,
  id: string,
  to: State,
  force = false,
): Promise<MutationOutcome<AssetCard>> {
  const data = await client.request<{
    transitionState: { __typename: string; asset?: RawAsset } & Partial<DomainError>;
  }>(
    `mutation Transition($id: ID!, $to: State!, $force: Boolean!) {
      transitionState(id: $id, to: $to, force: $force) {
        __typename
        ... on AssetPayload { asset { ...AssetCard } }
        ${TRANSITION_ERROR_FIELDS}
      }
    }
    ${card()}`,
    { id, to, force },
  );
  const answer = data.transitionState;
  if (answer.asset) return { ok: true, value: toCard(answer.asset) };
  return { ok: false, error: answer as DomainError };
}

const AFFECTED = "id type origin name version container { id kind name }";
const REPORT_FIELDS = `
  __typename
  ... on DeleteReport {
    dryRun
    deleted { ${AFFECTED} }
    deletedContainers { id kind name }
    moved { ${AFFECTED} }
    unlocked { ${AFFECTED} }
    nowDeletable { ${AFFECTED} }
  }
  ${DELETE_ERROR_FIELDS}`;

type RawReport = Partial<DeleteReport> & Partial<DomainError> & { __typename: string };

function outcome(answer: RawReport): MutationOutcome<DeleteReport> {
  if (answer.__typename === "DeleteReport") {
    return {
      ok: true,
      value: {
        dryRun: answer.dryRun ?? true,
        deleted: answer.deleted ?? [],
        deletedContainers: answer.deletedContainers ?? [],
        moved: answer.moved ?? [],
        unlocked: answer.unlocked ?? [],
        nowDeletable: answer.nowDeletable ?? [],
      },
    };
  }
  return { ok: false, error: answer as DomainError };
}

export async function deleteDryRun(
  client: GraphQLClient,
  id: string,
): Promise<MutationOutcome<DeleteReport>> {
  const data = await client.request<{ deleteAsset: RawReport }>(
    `mutation DeleteDryRun($id: ID!) {
      deleteAsset(id: $id, dryRun: true) { ${REPORT_FIELDS} }
    }`,
    { id },
  );
  return outcome(data.deleteAsset);
}

export type TaskDeleteMode = "KEEP_RENDERS" | "DELETE_RENDERS";

export async function taskDeleteDryRun(
  client: GraphQLClient,
  taskId: string,
  mode: TaskDeleteMode,
): Promise<MutationOutcome<DeleteReport>> {
  const data = await client.request<{ deleteTask: RawReport }>(
    `mutation TaskDeleteDryRun($id: ID!, $mode: TaskDeleteMode!) {
      deleteTask(id: $id, mode: $mode, dryRun: true) { ${REPORT_FIELDS} }
    }`,
    { id: taskId, mode },
  );
  return outcome(data.deleteTask);
}

export async function fetchGallery(
  client: GraphQLClient,
  projectId: string,
): Promise<{ name: string; items: AssetCard[]; totalCount: number } | null> {
  const data = await client.request<{
    project: { name: string; gallery: { totalCount: number; edges: { node: RawAsset }[] } } | null;
  }>(
    `query Gallery($id: ID!, $first: Int!) {
      project(id: $id) { id name gallery(first: $first) { totalCount edges { node { ...AssetCard } } } }
    }
    ${card()}`,
    { id: projectId, first: 48 },
  );
  if (!data.project) return null;
  const gallery = data.project.gallery;
  return {
    name: data.project.name,
    items: gallery.edges.map((e) => toCard(e.node)),
    totalCount: gallery.totalCount,
  };
}
