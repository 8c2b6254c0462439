/**
 * Work over a whole directory, written once as a generator that yields between slices of SLICE records: run at
 * once where the caller must have the answer now (a preview), or a slice a turn where the server must keep
 * answering meanwhile (a cycle's head, 100k records over, while /api/health is asked every few milliseconds).
 */
export type Sliced<T> = Generator<void, T, void>;

/** Records per slice: a few milliseconds of work at most. */
export const SLICE = 5000;

/** Lets the server answer what is waiting before the next slice. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function runNow<T>(work: Sliced<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

export async function runInTurns<T>(work: Sliced<T>): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
