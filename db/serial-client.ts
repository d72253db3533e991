import pg from "pg";

/**
 * A node-postgres client that runs its queries one after another. A connection executes one query at
 * a time; node-postgres queues a second `query()` call made while one is running, warns that this is
 * deprecated, and its next major version refuses it. Repository functions take a `Db` or a `Tx` and
 * may run independent reads with `Promise.all`: on the pool each read gets its own connection, but on
 * a transaction (one connection) they would overlap. This client chains them instead, so every
 * function is safe on either handle and the order of statements on a connection is the call order.
 */
export class SerialClient extends pg.Client {
  #tail: Promise<unknown> = Promise.resolve();

  // The overloads of pg.Client.query are many; this one signature covers the forms callers use:
  // (text | config, values?, callback?) and a Submittable (cursor), which is passed through.
  override query(...args: unknown[]): never {
    const first = args[0] as { submit?: unknown } | null | undefined;
    const run = (super.query as (...a: unknown[]) => unknown).bind(this);
    if (first != null && typeof first === "object" && typeof first.submit === "function") return run(...args) as never;
    const last = args[args.length - 1];
    const callback = typeof last === "function" ? (args.pop() as (err: Error | null, res?: unknown) => void) : undefined;
    const result = this.#tail.then(
      () => run(...args) as Promise<unknown>,
      () => run(...args) as Promise<unknown>,
    );
    this.#tail = result.catch(() => undefined);
    if (!callback) return result as never;
    result.then(
      (res) => callback(null, res),
      (err: Error) => callback(err),
    );
    return undefined as never;
  }
}
