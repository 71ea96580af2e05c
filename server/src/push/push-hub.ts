/**
 * What changed, told to every server instance: a board or playlist saved or deleted, a display changed or sent a
 * command. With SQLite (one instance) it stays in this process; with PostgreSQL it goes through NOTIFY on one
 * channel and comes back to every instance that LISTENs, this one included, so all of them tell their own sockets.
 * An event names what changed, never its content: a client fetches what it may see.
 */
import { EventEmitter } from 'node:events';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { WallboardDatabase } from '../db/schema.ts';

export type PushTopic = 'boards' | 'playlists' | 'displays' | 'settings';
export type DisplayCommand = 'reload' | 'identify';

export interface PushEvent {
  topic: PushTopic;
  /** The board, playlist or display; absent when the whole list changed. */
  id?: string;
  version?: number;
  action: 'saved' | 'deleted' | 'command' | 'revoked' | 'status';
  command?: DisplayCommand;
}

export type PushListener = (event: PushEvent | 'resync') => void;

export interface PushHub {
  /**
   * Tells every instance. Inside a transaction (`db` a Kysely transaction), PostgreSQL delivers it only once the
   * transaction commits, so nobody fetches a change that is not there yet.
   */
  publish(event: PushEvent, db?: Kysely<WallboardDatabase>): Promise<void>;
  subscribe(listener: PushListener): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'wallboard_changes';

/** One instance: events go straight to this process's listeners (after the caller's commit). */
export function localPushHub(): PushHub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event) {
      // After the caller's await: its transaction has committed by the time a listener fetches.
      queueMicrotask(() => emitter.emit('event', event));
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** Reconnection of the LISTEN connection: quick at first, then every few seconds. */
const LISTEN_RETRY_MS = [250, 1000, 2000, 5000];

/** Several instances on one PostgreSQL: NOTIFY to publish, one dedicated LISTEN connection per instance. */
export async function postgresPushHub(url: string, db: Kysely<WallboardDatabase>, log: (line: string) => void): Promise<PushHub> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    next.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        emitter.emit('event', JSON.parse(message.payload) as PushEvent);
      } catch {
        log(`push: an unreadable notification was ignored`);
      }
    });
    next.on('error', (error) => {
      log(`push: the LISTEN connection failed (${error.message}); reconnecting`);
      void reconnect(next);
    });
    next.on('end', () => void reconnect(next));
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    client = next;
    if (failures > 0) emitter.emit('event', 'resync');
    failures = 0;
  };

  const reconnect = async (lost: pg.Client) => {
    if (closed || client !== lost) return;
    client = null;
    lost.removeAllListeners();
    lost.end().catch(() => {});
    // Whatever happened while nobody listened is unknown: clients fetch everything again once we are back.
    while (!closed && !client) {
      await new Promise((resolve) => setTimeout(resolve, LISTEN_RETRY_MS[Math.min(failures, LISTEN_RETRY_MS.length - 1)]));
      failures++;
      try {
        await connect();
      } catch (error) {
        log(`push: cannot LISTEN yet (${(error as Error).message})`);
      }
    }
  };

  await connect();
  return {
    async publish(event, executor = db) {
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(executor);
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      closed = true;
      emitter.removeAllListeners();
      await client?.end().catch(() => {});
    },
  };
}
