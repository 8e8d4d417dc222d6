// Every GraphQL document the explorer sends, written out whole: `npm run codegen` checks
// each against schema.graphql and types its variables and answers (src/api/generated.ts),
// so the explorer cannot drift from the API. Fragments are appended where they are used
// (the `${...}` parts); codegen finds them by name.

export const ASSET_CARD = /* GraphQL */ `
  fragment AssetCard on Asset {
    __typename
    id
    type
    layer
    origin
    state
    name
    spaceId
    projectId
    taskId
    container {
      __typename
      ... on ContainerNode {
        id
        name
      }
    }
    lock {
      locked
      immutable
      count
    }
    deletability {
      deletable
    }
    allowedTransitions
    updates {
      behind
    }
    dependents(first: 1) {
      totalCount
    }
    dependencies(first: 1) {
      totalCount
    }
    ... on Definition {
      version
      inheritedVersion
      neutral
    }
    ... on Render {
      classification
      final
      file {
        key
        contentType
        url
      }
    }
  }
`;

export const ASSET_PAGE = /* GraphQL */ `
  fragment AssetPage on AssetConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...AssetCard
      }
    }
  }
  ${ASSET_CARD}
`;

export const SIGN_IN = /* GraphQL */ `
  query SignIn {
    viewer {
      id
      name
    }
    spaces {
      id
      name
      myRole
    }
  }
`;

export const CONTAINERS = /* GraphQL */ `
  query Containers($id: ID!) {
    space(id: $id) {
      id
      name
      projects {
        id
        name
        tasks {
          id
          name
        }
      }
    }
  }
`;

export const SEARCH_SPACE_ASSETS = /* GraphQL */ `
  query SearchSpaceAssets($id: ID!, $first: Int!, $after: String, $filter: AssetFilter) {
    space(id: $id) {
      assets(first: $first, after: $after, filter: $filter) {
        ...AssetPage
      }
    }
  }
  ${ASSET_PAGE}
`;

export const SEARCH_PROJECT_ASSETS = /* GraphQL */ `
  query SearchProjectAssets($id: ID!, $first: Int!, $after: String, $filter: AssetFilter) {
    project(id: $id) {
      assets(first: $first, after: $after, filter: $filter) {
        ...AssetPage
      }
    }
  }
  ${ASSET_PAGE}
`;

export const SEARCH_TASK_ASSETS = /* GraphQL */ `
  query SearchTaskAssets($id: ID!, $first: Int!, $after: String, $filter: AssetFilter) {
    task(id: $id) {
      assets(first: $first, after: $after, filter: $filter) {
        ...AssetPage
      }
    }
  }
  ${ASSET_PAGE}
`;

export const SEARCH_SPACE = /* GraphQL */ `
  query SearchSpace($id: ID!, $first: Int!, $filter: AssetFilter) {
    space(id: $id) {
      id
      name
      assets(first: $first, filter: $filter) {
        ...AssetPage
      }
      projects {
        id
        name
        assets(first: $first, filter: $filter) {
          ...AssetPage
        }
        tasks {
          id
          name
          assets(first: $first, filter: $filter) {
            ...AssetPage
          }
        }
      }
    }
  }
  ${ASSET_PAGE}
`;

export const LINEAGE = /* GraphQL */ `
  query Lineage($id: ID!, $depth: Int!, $maxNodes: Int!, $direction: LineageDirection!) {
    asset(id: $id) {
      ...AssetCard
      lineage(direction: $direction, depth: $depth, maxNodes: $maxNodes) {
        truncated
        nodes {
          depth
          asset {
            ...AssetCard
          }
        }
        edges {
          from
          to
          type
          role
        }
      }
    }
  }
  ${ASSET_CARD}
`;

export const NEIGHBOURS = /* GraphQL */ `
  fragment NeighbourPage on DependencyConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      type
      role
      node {
        ...AssetCard
      }
    }
  }

  query Neighbours($id: ID!, $first: Int!, $after: String, $upstream: Boolean!) {
    asset(id: $id) {
      id
      dependencies(first: $first, after: $after) @include(if: $upstream) {
        ...NeighbourPage
      }
      dependents(first: $first, after: $after) @skip(if: $upstream) {
        ...NeighbourPage
      }
    }
  }
  ${ASSET_CARD}
`;

export const DETAILS = /* GraphQL */ `
  query Details($id: ID!) {
    asset(id: $id) {
      ...AssetCard
      description
      createdAt
      updatedAt
      createdBy
      contentHash
      metadata
      container {
        __typename
        ... on ContainerNode {
          id
          name
        }
      }
      lock {
        locked
        immutable
        count
        reasons {
          kind
          dependentId
          dependentType
          path
        }
      }
      deletability {
        deletable
        blockers {
          dependentId
          dependentType
          edge
          binding
        }
      }
      updates {
        behind
        newest {
          id
          name
          ... on Definition {
            version
          }
        }
        changes {
          path
          old
          new
        }
      }
      versions {
        id
        name
        version
        state
      }
      ... on Definition {
        fields
      }
      ... on Render {
        prompt
        model
        renderType
        parameters
        generatedInTask {
          id
          name
          deleted
        }
        inputs {
          role
          contentHash
          repointedFrom
          drift {
            path
            old
            new
          }
          asset {
            id
            name
            type
            layer
            contentHash
            ... on Definition {
              version
            }
            container {
              __typename
              ... on ContainerNode {
                id
                name
              }
            }
          }
        }
      }
    }
  }
  ${ASSET_CARD}
`;

export const CARD = /* GraphQL */ `
  query Card($id: ID!) {
    asset(id: $id) {
      ...AssetCard
    }
  }
  ${ASSET_CARD}
`;

const ERROR_FIELDS = /* GraphQL */ `
  fragment ErrorFields on Error {
    __typename
    code
    message
  }

  fragment ForbiddenFields on ForbiddenError {
    action
    role
    required
  }
`;

export const TRANSITION = /* GraphQL */ `
  mutation Transition($id: ID!, $to: State!, $force: Boolean!) {
    transitionState(id: $id, to: $to, force: $force) {
      __typename
      ... on AssetPayload {
        asset {
          ...AssetCard
        }
      }
      ... on Error {
        ...ErrorFields
      }
      ... on ForbiddenError {
        ...ForbiddenFields
      }
      ... on InvalidTransitionError {
        fromState
        toState
        allowed
        needsForce
      }
      ... on DriftedInputsError {
        drifted {
          inputId
          role
          snapshotHash
          currentHash
        }
      }
    }
  }
  ${ASSET_CARD}
  ${ERROR_FIELDS}
`;

const DELETE_REPORT = /* GraphQL */ `
  fragment Affected on AffectedAsset {
    id
    type
    origin
    name
    version
    container {
      id
      kind
      name
    }
  }

  fragment DeleteReportFields on DeleteReport {
    dryRun
    deleted {
      ...Affected
    }
    deletedContainers {
      id
      kind
      name
    }
    moved {
      ...Affected
    }
    unlocked {
      ...Affected
    }
    nowDeletable {
      ...Affected
    }
  }

  fragment NotDeletableFields on NotDeletableError {
    blockers {
      dependentId
      dependentType
      edge
      binding
    }
  }
  ${ERROR_FIELDS}
`;

export const DELETE_DRY_RUN = /* GraphQL */ `
  mutation DeleteDryRun($id: ID!) {
    deleteAsset(id: $id, dryRun: true) {
      __typename
      ...DeleteReportFields
      ... on Error {
        ...ErrorFields
      }
      ... on ForbiddenError {
        ...ForbiddenFields
      }
      ...NotDeletableFields
    }
  }
  ${DELETE_REPORT}
`;

export const TASK_DELETE_DRY_RUN = /* GraphQL */ `
  mutation TaskDeleteDryRun($id: ID!, $mode: TaskDeleteMode!) {
    deleteTask(id: $id, mode: $mode, dryRun: true) {
      __typename
      ...DeleteReportFields
      ... on Error {
        ...ErrorFields
      }
      ... on ForbiddenError {
        ...ForbiddenFields
      }
      ...NotDeletableFields
    }
  }
  ${DELETE_REPORT}
`;

export const GALLERY = /* GraphQL */ `
  query Gallery($id: ID!, $first: Int!) {
    project(id: $id) {
      id
      name
      gallery(first: $first) {
        totalCount
        edges {
          node {
            ...AssetCard
          }
        }
      }
    }
  }
  ${ASSET_CARD}
`;

export const HISTORY = /* GraphQL */ `
  query History($id: ID!, $first: Int!, $after: String) {
    history(assetId: $id, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        userId
        userName
        operation
        summary
        changes {
          id
          action
          stateBefore
          stateAfter
          fields {
            path
            before
            after
          }
        }
      }
    }
  }
`;

export const LINEAGE_AS_OF = /* GraphQL */ `
  query LineageAsOf($id: ID!, $at: DateTime!, $depth: Int!, $maxNodes: Int!) {
    lineageAsOf(assetId: $id, at: $at, depth: $depth, maxNodes: $maxNodes) {
      asOf
      truncated
      deletedWithoutEdges
      historyStartsAt
      nodes {
        id
        type
        name
        version
        layer
        origin
        state
        containerId
        container {
          __typename
          ... on ContainerNode {
            id
            name
          }
        }
        contentHash
        deletedSince
        depth
        direction
        asset {
          ...AssetCard
        }
      }
      edges {
        from
        to
        type
        role
        snapshotHash
      }
    }
  }
  ${ASSET_CARD}
`;

export const RENDER_DIFF_INPUT = /* GraphQL */ `
  fragment RenderDiffInputFacts on RenderDiffInput {
    role
    lineId
    version
    contentHash
    asset {
      id
      name
      type
    }
  }
`;

export const RENDER_DIFF = /* GraphQL */ `
  query RenderDiff($left: ID!, $right: ID!) {
    renderDiff(left: $left, right: $right) {
      summary
      same
      left {
        id
        name
      }
      right {
        id
        name
      }
      added {
        ...RenderDiffInputFacts
      }
      removed {
        ...RenderDiffInputFacts
      }
      unchanged {
        ...RenderDiffInputFacts
      }
      changed {
        differences
        before {
          ...RenderDiffInputFacts
        }
        after {
          ...RenderDiffInputFacts
        }
        fields {
          path
          old
          new
        }
      }
      prompt {
        before
        after
      }
      model {
        before
        after
      }
      parameters {
        path
        old
        new
      }
    }
  }
  ${RENDER_DIFF_INPUT}
`;

const TRASH_ITEM = /* GraphQL */ `
  fragment TrashItemFields on TrashItem {
    id
    kind
    rootId
    rootName
    assetType
    deletedAt
    deletedBy
    expiresAt
    assetCount
  }
`;

export const TRASH = /* GraphQL */ `
  query Trash($id: ID!, $first: Int!, $after: String) {
    space(id: $id) {
      id
      trash(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...TrashItemFields
        }
      }
    }
  }
  ${TRASH_ITEM}
`;

export const RESTORE = /* GraphQL */ `
  mutation Restore($id: ID!) {
    restoreFromTrash(id: $id) {
      __typename
      ... on RestorePayload {
        item {
          ...TrashItemFields
        }
        assetIds
      }
      ... on Error {
        ...ErrorFields
      }
      ... on ForbiddenError {
        ...ForbiddenFields
      }
      ... on RestoreRefusedError {
        problems {
          reason
          detail
          trashItemId
        }
      }
    }
  }
  ${TRASH_ITEM}
  ${ERROR_FIELDS}
`;

export const LATEST_ACTIVITY = /* GraphQL */ `
  query LatestActivity($id: ID!) {
    space(id: $id) {
      id
      activity(first: 1) {
        edges {
          cursor
        }
      }
    }
  }
`;

export const SPACE_ACTIVITY = /* GraphQL */ `
  subscription SpaceActivity($spaceId: ID!, $after: String) {
    spaceActivity(spaceId: $spaceId, after: $after) {
      id
      at
      userId
      userName
      operation
      summary
      assetIds
    }
  }
`;
