// "Compare with…" in a render's side panel: pick another render of the drawing and see
// what differs between them (renderDiff): inputs added, removed and changed, the prompt,
// the model and the generation parameters.

import { useEffect, useState } from "preact/hooks";
import type { GraphQLClient } from "../api/client";
import {
  changeLabel,
  fetchRenderDiff,
  fieldLabel,
  inputLabel,
  textChangeLabel,
  type DiffInput,
  type RenderDiff,
} from "../api/renderDiff";
import type { GraphModel } from "../model/graph";

interface Props {
  client: GraphQLClient;
  model: GraphModel;
  renderId: string;
  onSelect(id: string): void;
  onError(error: unknown): void;
}

export function RenderCompare(p: Props) {
  const others = [...p.model.nodes.values()]
    .map((n) => n.card)
    .filter((c) => c.kind === "Render" && c.id !== p.renderId)
    .sort((a, b) => a.name.localeCompare(b.name));
  const [other, setOther] = useState<string>("");
  const [diff, setDiff] = useState<RenderDiff | null | "none">(null);

  useEffect(() => setDiff(null), [p.renderId, other]);

  const compare = () => {
    if (!other) return;
    fetchRenderDiff(p.client, p.renderId, other)
      .then((answer) => setDiff(answer ?? "none"))
      .catch(p.onError);
  };

  return (
    <section aria-label="Compare renders" data-testid="compare">
      <h3>Compare with…</h3>
      {others.length === 0 ? (
        <p class="muted">No other render in the drawing: raise the depth or open an input to find one.</p>
      ) : (
        <div class="compare-pick">
          <select aria-label="Render to compare with" value={other} onChange={(e) => setOther((e.target as HTMLSelectElement).value)}>
            <option value="">Pick a render…</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>{" "}
          <button type="button" disabled={!other} onClick={compare}>
            Compare
          </button>
        </div>
      )}
      {diff === "none" && <p class="error">One of the two is not a render you may see.</p>}
      {diff && diff !== "none" && <DiffView diff={diff} onSelect={p.onSelect} />}
    </section>
  );
}

function DiffView({ diff, onSelect }: { diff: RenderDiff; onSelect(id: string): void }) {
  return (
    <div class="render-diff" data-testid="render-diff">
      <p class="summary" data-testid="diff-summary">
        <strong>{diff.summary}</strong>
      </p>
      {diff.same && <p class="muted">Made alike: the same inputs, prompt, model and parameters.</p>}
      <InputList title="Inputs added" kind="added" inputs={diff.added} onSelect={onSelect} />
      <InputList title="Inputs removed" kind="removed" inputs={diff.removed} onSelect={onSelect} />
      {diff.changed.length > 0 && (
        <div data-testid="diff-changed">
          <h4>Inputs changed</h4>
          <ul>
            {diff.changed.map((change) => (
              <li key={`${change.before.lineId}:${change.before.role}`} data-line={change.before.lineId}>
                {changeLabel(change)}
                {change.fields.length > 0 && (
                  <ul class="fields">
                    {change.fields.map((f) => (
                      <li key={f.path}>{fieldLabel(f)}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {diff.unchanged.length > 0 && (
        <p class="muted">Same in both: {diff.unchanged.map(inputLabel).join(", ")}</p>
      )}
      {diff.prompt && <p data-testid="diff-prompt">Prompt: {textChangeLabel(diff.prompt)}</p>}
      {diff.model && <p data-testid="diff-model">Model: {textChangeLabel(diff.model)}</p>}
      {diff.parameters.length > 0 && (
        <div data-testid="diff-parameters">
          <h4>Parameters changed</h4>
          <ul>
            {diff.parameters.map((f) => (
              <li key={f.path}>{fieldLabel(f)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function InputList(p: { title: string; kind: string; inputs: DiffInput[]; onSelect(id: string): void }) {
  if (p.inputs.length === 0) return null;
  return (
    <div data-testid={`diff-${p.kind}`}>
      <h4>{p.title}</h4>
      <ul>
        {p.inputs.map((input) => (
          <li key={`${input.lineId}:${input.role}`}>
            <button type="button" class="link" onClick={() => p.onSelect(input.asset.id)}>
              {inputLabel(input)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
