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
          Sign in with an API token. An operator makes one with{" "}
          <code>lineage user create NAME</code> and <code>lineage token create USER_ID</code>.
          You see the spaces you are a member of: the operator makes you one with{" "}
          <code>lineage space create NAME --owner USER_ID</code> or adds you to one with{" "}
          <code>lineage member set SPACE_ID USER_ID --role viewer</code>, or an owner of a space
          invites you (<code>inviteMember</code>, then you <code>acceptInvitation</code>).
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
