// Sign-in: the API token is kept in this browser's local storage until sign-out.

import { useState } from "preact/hooks";

export function SignIn(props: { onSubmit(token: string): void; error: string | null }) {
  const [value, setValue] = useState("");
  return (
    <main class="signin">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) props.onSubmit(value.trim());
        }}
      >
        <h1>Lineage explorer</h1>
        <p>
          Sign in with an API token. Create one with <code>lineage user create NAME</code> and{" "}
          <code>lineage token create USER_ID</code>; a space owner gives you access with{" "}
          <code>lineage member set</code>.
        </p>
        <label>
          API token
          <input
            type="password"
            name="token"
            autoComplete="off"
            autoFocus
            value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)}
          />
        </label>
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
