/**
 * The push channel end to end: on one instance (SQLite's local hub, PostgreSQL's LISTEN/NOTIFY) who hears what; then
 * two instances on one PostgreSQL database, as behind a load balancer: an event published through one reaches
 * sockets on the other within 2 s, a transaction's event only at its commit, and a LISTEN connection that is cut
 * comes back by itself and tells every socket to fetch everything again.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { openDatabase } from '../db/database.ts';
import { api, ENGINES, type Engine, freshDatabase, signIn, startEmulator, startTestServer, type TestServer } from '../../test/support.ts';
import { createPlaylist, DEFAULT_PLAYLIST, pairTv, storeBoard } from '../../test/displays-support.ts';
import { PushClient } from '../../test/push-client.ts';
import type { PushEvent } from './push-hub.ts';

/** The promise: a change reaches a TV within 2 s. */
const PUSH_MS = 2_000;

const emulator = await startEmulator();

/** A paired display written straight into the table (pairing is tested with its API): its cookie. */
async function insertDisplay(server: TestServer, id: string): Promise<string> {
  const credential = newSecret();
  await server.database.db
    .insertInto('displays')
    .values({ id, name: `TV ${id}`, playlist_id: null, credential_hash: secretHash(credential), paired_by: 'admin', paired_at: new Date().toISOString(), version: 1 })
    .execute();
  return `wallboardDisplay=${credential}`;
}

const sockets: PushClient[] = [];
/** Pools this file opens itself, closed with its sockets when the file ends. */
const pools: { close(): Promise<void> }[] = [];
after(async () => {
  sockets.forEach((s) => s.close());
  for (const pool of pools) await pool.close();
});
const open = async (server: TestServer, cookie: string) => {
  const socket = await PushClient.open(server.origin, cookie);
  sockets.push(socket);
  return socket;
};

/** True when `socket` gets nothing matching within `ms` (after the messages it already had). */
async function hearsNothing(socket: PushClient, matches: (m: object) => boolean, ms = 300): Promise<boolean> {
  const from = socket.messages.length;
  return socket.waitFor(matches, ms, 'anything', from).then(
    () => false,
    () => true,
  );
}

for (const engine of ENGINES) {
  describe(`push on one instance (${engine === 'sqlite' ? 'SQLite, the local hub' : 'PostgreSQL, LISTEN/NOTIFY'})`, async () => {
    const database = await freshDatabase(engine as Engine);
    const server = await startTestServer(database, emulator);

    it('a supervisor hears every topic, an agent all but displays, a display the lists and only its own display events', async () => {
      const supervisor = await open(server, await signIn(server, emulator, 'admin'));
      const agent = await open(server, await signIn(server, emulator, 'user_1'));
      const tv = await open(server, await insertDisplay(server, `tv-${engine}`));
      const other = await open(server, await insertDisplay(server, `other-${engine}`));
      const events: PushEvent[] = [
        { topic: 'boards', id: 'sales', version: 2, action: 'saved' },
        { topic: 'playlists', id: 'lobby', version: 3, action: 'saved' },
        { topic: 'displays', id: `tv-${engine}`, version: 4, action: 'command', command: 'identify' },
      ];
      for (const event of events) await server.hub.publish(event);
      const same = (event: PushEvent) => (m: object) => JSON.stringify(m) === JSON.stringify(event);
      for (const event of events) await supervisor.waitFor(same(event), PUSH_MS, JSON.stringify(event));
      await agent.waitFor(same(events[1]), PUSH_MS, 'the playlist event');
      await tv.waitFor(same(events[2]), PUSH_MS, 'its own command');
      await other.waitFor(same(events[1]), PUSH_MS, 'the playlist event');
      assert.ok(!agent.messages.some((m) => m.topic === 'displays'), 'an agent hears no display events');
      assert.ok(!other.messages.some((m) => m.topic === 'displays'), "a display hears no other display's events");
      assert.deepEqual(
        tv.messages.map((m) => m.topic),
        ['hello', 'boards', 'playlists', 'displays'],
      );
    });

    it("a revoke closes that display's socket with 4403, and only that one", async () => {
      const tv = await open(server, await insertDisplay(server, `revoked-${engine}`));
      const kept = await open(server, await insertDisplay(server, `kept-${engine}`));
      await server.hub.publish({ topic: 'displays', id: `revoked-${engine}`, action: 'revoked' });
      const closed = await Promise.race([tv.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), PUSH_MS))]);
      assert.equal(closed?.code, 4403);
      assert.ok(await hearsNothing(kept, (m) => (m as { topic: string }).topic === 'displays'));
      assert.equal(kept.socket.readyState, kept.socket.OPEN);
    });
  });
}

describe('two instances on one PostgreSQL database (behind a load balancer)', async () => {
  const database = await freshDatabase('postgres');
  if (database.settings.engine !== 'postgres') throw new Error('unreachable');
  const url = database.settings.url;
  // Each instance has its own pool and its own LISTEN connection, as two processes would.
  const second = Object.assign(await openDatabase(database.settings), { settings: database.settings });
  pools.push(second);
  const one = await startTestServer(database, emulator);
  const two = await startTestServer(second, emulator);
  const databaseName = new URL(url).pathname.slice(1);

  it('an event published through instance 1 reaches a supervisor on instance 2 within 2 s (signed in on instance 1: no sticky sessions)', async () => {
    const cookie = await signIn(one, emulator, 'admin');
    const onTwo = await open(two, cookie);
    const onOne = await open(one, cookie);
    const event: PushEvent = { topic: 'boards', id: 'sales', version: 7, action: 'saved' };
    const started = performance.now();
    await one.database.db.transaction().execute((trx) => one.hub.publish(event, trx));
    await onTwo.waitFor((m) => m.topic === 'boards' && m.version === 7, PUSH_MS, 'the board event on instance 2');
    assert.ok(performance.now() - started < PUSH_MS);
    await onOne.waitFor((m) => m.topic === 'boards' && m.version === 7, PUSH_MS, 'the board event on instance 1 (it LISTENs too)');
  });

  it("a transaction's event arrives only at its commit, and never if it rolls back", async () => {
    const onTwo = await open(two, await signIn(two, emulator, 'admin'));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const committing = one.database.db.transaction().execute(async (trx) => {
      await one.hub.publish({ topic: 'boards', id: 'held', version: 1, action: 'saved' }, trx);
      await held;
    });
    assert.ok(await hearsNothing(onTwo, (m) => (m as { id?: string }).id === 'held', 500), 'heard before the commit');
    release();
    await committing;
    await onTwo.waitFor((m) => m.id === 'held', PUSH_MS, 'the event after the commit');
    await one.database.db
      .transaction()
      .execute(async (trx) => {
        await one.hub.publish({ topic: 'boards', id: 'rolled-back', version: 1, action: 'saved' }, trx);
        throw new Error('roll back');
      })
      .catch(() => {});
    assert.ok(await hearsNothing(onTwo, (m) => (m as { id?: string }).id === 'rolled-back', 500), 'a rolled-back event was delivered');
  });

  it('a display on instance 2 hears a playlist change and its revoke made through instance 1; the revoke closes its socket with 4403', async () => {
    const cookie = await insertDisplay(one, 'lobby-tv');
    const tv = await open(two, cookie);
    await one.hub.publish({ topic: 'playlists', id: 'lobby', version: 2, action: 'saved' });
    await tv.waitFor((m) => m.topic === 'playlists' && m.id === 'lobby', PUSH_MS, 'the playlist change on instance 2');
    await one.hub.publish({ topic: 'displays', id: 'lobby-tv', action: 'revoked' });
    const closed = await Promise.race([tv.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), PUSH_MS))]);
    assert.equal(closed?.code, 4403, 'closed with 4403 within 2 s');
  });

  it('through the API: a TV paired on instance 1 and listening on instance 2 follows a playlist edit made on instance 1; a revoke on instance 1 closes its socket with 4403 and shuts it out of instance 2', async () => {
    const supervisor = await signIn(one, emulator, 'admin');
    await storeBoard(one.database.db, 'sales');
    await createPlaylist(one, supervisor, 'floor');
    const tv = await pairTv(one, supervisor, 'Floor TV', 'floor');
    const socket = await open(two, tv.cookie);
    const before = await api(two, 'GET', '/api/display', tv.cookie);
    assert.equal(before.status, 200);
    const edited = await api(one, 'PUT', '/api/playlists/floor', supervisor, { name: 'Floor', playlist: { ...DEFAULT_PLAYLIST, staleSeconds: 30 }, baseVersion: before.body.playlist.version });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const started = performance.now();
    await socket.waitFor((m) => m.topic === 'playlists' && m.id === 'floor' && m.version === edited.body.version, PUSH_MS, 'the playlist edit on instance 2');
    // What the TV does on the event: fetch its playlist again, from the instance it is on.
    const after = await api(two, 'GET', '/api/display', tv.cookie);
    assert.equal(after.body.playlist.playlist.staleSeconds, 30);
    assert.ok(performance.now() - started < PUSH_MS);
    assert.equal((await api(one, 'DELETE', `/api/displays/${tv.id}`, supervisor)).status, 204);
    const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), PUSH_MS))]);
    assert.equal(closed?.code, 4403, 'closed with 4403 within 2 s');
    const shutOut = await api(two, 'GET', '/api/display', tv.cookie);
    assert.equal(shutOut.status, 401, 'instance 2 no longer knows the credential');
    await assert.rejects(PushClient.open(two.origin, tv.cookie), (e: { status?: number }) => e.status === 401);
  });

  it('a LISTEN connection that is cut comes back by itself and tells every socket to resync; events flow again', async () => {
    const cookie = await signIn(one, emulator, 'admin');
    const onOne = await open(one, cookie);
    const onTwo = await open(two, cookie);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query(`select pg_terminate_backend(pid) as ended from pg_stat_activity where query ilike 'LISTEN%' and datname = $1 and pid <> pg_backend_pid()`, [databaseName]);
      assert.equal(rows.length, 2, 'both instances had a LISTEN connection');
    } finally {
      await admin.end();
    }
    await onOne.waitFor((m) => m.topic === 'resync', 5_000, 'resync on instance 1');
    await onTwo.waitFor((m) => m.topic === 'resync', 5_000, 'resync on instance 2');
    assert.ok(
      one.log.some((l) => /LISTEN connection failed/.test(l)),
      `instance 1 said why: ${one.log.join(' | ')}`,
    );
    await one.hub.publish({ topic: 'boards', id: 'after', version: 1, action: 'saved' });
    await onTwo.waitFor((m) => m.id === 'after', PUSH_MS, 'an event after the reconnection');
  });
});
