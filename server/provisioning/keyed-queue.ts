/**
 * Runs jobs so that one key's jobs never overlap or reorder, while different keys run side by side up to a
 * bound. Jobs read the current state when they start, so a key keeps at most one waiting job: a burst of edits to
 * one user collapses into the one job that will see the last of them, and every caller of the burst gets that
 * job's result (not a "skipped" for the jobs it replaced).
 */
export function createKeyedQueue<T = void>(initialConcurrency: number) {
  let concurrency = initialConcurrency;
  interface Entry {
    running: Promise<void> | null;
    pending: { job: () => Promise<T>; waiters: Array<(value: T | undefined) => void> } | null;
  }
  const entries = new Map<string, Entry>();
  const ready: Array<() => void> = [];
  let active = 0;

  async function slot(): Promise<void> {
    if (active < concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => ready.push(resolve));
  }
  function release(): void {
    // A lowered bound takes effect as running jobs end: their slots are not handed on until under it.
    const next = active <= concurrency ? ready.shift() : undefined;
    if (next) next();
    else active--;
  }

  /** A new bound; raising it starts waiting jobs at once, lowering it lets running ones finish. */
  function setConcurrency(next: number): void {
    concurrency = next;
    while (active < concurrency && ready.length > 0) {
      active++;
      ready.shift()?.();
    }
  }

  function start(key: string, entry: Entry): void {
    const pending = entry.pending;
    if (!pending) {
      entries.delete(key);
      return;
    }
    entry.pending = null;
    entry.running = (async () => {
      await slot();
      let value: T | undefined;
      try {
        value = await pending.job();
      } catch (err) {
        console.error(`scimulator: job ${key} failed:`, err);
      } finally {
        release();
        for (const done of pending.waiters) done(value);
      }
    })().then(() => start(key, entry));
  }

  return {
    setConcurrency,
    /** Resolves with the result of the run of this job, or of the job that replaced it (undefined if it threw). */
    push(key: string, job: () => Promise<T>): Promise<T | undefined> {
      let entry = entries.get(key);
      if (!entry) {
        entry = { running: null, pending: null };
        entries.set(key, entry);
      }
      const done = new Promise<T | undefined>((resolve) => {
        const e = entry as Entry;
        if (e.pending) {
          e.pending.job = job;
          e.pending.waiters.push(resolve);
        } else e.pending = { job, waiters: [resolve] };
      });
      if (!entry.running) start(key, entry);
      return done;
    },
    /** Resolves once nothing is running or waiting. */
    async idle(): Promise<void> {
      while (entries.size > 0) await Promise.all([...entries.values()].map((e) => e.running));
    },
    size: () => entries.size,
    has: (key: string) => entries.has(key),
  };
}
