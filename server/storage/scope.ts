import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A promise-chain mutex: each `run` starts after the previous one has settled. Transactions go
 * through it, so an async transaction that awaits in the middle never interleaves with another.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => fn());
    // The next caller waits for this one to settle, whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export const NESTED_TRANSACTION_MESSAGE =
  "Store method called inside a transaction on the same store: use the `tx` argument; transactions do not nest";

/**
 * Knows whether the current async context is inside one of this store's transactions. Without it,
 * a store method (or a nested transaction()) called from a transaction's fn would queue behind that
 * very transaction and deadlock; with it, the call fails at once with a message that says why.
 */
export class TransactionScope {
  private readonly als = new AsyncLocalStorage<{ open: boolean }>();

  assertOutside(): void {
    if (this.als.getStore()?.open) throw new Error(NESTED_TRANSACTION_MESSAGE);
  }

  /**
   * Run `fn` marked as inside a transaction. `isOpen` turns false when the transaction ends, so work
   * that outlives it (a timer started in fn, a leaked `tx`) can neither use `tx` nor be mistaken for
   * nesting.
   */
  async run<T>(fn: (isOpen: () => boolean) => Promise<T>): Promise<T> {
    const state = { open: true };
    try {
      return await this.als.run(state, () => fn(() => state.open));
    } finally {
      state.open = false;
    }
  }
}
