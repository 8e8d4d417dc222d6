// Field changes (path: before → after), as the update, drift and history sections show them.

export function Changes(props: { changes: { path: string; old: unknown; new: unknown }[] }) {
  if (props.changes.length === 0) return null;
  return (
    <ul class="changes">
      {props.changes.map((c) => (
        <li key={c.path}>
          <code>{c.path}</code>: <del>{short(c.old)}</del> → <ins>{short(c.new)}</ins>
        </li>
      ))}
    </ul>
  );
}

function short(value: unknown): string {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
