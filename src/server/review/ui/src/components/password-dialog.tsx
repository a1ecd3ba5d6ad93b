import { useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAnnounce } from './announce.js';

/**
 * Changing one's own password, in a native modal <dialog>: the browser makes the rest of the page
 * inert (focus stays inside) and Escape closes it; focus returns to the button that opened it.
 */
export function PasswordDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState('');
  const announce = useAnnounce();

  const close = (): void => {
    dialog.current?.close();
    setCurrent('');
    setNext('');
    setError('');
    opener.current?.focus();
  };
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (next.length < 12) return setError('The new password needs at least 12 characters.');
    try {
      await api.changePassword(current, next);
      close();
      announce('Password changed.');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <button type="button" class="quiet" ref={opener} onClick={() => dialog.current?.showModal()}>
        Password
      </button>
      <dialog ref={dialog} aria-labelledby="password-title" onClose={close}>
        <form onSubmit={submit}>
          <h2 id="password-title">Change your password</h2>
          <div class="field">
            <label for="pw-current">Current password</label>
            <input
              id="pw-current"
              type="password"
              autocomplete="current-password"
              required
              value={current}
              onInput={(e) => setCurrent(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="pw-next">New password (at least 12 characters)</label>
            <input
              id="pw-next"
              type="password"
              autocomplete="new-password"
              required
              minLength={12}
              value={next}
              onInput={(e) => setNext(e.currentTarget.value)}
            />
          </div>
          <p class="form-error" role="alert">
            {error}
          </p>
          <div class="actions">
            <button type="submit" class="primary">
              Change password
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
