import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Says something to screen-reader users (and shows it): "Saved 3 records as not realistic". */
export const AnnounceContext = createContext<(message: string) => void>(() => {});

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}

/** The page's one polite live region; it stays in the DOM so that changes are read out. */
export function LiveRegion({ message }: { message: string }) {
  return (
    <div class="live-region" aria-live="polite" aria-atomic="true" role="status">
      {message}
    </div>
  );
}
