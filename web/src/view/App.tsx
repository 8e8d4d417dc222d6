// The explorer page: sign-in, toolbar, asset search, the lineage drawing and the side panel.
// The address bar holds the opened asset, the selection and the depth (model/route.ts).

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { GraphQLClient, SignInRequired } from "../api/client";
import {
  fetchCards,
  fetchLineage,
  fetchNeighbours,
  signIn,
  type Space,
} from "../api/queries";
import { fetchLineageAsOf, type PastView } from "../api/asOf";
import { readToken, TOKEN_KEY } from "../api/token";
import type { AssetCard, AssetType, DeleteReport, Direction } from "../api/types";
import {
  collapse,
  hiddenCount,
  lockPath,
  mergeLineage,
  mergeNeighbours,
  modelFromLineage,
  moreId,
  neighbours,
  pathToOrigin,
  summary,
  updateCard,
  visibleGraph,
  type GraphModel,
  type MorePage,
} from "../model/graph";
import {
  clampDepth,
  formatRoute,
  MAX_DEPTH,
  MIN_DEPTH,
  parseRoute,
  selectedId,
  type Route,
} from "../model/route";
import type { GraphCanvas } from "./canvas";
import { GraphPane } from "./GraphPane";
import { AsOfBanner, AsOfControl } from "./AsOfControl";
import { Help } from "./Help";
import { PastPanel } from "./PastPanel";
import { metrics, since } from "./metrics";
import { LiveNotice } from "./LiveNotice";
import { SearchPanel } from "./SearchPanel";
import { SidePanel } from "./SidePanel";
import { SignIn } from "./SignIn";
import { Toolbar } from "./Toolbar";

export function App() {
  const [token, setToken] = useState<string | null>(readToken);
  const client = useMemo(() => (token ? new GraphQLClient(token) : null), [token]);
  const [me, setMe] = useState<{ id: string; name: string; spaces: Space[] } | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);

  const [route, setRoute] = useState<Route>(() => parseRoute(location.search));
  const [model, setModel] = useState<GraphModel | null>(null);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hiddenTypes, setHiddenTypes] = useState<ReadonlySet<AssetType>>(new Set());
  const [frozen, setFrozen] = useState(false);
  const [reasonPath, setReasonPath] = useState<string[] | null>(null);
  const [dryRun, setDryRun] = useState<DeleteReport | null>(null);
  const [showSearch, setShowSearch] = useState(route.asset === null);
  const [showHelp, setShowHelp] = useState(false);
  const [detailsVersion, setDetailsVersion] = useState(0);
  /** The past view for `pastKey`; "missing" when the asset did not exist then. */
  const [past, setPast] = useState<{ key: string; view: PastView | "missing" } | null>(null);
  const canvas = useRef<GraphCanvas | null>(null);
  const searchInput = useRef<HTMLInputElement | null>(null);

  const selected = selectedId(route);

  // --- sign-in -------------------------------------------------------------------------
  const signOut = useCallback((message: string | null = null) => {
    try {
      localStorage.removeItem(TOKEN_KEY);
    } catch {
      /* storage unavailable: nothing kept */
    }
    setToken(null);
    setMe(null);
    setModel(null);
    setLoadedKey(null);
    setSignInError(message);
  }, []);

  const fail = useCallback(
    (err: unknown) => {
      if (err instanceof SignInRequired) signOut(err.message);
      else setError(err instanceof Error ? err.message : String(err));
    },
    [signOut],
  );

  useEffect(() => {
    if (!client) return;
    let live = true;
    signIn(client)
      .then((answer) => live && setMe(answer))
      .catch((err) => live && fail(err));
    return () => {
      live = false;
    };
  }, [client, fail]);

  const submitToken = useCallback((value: string) => {
    try {
      localStorage.setItem(TOKEN_KEY, value);
    } catch {
      /* kept for this page only */
    }
    setSignInError(null);
    setToken(value);
  }, []);

  // --- the address bar -----------------------------------------------------------------
  const navigate = useCallback((next: Route, replace = false) => {
    const address = `${location.pathname}${formatRoute(next)}`;
    if (replace) history.replaceState(null, "", address);
    else if (address !== `${location.pathname}${location.search}`) history.pushState(null, "", address);
    setRoute(next);
  }, []);

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.search));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  const spaceId = route.space ?? model?.nodes.get(model.rootId)?.card.spaceId ?? me?.spaces[0]?.id ?? null;

  // --- loading the lineage of the opened asset -----------------------------------------
  const key = route.asset ? `${route.asset}@${route.depth}` : null;
  useEffect(() => {
    if (!client || !me || !route.asset || route.at || key === loadedKey) return;
    let live = true;
    const id = route.asset;
    setBusy("Loading lineage…");
    setError(null);
    setDryRun(null);
    setReasonPath(null);
    const started = performance.now();
    fetchLineage(client, id, route.depth)
      .then((answer) => {
        if (!live) return;
        metrics.fetches.push({ what: `lineage depth ${route.depth}`, ms: since(started), nodes: answer?.lineage.nodes.length ?? 0 });
        if (!answer) {
          setModel(null);
          setError(`No asset ${id} that you may see.`);
        } else {
          setModel(modelFromLineage(answer.root.id, answer.lineage));
          if (!route.space || route.space !== answer.root.spaceId) {
            navigate({ ...route, space: answer.root.spaceId }, true);
          }
        }
        setLoadedKey(key);
      })
      .catch((err) => live && fail(err))
      .finally(() => live && setBusy(null));
    return () => {
      live = false;
    };
  }, [client, me, key, loadedKey, route, navigate, fail]);

  // --- the lineage as of an instant (read-only) ----------------------------------------
  const pastKey = route.asset && route.at ? `${route.asset}@${route.depth}@${route.at}` : null;
  useEffect(() => {
    if (!client || !me || !route.asset || !route.at || !pastKey || past?.key === pastKey) return;
    let live = true;
    setBusy("Loading the lineage as it stood then…");
    setError(null);
    setDryRun(null);
    setReasonPath(null);
    fetchLineageAsOf(client, route.asset, route.at, route.depth, route.space)
      .then((view) => live && setPast({ key: pastKey, view: view ?? "missing" }))
      .catch((err) => live && fail(err))
      .finally(() => live && setBusy(null));
    return () => {
      live = false;
    };
  }, [client, me, pastKey, past, route, fail]);

  /** Read the drawing and the side panel again (others changed the space). */
  const refresh = useCallback(() => {
    setLoadedKey(null);
    setPast(null);
    setDetailsVersion((v) => v + 1);
  }, []);

  const setAt = useCallback(
    (at: string | null) => {
      if (!route.asset) return;
      navigate({ ...route, at });
    },
    [route, navigate],
  );

  // --- actions on the graph ------------------------------------------------------------
  const select = useCallback(
    (id: string | null) => {
      if (!route.asset) return;
      setDryRun(null);
      setReasonPath(null);
      navigate({ ...route, select: id && id !== route.asset ? id : null });
    },
    [route, navigate],
  );

  const open = useCallback(
    (id: string, depth = route.depth) => {
      setShowSearch(false);
      navigate({ ...route, asset: id, select: null, depth: clampDepth(depth) });
    },
    [route, navigate],
  );

  const setDepth = useCallback(
    (depth: number) => {
      if (!route.asset) return;
      navigate({ ...route, depth: clampDepth(depth) });
    },
    [route, navigate],
  );

  const run = useCallback(
    async (label: string, work: () => Promise<void>) => {
      setBusy(label);
      setError(null);
      try {
        await work();
      } catch (err) {
        fail(err);
      } finally {
        setBusy(null);
      }
    },
    [fail],
  );

  const expand = useCallback(
    (id: string, only?: Direction) => {
      if (!client || !model) return;
      const node = model.nodes.get(id);
      if (!node) return;
      void run("Expanding…", async () => {
        let next = model;
        for (const direction of ["UPSTREAM", "DOWNSTREAM"] as const) {
          if (only && direction !== only) continue;
          const pending = next.more.get(moreId(id, direction));
          const total =
            direction === "UPSTREAM" ? node.card.dependencyTotal : node.card.dependentTotal;
          if (total === 0) continue;
          if (!pending && node.expanded.includes(direction) && hiddenCount(next, id, direction) === 0) {
            continue;
          }
          const page = await fetchNeighbours(client, id, direction, pending?.cursor ?? null);
          next = mergeNeighbours(next, page);
        }
        setModel(next);
      });
    },
    [client, model, run],
  );

  const more = useCallback(
    (page: MorePage) => {
      if (!client || !model) return;
      void run("Loading more…", async () => {
        const answer = await fetchNeighbours(client, page.centerId, page.direction, page.cursor);
        setModel((current) => (current ? mergeNeighbours(current, answer) : current));
      });
    },
    [client, model, run],
  );

  const collapseNode = useCallback(
    (id: string) => setModel((current) => (current ? collapse(current, id) : current)),
    [],
  );

  const traceOrigin = useCallback(
    (id: string) => {
      if (!client || !model) return;
      void run("Tracing to the space…", async () => {
        const answer = await fetchLineage(client, id, MAX_DEPTH, 300, "UPSTREAM");
        if (answer) setModel((current) => (current ? mergeLineage(current, answer.lineage) : current));
      });
    },
    [client, model, run],
  );

  /** Show a lock reason's path in the graph, loading the assets on it first if needed. */
  const showPath = useCallback(
    (assetId: string, path: string[] | null) => {
      setReasonPath(path);
      if (!client || !model || !path) return;
      if (path.every((id) => model.nodes.has(id))) return;
      void run("Loading the path…", async () => {
        const answer = await fetchLineage(client, assetId, Math.min(MAX_DEPTH, path.length), 400, "DOWNSTREAM");
        if (!answer) return;
        const onPath = new Set(path);
        const lineage = {
          ...answer.lineage,
          nodes: answer.lineage.nodes.filter((n) => onPath.has(n.asset.id)),
          edges: answer.lineage.edges.filter((e) => onPath.has(e.from) && onPath.has(e.to)),
        };
        setModel((current) => (current ? mergeLineage(current, lineage) : current));
      });
    },
    [client, model, run],
  );

  /** After a transition: the asset's card, and its neighbours' (locks may have changed). */
  const cardChanged = useCallback(
    (card: AssetCard) => {
      setModel((current) => (current ? updateCard(current, card) : current));
      setDetailsVersion((v) => v + 1);
      if (!client || !model) return;
      const around = [
        card.id,
        ...neighbours(model, card.id, "UPSTREAM"),
        ...neighbours(model, card.id, "DOWNSTREAM"),
      ];
      fetchCards(client, around)
        .then((cards) =>
          setModel((current) => cards.reduce((m, c) => (m ? updateCard(m, c) : m), current)),
        )
        .catch(fail);
    },
    [client, model, fail],
  );

  // --- what the drawing shows ----------------------------------------------------------
  const pastView = route.at && past?.key === pastKey && past.view !== "missing" ? past.view : null;
  const drawnModel = route.at ? (pastView?.model ?? null) : model;
  const visible = useMemo(
    () => (drawnModel ? visibleGraph(drawnModel, hiddenTypes) : null),
    [drawnModel, hiddenTypes],
  );
  const highlights = useMemo(
    () => ({
      origin: drawnModel && selected && drawnModel.nodes.has(selected) ? pathToOrigin(drawnModel, selected) : null,
      reason: model && reasonPath ? lockPath(model, reasonPath) : null,
      dryRun: dryRun
        ? {
            deleted: new Set(dryRun.deleted.map((a) => a.id)),
            moved: new Set(dryRun.moved.map((a) => a.id)),
            unlocked: new Set([...dryRun.unlocked, ...dryRun.nowDeletable].map((a) => a.id)),
          }
        : null,
    }),
    [drawnModel, model, selected, reasonPath, dryRun],
  );

  // --- keyboard ------------------------------------------------------------------------
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/") {
        event.preventDefault();
        setShowSearch(true);
        setTimeout(() => searchInput.current?.focus(), 0);
      } else if (event.key === "?") {
        setShowHelp((v) => !v);
      } else if (event.key === "Escape") {
        setShowHelp(false);
        setDryRun(null);
        setReasonPath(null);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  const onGraphKey = useCallback(
    (event: KeyboardEvent) => {
      const key = event.key;
      if (route.at && selected) {
        // The past is read-only: move between assets, fit, nothing that loads or edits.
        if (key.startsWith("Arrow")) {
          const next = canvas.current?.nextWithKey(selected, key as "ArrowLeft");
          event.preventDefault();
          if (next && !next.startsWith("more:")) select(next);
        } else if (key === "f") canvas.current?.fit();
        return;
      }
      if (!model || !selected) return;
      if (key === "ArrowLeft" || key === "ArrowRight" || key === "ArrowUp" || key === "ArrowDown") {
        const next = canvas.current?.nextWithKey(selected, key);
        event.preventDefault();
        if (next && !next.startsWith("more:")) select(next);
        else if (next) {
          const page = model.more.get(next);
          if (page) more(page);
        }
      } else if (key === "Enter" || key === "e") {
        event.preventDefault();
        expand(selected);
      } else if (key === "c") collapseNode(selected);
      else if (key === "o") open(selected);
      else if (key === "f") canvas.current?.fit();
      else if (key === "x") setFrozen((v) => !v);
      else if (key === "t") traceOrigin(selected);
      else if (key === "+" || key === "=") setDepth(route.depth + 1);
      else if (key === "-") setDepth(route.depth - 1);
      else if (key === "Home") select(model.rootId);
    },
    [model, selected, select, more, expand, collapseNode, open, traceOrigin, setDepth, route.depth, route.at],
  );

  // --- page ----------------------------------------------------------------------------
  if (!token || !client) return <SignIn onSubmit={submitToken} error={signInError} />;
  if (!me) {
    return (
      <div class="splash" role="status">
        {error ? <p class="error">{error}</p> : <p>Signing in…</p>}
      </div>
    );
  }

  // Back to "no asset": nothing is drawn until one is opened again.
  const shown = route.asset ? drawnModel : null;
  const counts = shown ? summary(shown) : null;
  const root = shown?.nodes.get(shown.rootId)?.card ?? null;
  return (
    <div class="app">
      <Toolbar
        userName={me.name}
        spaces={me.spaces}
        spaceId={spaceId}
        onSpace={(id) => {
          setShowSearch(true);
          navigate({ space: id, asset: null, select: null, depth: route.depth, at: null });
          setModel(null);
          setLoadedKey(null);
        }}
        depth={route.depth}
        minDepth={MIN_DEPTH}
        maxDepth={MAX_DEPTH}
        onDepth={setDepth}
        hasAsset={route.asset !== null}
        hiddenTypes={hiddenTypes}
        onHiddenTypes={setHiddenTypes}
        frozen={frozen}
        onFrozen={setFrozen}
        onFit={() => canvas.current?.fit()}
        onZoom={(f) => canvas.current?.zoomBy(f)}
        showSearch={showSearch}
        onToggleSearch={() => setShowSearch((v) => !v)}
        onHelp={() => setShowHelp(true)}
        onSignOut={() => signOut()}
      />
      <div class={`main${showSearch ? " with-search" : ""}`}>
        {showSearch && spaceId && (
          <SearchPanel
            client={client}
            spaceId={spaceId}
            inputRef={searchInput}
            currentId={route.asset}
            onOpen={(id) => open(id)}
            onError={fail}
          />
        )}
        <section class="graph-area" aria-label="Lineage graph">
          {client && token && me && spaceId && (
            <LiveNotice client={client} token={token} spaceId={spaceId} myId={me.id} onRefresh={refresh} />
          )}
          <div class="graph-status" role="status" aria-live="polite">
            {root ? (
              <span>
                <strong>{root.name}</strong> · depth {route.depth} · {counts?.nodes} assets ·{" "}
                {counts?.edges} links
                {counts && counts.hidden > 0 ? ` · ${counts.hidden} not loaded` : ""}
                {shown?.truncated ? " · truncated by the server: lower the depth" : ""}
                {frozen ? " · layout frozen" : ""}
              </span>
            ) : route.asset ? (
              <span>…</span>
            ) : (
              <span>Pick an asset on the left (press / to search).</span>
            )}
            {busy && <span class="busy"> {busy}</span>}
            {route.asset && <AsOfControl at={route.at} onAt={setAt} />}
          </div>
          {route.at && past?.key === pastKey && (
            <AsOfBanner
              at={route.at}
              missing={past.view === "missing" ? (model?.nodes.get(route.asset ?? "")?.card.name ?? "This asset") : null}
              historyStartsAt={pastView?.historyStartsAt ?? null}
              withoutEdges={pastView?.withoutEdges.length ?? 0}
            />
          )}
          {error && (
            <div class="error banner" role="alert">
              {error}{" "}
              <button type="button" class="link" onClick={() => setError(null)}>
                dismiss
              </button>
            </div>
          )}
          <GraphPane
            model={shown}
            visible={visible}
            frozen={frozen}
            selected={selected}
            highlights={highlights}
            onReady={(c) => {
              canvas.current = c;
            }}
            onSelect={select}
            onExpand={(id) => !route.at && expand(id)}
            onMore={(page) => !route.at && more(page)}
            onBackground={() => setReasonPath(null)}
            onKey={onGraphKey}
          />
          <Legend />
        </section>
        {shown && selected && pastView && (
          <PastPanel
            key={selected}
            model={shown}
            facts={pastView.facts}
            assetId={selected}
            onOpenToday={(id) => navigate({ ...route, asset: id, select: null, at: null })}
          />
        )}
        {shown && selected && !pastView && (
          <SidePanel
            key={selected}
            client={client}
            model={shown}
            assetId={selected}
            version={detailsVersion}
            isRoot={selected === shown.rootId}
            onSelect={select}
            onOpen={(id) => open(id)}
            onExpand={expand}
            onCollapse={collapseNode}
            onTrace={traceOrigin}
            onReasonPath={showPath}
            onDryRun={setDryRun}
            onCardChanged={cardChanged}
            onError={fail}
          />
        )}
      </div>
      {showHelp && <Help onClose={() => setShowHelp(false)} />}
    </div>
  );
}

function Legend() {
  return (
    <div class="legend" aria-label="Legend">
      <span>
        <i class="swatch space" /> Space
      </span>
      <span>
        <i class="swatch project" /> Project
      </span>
      <span>
        <i class="swatch task" /> Task
      </span>
      <span>
        <i class="line solid" /> derives from
      </span>
      <span>
        <i class="line dashed" /> used by render
      </span>
      <span>
        <i class="line gold" /> path to the space origin
      </span>
      <span>dashed border: base clone · +N: links not loaded (double-click to expand)</span>
    </div>
  );
}
