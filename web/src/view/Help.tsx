// The keyboard shortcuts, and the words the explorer uses, in plain terms.

import { EXPLAIN } from "../model/badges";

const KEYS: [string, string][] = [
  ["/", "search assets"],
  ["← →", "move upstream / downstream"],
  ["↑ ↓", "move within a column"],
  ["Enter or e", "expand the selected asset (again: the next page)"],
  ["c", "collapse the selected asset"],
  ["o", "open the selected asset as the root"],
  ["t", "trace the selected asset back to the space"],
  ["+ / -", "more / less depth"],
  ["f", "fit the drawing"],
  ["x", "freeze / unfreeze the layout"],
  ["Home", "select the opened asset"],
  ["Esc", "clear highlights, close this help"],
  ["?", "this help"],
];

const WORDS: [string, string][] = [
  ["Original", EXPLAIN.original],
  ["Base clone", EXPLAIN.baseClone],
  ["Working clone", EXPLAIN.workingClone],
  ["Variant", EXPLAIN.variant],
  ["Locked", EXPLAIN.locked],
  ["Immutable", EXPLAIN.immutable],
  ["Deletable", EXPLAIN.deletable],
  ["N behind", EXPLAIN.behind],
  ["Snapshot matches", EXPLAIN.snapshot],
  ["Drifted", EXPLAIN.drift],
  ["v1.0.0 · in project …", "Each card shows its version and where it lives (space, project or task): copies keep their source's name, this tells them apart."],
];

export function Help(props: { onClose(): void }) {
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-label="Help: keys and words">
      <div class="dialog">
        <h2>Words used here</h2>
        <p>Hover a card in the drawing, or a badge in the side panel, for the same notes.</p>
        <dl class="words" data-testid="words">
          {WORDS.map(([word, meaning]) => (
            <div key={word}>
              <dt>{word}</dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <h2>Keyboard</h2>
        <p>Click the drawing (or Tab to it) first; the arrow keys then move the selection.</p>
        <table>
          <tbody>
            {KEYS.map(([key, what]) => (
              <tr key={key}>
                <th>
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" class="primary" onClick={props.onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
