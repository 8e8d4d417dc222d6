// The selected asset: fields, render inputs with their snapshot drift, why it is locked,
// delete and task-delete dry runs, lifecycle transitions and the project's gallery.

import { useEffect, useState } from "preact/hooks";
import type { GraphQLClient } from "../api/client";
import {
  deleteDryRun,
  fetchCards,
  fetchDetails,
  fetchGallery,
  taskDeleteDryRun,
  transition,
  type AssetDetails,
  type MutationOutcome,
  type TaskDeleteMode,
} from "../api/queries";
import type {
  AffectedAsset,
  AssetCard,
  DeleteReport,
  Direction,
  DomainError,
  RenderInputInfo,
  State,
} from "../api/types";
import { badgesOf, EXPLAIN, explanationsOf, layerLabel, originLabel, STATE_COLORS, typeLabel } from "../model/badges";
import { hiddenCount, originsOf, type GraphModel } from "../model/graph";
import { Changes } from "./Changes";
import { HistorySection } from "./HistorySection";
import { RenderCompare } from "./RenderCompare";

interface Props {
  client: GraphQLClient;
  model: GraphModel;
  assetId: string;
  version: number;
  isRoot: boolean;
  onSelect(id: string): void;
  onOpen(id: string): void;
  onExpand(id: string, direction?: Direction): void;
  onCollapse(id: string): void;
  onTrace(id: string): void;
  onReasonPath(assetId: string, path: string[] | null): void;
  onDryRun(report: DeleteReport | null): void;
  onCardChanged(card: AssetCard): void;
  onError(error: unknown): void;
}

export function SidePanel(p: Props) {
  const [details, setDetails] = useState<AssetDetails | null>(null);
  const [missing, setMissing] = useState(false);
  const [names, setNames] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    let live = true;
    fetchDetails(p.client, p.assetId)
      .then((answer) => {
        if (!live) return;
        setDetails(answer);
        setMissing(answer === null);
      })
      .catch((err) => live && p.onError(err));
    return () => {
      live = false;
    };
  }, [p.client, p.assetId, p.version]);

  /** Names for ids (from the drawing, else asked once). */
  const nameOf = (id: string): string =>
    p.model.nodes.get(id)?.card.name ?? names.get(id) ?? id.slice(0, 8);
  const learnNames = (ids: string[]) => {
    const unknown = ids.filter((id) => !p.model.nodes.has(id) && !names.has(id));
    if (unknown.length === 0) return;
    fetchCards(p.client, unknown)
      .then((cards) =>
        setNames((current) => {
          const next = new Map(current);
          for (const card of cards) next.set(card.id, card.name);
          return next;
        }),
      )
      .catch(p.onError);
  };

  useEffect(() => {
    if (!details) return;
    learnNames(details.reasons.flatMap((r) => r.path));
  }, [details]);

  if (missing) {
    return (
      <aside class="panel" aria-label="Selected asset">
        <p class="error">This asset is gone or not visible to you.</p>
      </aside>
    );
  }
  const card = details?.card ?? p.model.nodes.get(p.assetId)?.card;
  if (!card) {
    return (
      <aside class="panel" aria-label="Selected asset">
        <p>Loading…</p>
      </aside>
    );
  }
  const isRender = card.kind === "Render";
  const hidden = hiddenCount(p.model, card.id);
  const origins = originsOf(p.model, card.id);
  return (
    <aside class="panel" aria-label="Selected asset" data-asset-id={card.id}>
      <header class="panel-head">
        {card.thumbnailUrl && <img class="preview" src={card.thumbnailUrl} alt={`File of ${card.name}`} />}
        <h2 data-testid="panel-title">{card.name}</h2>
        <p class="sub">
          {typeLabel(card)} · {layerLabel(card.layer)} {originLabel(card.origin, isRender)}
          {card.version ? ` · v${card.version}` : ""}
        </p>
        <ul class="badges" aria-label="Badges">
          {badgesOf(card).map((b) => (
            <li key={b.kind} class={`badge badge-${b.kind}`} style={{ background: b.color }} title={b.title} data-badge={b.kind}>
              {b.text}
            </li>
          ))}
        </ul>
        {details && (
          <p class="container">
            in {details.container.kind.toLowerCase()} <strong>{details.container.name}</strong>
          </p>
        )}
        {explanationsOf(card).length > 0 && (
          <ul class="explain" data-testid="explain" aria-label="What this means">
            {explanationsOf(card).map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}
      </header>

      <div class="actions" role="group" aria-label="Graph actions">
        {!p.isRoot && (
          <button type="button" onClick={() => p.onOpen(card.id)} title="Open as the root (o)">
            Open as root
          </button>
        )}
        <button type="button" onClick={() => p.onExpand(card.id)} title="Expand (Enter)">
          Expand{hidden > 0 ? ` (+${hidden})` : ""}
        </button>
        <button type="button" onClick={() => p.onCollapse(card.id)} title="Collapse (c)">
          Collapse
        </button>
        <button type="button" onClick={() => p.onTrace(card.id)} title="Trace to the space (t)">
          Trace to space
        </button>
      </div>
      {origins.length > 0 && (
        <p class="origin-note">
          <i class="line gold" /> Space origin:{" "}
          {origins.map((id, i) => (
            <span key={id}>
              {i > 0 ? ", " : ""}
              <button type="button" class="link" onClick={() => p.onSelect(id)}>
                {nameOf(id)}
              </button>
            </span>
          ))}
        </p>
      )}

      <Transitions {...p} card={card} />

      {details?.updates && details.updates.behind > 0 && (
        <section aria-label="Updates">
          <h3>Newer version</h3>
          <p title={EXPLAIN.behind}>
            {details.updates.behind} version{details.updates.behind === 1 ? "" : "s"} behind: the space original it
            was copied from has {details.updates.behind === 1 ? "a newer published version" : `${details.updates.behind} newer published versions`}
            {details.updates.newest ? (
              <>
                {": "}
                <button type="button" class="link" onClick={() => p.onOpen(details.updates!.newest!.id)}>
                  {details.updates.newest.name}
                  {details.updates.newest.version ? ` v${details.updates.newest.version}` : ""}
                </button>
              </>
            ) : null}
          </p>
          <Changes changes={details.updates.changes} />
        </section>
      )}

      {details && details.versions.length > 1 && (
        <section aria-label="Versions">
          <h3>Versions</h3>
          <ol class="versions">
            {details.versions.map((v) => (
              <li key={v.id}>
                <button type="button" class="link" onClick={() => p.onOpen(v.id)}>
                  {v.name} {v.version ? `v${v.version}` : ""}
                </button>{" "}
                <span class="muted">{v.state.toLowerCase()}</span>
              </li>
            ))}
          </ol>
        </section>
      )}

      {details?.render && (
        <section aria-label="Inputs" data-testid="inputs">
          <h3>Inputs</h3>
          <ul class="inputs">
            {details.render.inputs.map((input) => (
              <li key={`${input.asset.id}:${input.role}`}>
                <button type="button" class="link" onClick={() => p.onSelect(input.asset.id)}>
                  {input.asset.name}
                </button>{" "}
                <span class="muted">
                  {input.role.toLowerCase()} · {inputWhere(input.asset)}
                </span>
                {input.drift.length === 0 ? (
                  <span class="drift ok" title={`${EXPLAIN.snapshot} Snapshot ${input.contentHash.slice(0, 12)}.`}>
                    {" "}
                    unchanged since the render was made (snapshot matches)
                  </span>
                ) : (
                  <div class="drift changed" title={EXPLAIN.drift}>
                    changed since the render was made (drifted):
                    <Changes changes={input.drift} />
                  </div>
                )}
                {input.repointedFrom && (
                  <div class="muted">was task clone {input.repointedFrom.slice(0, 8)} (task deleted)</div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {isRender && (
        <RenderCompare client={p.client} model={p.model} renderId={card.id} onSelect={p.onSelect} onError={p.onError} />
      )}

      {details && (details.reasons.length > 0 || card.locked || card.immutable) && (
        <section aria-label="Why locked" data-testid="why-locked">
          <h3>{card.locked ? "Why locked" : "Why immutable"}</h3>
          {details.reasons.length === 0 ? (
            <p class="muted">No reasons given.</p>
          ) : (
            <ul class="reasons">
              {details.reasons.map((reason, i) => (
                <li
                  key={i}
                  tabIndex={0}
                  data-reason-kind={reason.kind}
                  onMouseEnter={() => p.onReasonPath(card.id, reason.path.length ? reason.path : [card.id])}
                  onMouseLeave={() => p.onReasonPath(card.id, null)}
                  onFocus={() => p.onReasonPath(card.id, reason.path.length ? reason.path : [card.id])}
                  onBlur={() => p.onReasonPath(card.id, null)}
                >
                  <strong>{reasonText(reason.kind)}</strong>
                  {reason.dependentId && (
                    <>
                      {": "}
                      <button type="button" class="link" onClick={() => p.onSelect(reason.dependentId!)}>
                        {nameOf(reason.dependentId)}
                      </button>
                      {reason.dependentType ? <span class="muted"> ({reason.dependentType.toLowerCase()})</span> : null}
                    </>
                  )}
                  {reason.path.length > 1 && (
                    <div class="path muted">{reason.path.map(nameOf).join(" → ")}</div>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p class="hint muted">Hover a reason to see its path in the drawing.</p>
        </section>
      )}

      <DeleteSection {...p} card={card} details={details} nameOf={nameOf} learnNames={learnNames} />

      {details && <Fields details={details} />}

      <HistorySection client={p.client} assetId={card.id} version={p.version} onError={p.onError} />

      {card.projectId && <Gallery {...p} projectId={card.projectId} />}
    </aside>
  );
}

function reasonText(kind: string): string {
  switch (kind) {
    case "BASE_CLONE":
      return "Base clone: a read-only copy that follows its source";
    case "RENDER":
      return "A render: its inputs and file never change";
    case "DERIVED":
      return "Cloned or versioned by";
    case "USED":
      return "Used by render";
    default:
      return kind.toLowerCase();
  }
}

/** An input's version and container, so same-named clones are told apart. */
function inputWhere(asset: RenderInputInfo["asset"]): string {
  const parts: string[] = [];
  if (asset.version) parts.push(`v${asset.version}`);
  parts.push(asset.container ? `in ${asset.layer.toLowerCase()} ${asset.container.name}` : layerLabel(asset.layer));
  return parts.join(" · ");
}

/** What a move means, in plain words, for the confirmation a person answers first. */
const TRANSITION_EFFECTS: Partial<Record<State, string>> = {
  CANONICAL: "It becomes the version to use: projects can import it.",
  APPROVED: "It counts as a finished result; a space render can then be imported into projects.",
  DEPRECATED: "No new work can start from it; what already uses it keeps working.",
  ARCHIVED: "It is put away: no new work can start from it.",
  DISCARDED: "It is set aside as a failed try: no new work can start from it.",
  EXPERIMENTAL: "It is marked as an experiment, not for use in projects.",
  DRAFT: "It goes back to being worked on.",
};

function Transitions(p: Props & { card: AssetCard }) {
  const [asked, setAsked] = useState<State | null>(null);
  const [pending, setPending] = useState<State | null>(null);
  const [refusal, setRefusal] = useState<DomainError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (to: State, force = false) => {
    setAsked(null);
    setPending(to);
    setRefusal(null);
    setDone(null);
    transition(p.client, p.card.id, to, force)
      .then((outcome) => {
        if (outcome.ok) {
          setDone(`Now ${outcome.value.state.toLowerCase()}.`);
          p.onCardChanged(outcome.value);
        } else {
          setRefusal(outcome.error);
        }
      })
      .catch(p.onError)
      .finally(() => setPending(null));
  };
  const allowed = p.card.allowedTransitions;
  return (
    <section aria-label="Lifecycle">
      <h3>Lifecycle</h3>
      <p>
        State{" "}
        <span class="badge" style={{ background: STATE_COLORS[p.card.state] }} data-testid="state">
          {p.card.state.toLowerCase()}
        </span>
      </p>
      {allowed.length === 0 ? (
        <p class="muted">No transitions for this asset.</p>
      ) : (
        <div class="transitions" role="group" aria-label="Transitions">
          {allowed.map((to) => (
            <button
              type="button"
              key={to}
              data-transition={to}
              disabled={pending !== null}
              aria-pressed={asked === to}
              onClick={() => {
                setAsked(to);
                setDone(null);
                setRefusal(null);
              }}
            >
              {pending === to ? "…" : `→ ${to.toLowerCase()}`}
            </button>
          ))}
        </div>
      )}
      {asked && (
        <div class="confirm" role="alertdialog" aria-label="Confirm the move" data-testid="confirm-transition">
          <p>
            Move <strong>{p.card.name}</strong> from {p.card.state.toLowerCase()} to {asked.toLowerCase()}?{" "}
            {TRANSITION_EFFECTS[asked]}
          </p>
          <button type="button" onClick={() => run(asked)}>
            Move to {asked.toLowerCase()}
          </button>{" "}
          <button type="button" class="link" onClick={() => setAsked(null)}>
            Cancel
          </button>
        </div>
      )}
      {done && <p class="ok" role="status">{done}</p>}
      {refusal && (
        <div class="error" role="alert">
          <p>{refusal.message}</p>
          {Array.isArray(refusal.drifted) && (
            <ul>
              {(refusal.drifted as { inputId: string; role: string }[]).map((d) => (
                <li key={d.inputId}>
                  {d.role.toLowerCase()} input {d.inputId.slice(0, 8)} changed since the snapshot
                </li>
              ))}
            </ul>
          )}
          {refusal.needsForce === true && (
            <button type="button" onClick={() => run(String(refusal.toState ?? "ARCHIVED") as State, true)}>
              Force it
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** A line of a delete report: a name, and where it is when names alone are ambiguous. */
interface Named {
  id: string;
  name: string;
  where?: string;
}

/** An asset a report names: its name and version, then its type, what kind of copy it is
 * and its container (a clone has its source's name: these tell the two apart). */
function affected(a: AffectedAsset): Named {
  const kind = `${typeLabel(a).toLowerCase()}, ${originLabel(a.origin, a.type === "RENDER")}`;
  const where = `${kind} in ${a.container.kind.toLowerCase()} ${a.container.name}`;
  return { id: a.id, name: a.version ? `${a.name} v${a.version}` : a.name, where };
}

function DeleteSection(
  p: Props & {
    card: AssetCard;
    details: AssetDetails | null;
    nameOf(id: string): string;
    learnNames(ids: string[]): void;
  },
) {
  const [report, setReport] = useState<{ title: string; outcome: MutationOutcome<DeleteReport> } | null>(null);
  const [mode, setMode] = useState<TaskDeleteMode>("KEEP_RENDERS");
  const [busy, setBusy] = useState(false);
  const show = (title: string, outcome: MutationOutcome<DeleteReport>) => {
    // A task delete names the task it would delete: say which, by name.
    const task = outcome.ok ? outcome.value.deletedContainers.find((c) => c.kind === "TASK") : undefined;
    setReport({ title: task ? `Deleting task “${task.name}”` : title, outcome });
    if (outcome.ok) {
      p.onDryRun(outcome.value);
    } else {
      p.onDryRun(null);
      const blockers = (outcome.error.blockers as { dependentId: string }[] | undefined) ?? [];
      p.learnNames(blockers.map((b) => b.dependentId));
    }
  };
  const go = (title: string, work: () => Promise<MutationOutcome<DeleteReport>>) => {
    setBusy(true);
    work()
      .then((outcome) => show(title, outcome))
      .catch(p.onError)
      .finally(() => setBusy(false));
  };
  const taskId = p.card.taskId;
  const list = (label: string, items: Named[], cls: string) =>
    items.length > 0 && (
      <div class={cls}>
        <strong>{label}</strong> ({items.length})
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              {p.model.nodes.has(item.id) ? (
                <button type="button" class="link" onClick={() => p.onSelect(item.id)}>
                  {item.name}
                </button>
              ) : (
                item.name
              )}
              {item.where && <span class="muted"> · {item.where}</span>}
            </li>
          ))}
        </ul>
      </div>
    );
  const byId = (ids: string[]): Named[] => ids.map((id) => ({ id, name: p.nameOf(id) }));
  return (
    <section aria-label="Delete (dry run)" data-testid="delete">
      <h3>Delete: dry run</h3>
      <p class="muted">Nothing is deleted here: the service says what a delete would do.</p>
      <div class="transitions">
        <button
          type="button"
          disabled={busy}
          onClick={() => go(`Deleting ${p.card.name}`, () => deleteDryRun(p.client, p.card.id))}
        >
          Dry run: delete asset
        </button>
        {taskId && (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => go("Deleting its task", () => taskDeleteDryRun(p.client, taskId, mode))}
            >
              Dry run: delete task
            </button>
            <select
              aria-label="Task delete mode"
              value={mode}
              onChange={(e) => setMode((e.target as HTMLSelectElement).value as TaskDeleteMode)}
            >
              <option value="KEEP_RENDERS">keep renders</option>
              <option value="DELETE_RENDERS">delete renders</option>
            </select>
          </>
        )}
      </div>
      {report && (
        <div class="report" data-testid="dry-run" role="status">
          <p>
            <strong>{report.title}</strong>{" "}
            {report.outcome.ok ? "would:" : "is refused:"}
          </p>
          {report.outcome.ok ? (
            <>
              <DrawnNote report={report.outcome.value} model={p.model} />
              {list("delete", report.outcome.value.deleted.map(affected), "would-delete")}
              {list(
                "delete the container",
                report.outcome.value.deletedContainers.map((c) => ({ id: c.id, name: `${c.kind.toLowerCase()} ${c.name}` })),
                "would-delete-container",
              )}
              {list("move to the project", report.outcome.value.moved.map(affected), "would-move")}
              {list("unlock", report.outcome.value.unlocked.map(affected), "would-unlock")}
              {list("make deletable", report.outcome.value.nowDeletable.map(affected), "would-free")}
              {report.outcome.value.unlocked.length + report.outcome.value.nowDeletable.length === 0 && (
                <p class="muted">and unlock nothing.</p>
              )}
            </>
          ) : (
            <>
              <p>{report.outcome.error.message}</p>
              {list(
                "blocked by",
                byId(((report.outcome.error.blockers as { dependentId: string }[] | undefined) ?? []).map((b) => b.dependentId)),
                "blockers",
              )}
            </>
          )}
          <button
            type="button"
            class="link"
            onClick={() => {
              setReport(null);
              p.onDryRun(null);
            }}
          >
            Close
          </button>
        </div>
      )}
    </section>
  );
}

/** How the drawing marks a dry run's assets, and how many of them it shows. */
function DrawnNote(props: { report: DeleteReport; model: GraphModel }) {
  const r = props.report;
  const all = [...r.deleted, ...r.moved, ...r.unlocked, ...r.nowDeletable];
  const shown = all.filter((a) => props.model.nodes.has(a.id)).length;
  return (
    <p class="legend-note muted" data-testid="dry-run-drawn">
      In the drawing: <i class="mark deleted" /> would be deleted, <i class="mark moved" /> moved to the project,{" "}
      <i class="mark unlocked" /> unlocked or deletable after; {shown} of {all.length} drawn
      {shown < all.length ? " (open more depth to see the rest)" : ""}.
    </p>
  );
}

function Fields(props: { details: AssetDetails }) {
  const d = props.details;
  const rows: [string, string][] = [];
  if (d.description) rows.push(["description", d.description]);
  if (d.render?.prompt) rows.push(["prompt", d.render.prompt]);
  if (d.render?.model) rows.push(["model", d.render.model]);
  if (d.render?.renderType) rows.push(["render type", d.render.renderType]);
  const task = d.render?.generatedInTask;
  if (task) rows.push(["generated in", `task ${task.name ?? task.id}${task.deleted ? " (deleted; kept in the project)" : ""}`]);
  if (d.card.classification) rows.push(["classification", d.card.classification.toLowerCase()]);
  const json = (value: unknown) =>
    value && typeof value === "object" && Object.keys(value).length > 0 ? JSON.stringify(value, null, 1) : null;
  const fields = json(d.fields);
  if (fields) rows.push(["fields", fields]);
  const parameters = json(d.render?.parameters);
  if (parameters) rows.push(["parameters", parameters]);
  const metadata = json(d.metadata);
  if (metadata) rows.push(["metadata", metadata]);
  rows.push(["id", d.card.id]);
  rows.push(["content hash", d.contentHash.slice(0, 16)]);
  if (d.createdAt) rows.push(["created", d.createdAt.replace("T", " ").slice(0, 19)]);
  if (d.updatedAt) rows.push(["updated", d.updatedAt.replace("T", " ").slice(0, 19)]);
  return (
    <section aria-label="Fields">
      <details open>
        <summary>
          <h3>Fields</h3>
        </summary>
        <dl class="fields">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v.includes("\n") ? <pre>{v}</pre> : v}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}

function Gallery(p: Props & { projectId: string }) {
  const [gallery, setGallery] = useState<{ name: string; items: AssetCard[]; totalCount: number } | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open || gallery) return;
    fetchGallery(p.client, p.projectId).then(setGallery).catch(p.onError);
  }, [open]);
  return (
    <section aria-label="Project gallery" data-testid="gallery">
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          <h3>Project gallery (approved renders)</h3>
        </summary>
        {!gallery ? (
          <p class="muted">Loading…</p>
        ) : gallery.items.length === 0 ? (
          <p class="muted">No approved renders in {gallery.name} yet.</p>
        ) : (
          <ul class="gallery">
            {gallery.items.map((item) => (
              <li key={item.id}>
                <button type="button" onClick={() => p.onOpen(item.id)} title={item.name}>
                  {item.thumbnailUrl ? (
                    <img src={item.thumbnailUrl} alt={item.name} loading="lazy" />
                  ) : (
                    <span class="thumb-placeholder" aria-hidden="true">
                      {(item.classification ?? "render").toLowerCase()}
                    </span>
                  )}
                  <span class="caption">
                    {item.final ? "★ " : ""}
                    {item.name}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {gallery && gallery.totalCount > gallery.items.length && (
          <p class="muted">
            {gallery.items.length} of {gallery.totalCount} shown.
          </p>
        )}
      </details>
    </section>
  );
}
