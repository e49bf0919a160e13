/** Sign in with an API token; the server keeps it and gives the page a session cookie. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { session, type Session } from '../api/client.js';

export function SignInPage({
  onSignedIn,
  notice,
}: {
  onSignedIn: (s: Session) => void;
  /** Why signing in is asked for again (the session ended while the page was in use). */
  notice?: string;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // The form replaces the page (first load, or a session that ended while it was in use): the
  // keyboard focus goes to the one field it asks for, not back to the top of the document.
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <main id="view" class="signin-wrap">
      <form
        class="card signin"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError('');
          session.signIn(token).then(
            (s) => {
              setToken('');
              onSignedIn(s);
            },
            (err: Error) => {
              setError(err.message);
              setBusy(false);
            },
          );
        }}
      >
        <h1>Sign in</h1>
        {notice && (
          <p class="notice warn" role="alert" id="session-ended">
            {notice}
          </p>
        )}
        <p class="muted">
          Use an API token: the first-start token is <code>token</code> in the data directory's{' '}
          <code>connection.json</code>; make others with <code>takt tokens create</code>.
        </p>
        <div class="field">
          <label for="token">API token</label>
          <input
            ref={field}
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            placeholder="takt_…"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
