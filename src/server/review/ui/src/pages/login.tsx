import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import type { Session } from '../types.js';

/** The sign-in page; a wrong password, a locked-out burst (429) and an unreachable server each say so. */
export function Login({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api.login(name.trim(), password));
    } catch (e) {
      if (e instanceof ApiError && e.status === 429)
        setError('Too many sign-in attempts. Wait a minute, then try again.');
      else if (e instanceof ApiError && e.status === 401) setError('That name and password do not match.');
      else setError(e instanceof Error ? e.message : String(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login-page">
      <form class="card login-card" data-testid="login-form" onSubmit={submit} aria-describedby="login-error">
        <h1>synthcohort review</h1>
        <p class="muted">Sign in to review synthetic patient records.</p>
        <div class="field">
          <label for="login-name">Name</label>
          <input
            id="login-name"
            name="name"
            autocomplete="username"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <div id="login-error" class="form-error" aria-live="assertive" role="alert">
          {error}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
