/** The displays tests' parts: a TV pairing itself over real HTTP, a push socket that keeps what it hears. */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { Kysely } from 'kysely';
import type { WallboardDatabase } from '../src/db/schema.ts';
import { api, type TestServer } from './support.ts';

export const DEFAULT_PLAYLIST = { slides: [{ board: 'sales', page: 'services', seconds: 20 }], secondsPer: 'screenful', sound: true, burnIn: true, staleSeconds: 15, dailyReloadHour: null };

/** A board as helper A's API stores it (the board-file format of one board, as JSON text). */
export async function storeBoard(db: Kysely<WallboardDatabase>, id: string, name = id) {
  const board = { id, name, services: { CALL: ['SRV_1'], VIDEO: [], CHAT: [] } };
  await db
    .insertInto('boards')
    .values({ id, name, definition: JSON.stringify(board), version: 1, updated_by: 'admin', updated_at: new Date().toISOString() })
    .execute();
  return board;
}

export async function createPlaylist(server: TestServer, cookie: string, id: string, playlist: unknown = DEFAULT_PLAYLIST, name = `Playlist ${id}`) {
  const saved = await api(server, 'PUT', `/api/playlists/${id}`, cookie, { name, playlist, baseVersion: null });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  return saved.body;
}

/** POST /api/pairing as a TV (no cookie); `headers` stand in for another address behind a trusted proxy. */
export async function requestCode(server: TestServer, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.origin}/api/pairing`, { method: 'POST', headers });
  return { status: response.status, body: (await response.json()) as any };
}

/** The TV's poll; `cookie` is the display cookie it received, if any. */
export async function poll(server: TestServer, secret: string) {
  const response = await fetch(`${server.origin}/api/pairing/${secret}`);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('wallboardDisplay='));
  return { status: response.status, body: (await response.json()) as any, setCookie, cookie: setCookie?.split(';')[0] ?? null };
}

/** A TV paired from start to end: it asks for a code, the supervisor types it, the TV collects its cookie. */
export async function pairTv(server: TestServer, supervisor: string, name = 'Sales floor', playlistId: string | null = null) {
  const code = await requestCode(server);
  assert.equal(code.status, 201, JSON.stringify(code.body));
  const paired = await api(server, 'POST', '/api/displays', supervisor, { code: code.body.code, name, playlistId });
  assert.equal(paired.status, 201, JSON.stringify(paired.body));
  const collected = await poll(server, code.body.secret);
  assert.equal(collected.status, 200);
  assert.ok(collected.cookie);
  return { id: paired.body.id as string, cookie: collected.cookie, display: paired.body };
}

export interface PushClient {
  messages: any[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first message (heard from index `from` on, or to come) that `match` accepts. */
  next(match: (message: any) => boolean, from?: number): Promise<any>;
  close(): void;
}

/** A push socket as a browser or a TV opens it (with its cookie); resolves once it heard hello. */
export async function openPush(server: TestServer, cookie: string): Promise<PushClient> {
  const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/api/push`, { headers: { cookie } });
  const messages: any[] = [];
  const waiters: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    messages.push(message);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(message)) waiter.resolve(message);
      else waiters.push(waiter);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: PushClient = {
    messages,
    closed,
    next(match, from = 0) {
      const timeoutMs = 5000;
      const heard = messages.slice(from).find(match);
      if (heard) return Promise.resolve(heard);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching push message within ${timeoutMs} ms; heard ${JSON.stringify(messages)}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => socket.close(),
  };
  await client.next((m) => m.topic === 'hello');
  return client;
}

/** A GraphQL query through the server's /rtdserver door, with only `cookie` (a display's) as credentials. */
export async function rtdQuery(server: TestServer, cookie: string | null, query: string) {
  const response = await fetch(`${server.origin}/rtdserver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as any;
}
