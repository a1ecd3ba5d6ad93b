import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `key` (e.g. the cohort id); `reload` fetches again. Late answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, key: unknown): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (e: unknown) =>
        current &&
        setState({ data: null, error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
