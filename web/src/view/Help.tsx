// The keyboard shortcuts.

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

export function Help(props: { onClose(): void }) {
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div class="dialog">
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
