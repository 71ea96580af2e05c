/**
 * Which wallboard server records. Several instances behind a load balancer share one PostgreSQL database: one of
 * them follows the RTD Server and writes the history, the others stand by (one set of RTD subscriptions, not one per
 * instance). The recording instance holds a session-level advisory lock on a connection of its own, so when it stops,
 * crashes or loses the database, PostgreSQL lets the lock go and a stand-by instance takes it at its next try. With
 * SQLite (one server per file) there is nobody else to ask.
 */
import pg from 'pg';

export interface RecorderLease {
  /** Whether instances share the database and so must ask; false: this one always records. */
  readonly shared: boolean;
  /** Takes the lease, or checks it is still held (its connection answers); whether this instance holds it. */
  acquire(): Promise<boolean>;
  /** Told when a held lease is lost without asking (its connection failed). */
  onLost(listener: () => void): void;
  release(): Promise<void>;
}

/** The lease of a server alone with its database (SQLite). */
export const SOLE_RECORDER: RecorderLease = { shared: false, acquire: async () => true, onLost: () => {}, release: async () => {} };

/** The advisory lock's two keys: "RTDW" and the recorder. Any other use of advisory locks must keep clear of them. */
const LOCK_KEYS = [0x52544457, 1] as const;

export function postgresRecorderLease(url: string): RecorderLease {
  let holder: pg.Client | null = null;
  const lostListeners = new Set<() => void>();
  const close = (client: pg.Client) => {
    client.removeAllListeners();
    // An error after this (the socket closing) has no one to tell.
    client.on('error', () => {});
    return client.end().catch(() => {});
  };
  const lose = (client: pg.Client) => {
    if (holder !== client) return;
    holder = null;
    void close(client);
    for (const listener of lostListeners) listener();
  };
  return {
    shared: true,
    async acquire() {
      if (holder) {
        const held = holder;
        // The lock lives as long as its connection: one that answers still holds it.
        const alive = await held.query('select 1').then(
          () => true,
          () => false,
        );
        if (!alive) lose(held);
        return alive;
      }
      // Keep-alive and a query timeout: a connection that died without a word is found out, not waited on.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 10_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      client.on('error', () => lose(client));
      client.on('end', () => lose(client));
      try {
        await client.connect();
        const { rows } = await client.query<{ held: boolean }>('select pg_try_advisory_lock($1, $2) as held', [...LOCK_KEYS]);
        if (rows[0]?.held) {
          holder = client;
          return true;
        }
      } catch {
        // The database unreachable: not the recording instance for now; the next try asks again.
      }
      await close(client);
      return false;
    },
    onLost(listener) {
      lostListeners.add(listener);
    },
    async release() {
      const client = holder;
      holder = null;
      if (!client) return;
      await client.query('select pg_advisory_unlock($1, $2)', [...LOCK_KEYS]).catch(() => {});
      await close(client);
    },
  };
}
