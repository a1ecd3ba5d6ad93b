/**
 * How the long-running commands (hub start, node) stop: on SIGINT or SIGTERM, or when `stopAll` is
 * called (tests, and a program embedding the CLI), they close their servers and connections and
 * return, so the process exits by itself with nothing left open.
 */
const running = new Set<AbortController>();

/** A signal that aborts on SIGINT/SIGTERM or `stopAll()`; `dispose` removes the listeners. */
export function untilStopped(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  running.add(controller);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose() {
      running.delete(controller);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/** Stops every running hub and node of this process, as a SIGTERM would. */
export function stopAll(): void {
  for (const controller of running) controller.abort();
}

export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
