// Runs tasks a few at a time and hands their results over in input order, so
// a batch converted concurrently prints its messages as a sequential one would.

/**
 * Runs `task` on every item, at most `limit` at once, and calls `report` with
 * each result in the order of `items`. When `report` returns false no further
 * task starts; the running ones are awaited. `task` must not reject.
 */
export async function inOrder<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  report: (result: R) => boolean,
): Promise<void> {
  const done = items.map(() => {
    let resolve!: (result: R) => void;
    const promise = new Promise<R>((r) => (resolve = r));
    return { promise, resolve };
  });
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      const i = next++;
      done[i]!.resolve(await task(items[i]!));
      // Let `report` see it (and maybe stop) before the next starts, and let
      // messages in (results of worker threads) between conversions here.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  for (const { promise } of done) {
    if (!report(await promise)) {
      stopped = true;
      break;
    }
  }
  await Promise.all(workers);
}
