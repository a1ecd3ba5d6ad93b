import { describe, expect, it } from 'vitest';
import { MemoryNonceStore } from './nonce-store.js';

describe('MemoryNonceStore', () => {
  it('accepts a nonce once per key, and the same nonce under another key', async () => {
    const store = new MemoryNonceStore({ now: () => 0 });
    expect(await store.remember('key-a', 'n1', 100)).toBe(true);
    expect(await store.remember('key-a', 'n1', 100)).toBe(false);
    expect(await store.remember('key-b', 'n1', 100)).toBe(true);
    expect(await store.remember('key-a', 'n2', 100)).toBe(true);
  });

  it('forgets entries once they expire, so memory holds one window of traffic', async () => {
    let clock = 0;
    const store = new MemoryNonceStore({ now: () => clock });
    for (let i = 0; i < 500; i++) await store.remember('k', `n${i}`, 1000 + i);
    expect(store.size).toBe(500);
    clock = 1250;
    expect(await store.remember('k', 'n999', 5000)).toBe(true);
    // Entries expiring before 1250 (i < 250) are gone; the 250 others and the new one remain.
    expect(store.size).toBe(251);
    expect(await store.remember('k', 'n300', 2000)).toBe(false);
  });

  it('holds a pair while now <= expiresAt and refuses one already past its window', async () => {
    let clock = 1000;
    const store = new MemoryNonceStore({ now: () => clock });
    expect(await store.remember('k', 'late', 999)).toBe(false);
    expect(store.size).toBe(0);
    expect(await store.remember('k', 'edge', 1000)).toBe(true);
    expect(await store.remember('k', 'edge', 1000)).toBe(false);
    clock = 2002; // past the sweep interval: 'edge' (held until 1000) is forgotten
    expect(await store.remember('k', 'edge', 3000)).toBe(true);
    expect(store.size).toBe(1);
  });
});
