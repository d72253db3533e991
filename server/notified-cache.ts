/**
 * Answers kept in this process on the embedded database and dropped by a database notification, so a
 * request need not query PGlite — one connection shared by every request — for what rarely changes:
 * who sent it (the session and its user, `AUTH_CHANNEL`) and the versions of the derived figures'
 * tables (`VERSIONS_CHANNEL`, server/derived.ts).
 *
 * Why an entry is never used after the change it depends on commits: triggers (migration 0019) send
 * NOTIFY on the channel from every change that could alter an entry, and PGlite delivers it to this
 * process — the data folder's one owner (db/lock.ts) — as the writing transaction commits, before its
 * caller goes on: the cache is cleared before a logout or an import is answered. A lookup that started
 * before a notification is not stored after it (the generation check), so a row read before a commit
 * cannot outlive it.
 * On PostgreSQL there is no cache (every lookup loads): a notification reaches another instance only
 * some time after the commit, and what one instance commits must hold on every instance at once; there
 * the lookups are small indexed queries on the server's own processes.
 */
import type { Database } from "../db/open";

/** Sessions and users: see migration 0019 for what notifies. */
export const AUTH_CHANNEL = "wx_auth";
/** data_versions: every bump of a derived figure's input. */
export const VERSIONS_CHANNEL = "wx_versions";

interface Entry<V> {
  value: V;
  storedAt: number;
}

export class NotifiedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private generation = 0;
  private live = false;

  /**
   * @param channel the notification that clears every entry
   * @param max entries kept (the least recently used go first)
   * @param maxAgeMs an entry is loaded again after this long even without a notification
   */
  constructor(
    private readonly channel: string,
    private readonly max = 10_000,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  /** On while listening to `database`'s notifications (PGlite); off, and every lookup loads, elsewhere. */
  async attach(database: Pick<Database, "listen">): Promise<() => Promise<void>> {
    if (!database.listen) return async () => {};
    const stop = await database.listen(this.channel, () => this.clear());
    this.live = true;
    return async () => {
      this.live = false;
      this.clear();
      await stop();
    };
  }

  clear(): void {
    this.entries.clear();
    this.generation++;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value under `key`: from the cache when it holds one that is `usable` now, else from `load`
   * (and then kept, unless it is null or a notification came while it loaded).
   */
  async lookup(key: string, load: () => Promise<V | null>, usable: (value: V, now: number) => boolean = () => true, now = Date.now()): Promise<V | null> {
    const hit = this.live ? this.entries.get(key) : undefined;
    if (hit) {
      this.entries.delete(key);
      if (now - hit.storedAt < this.maxAgeMs && usable(hit.value, now)) {
        this.entries.set(key, hit); // most recently used goes last
        return hit.value;
      }
    }
    const generation = this.generation;
    const value = await load();
    if (value !== null && this.live && generation === this.generation) {
      this.entries.set(key, { value, storedAt: now });
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}

export interface SessionTimes {
  expiresAt: Date;
  lastSeenAt: Date;
}

/** A cached session is used while it has neither expired nor been idle past the timeout, by its own clock. */
export function sessionUsable(idleMinutes: number) {
  return (row: { session: SessionTimes }, now: number) =>
    row.session.expiresAt.getTime() > now && row.session.lastSeenAt.getTime() > now - idleMinutes * 60_000;
}
