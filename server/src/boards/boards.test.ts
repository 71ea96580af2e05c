/**
 * The team's boards over the API, on SQLite and PostgreSQL: who may do what, a stale save refused with the board as
 * it is now (both versions reachable), malformed boards refused naming the field, 20 versions kept, restore, and
 * the upload of a browser's boards by the import's rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BoardDefinition, DEFAULT_THRESHOLDS } from '../../../contract/board-format.ts';
import { api, ENGINES, freshDatabase, signIn, startEmulator, startTestServer } from '../../test/support.ts';
import { BOARD_VERSIONS_KEPT } from './team-boards.ts';

const emulator = await startEmulator();

function testBoard(id: string, name = id, overrides: Partial<BoardDefinition> = {}): BoardDefinition {
  return {
    id,
    name,
    services: { CALL: ['service_1'], VIDEO: [], CHAT: [] },
    groups: { CALL: [], VIDEO: [], CHAT: [] },
    agents: {},
    customStatKeys: [],
    site: null,
    serviceLevel: 'answered',
    thresholds: structuredClone(DEFAULT_THRESHOLDS),
    density: 'comfortable',
    ...overrides,
  };
}

for (const engine of ENGINES) {
  describe(`boards on ${engine}`, async () => {
    const database = await freshDatabase(engine);
    const server = await startTestServer(database, emulator);
    const admin = await signIn(server, emulator, 'admin');
    const agent = await signIn(server, emulator, 'user_1');
    const events: unknown[] = [];
    server.hub.subscribe((event) => events.push(event));

    it('a supervisor creates, reads, changes and deletes a board; every user reads it; each write is pushed', async () => {
      const created = await api(server, 'PUT', '/api/boards/front-office', admin, { board: testBoard('front-office', 'Front office'), baseVersion: null });
      assert.equal(created.status, 200);
      assert.equal(created.body.version, 1);
      assert.equal(created.body.updatedBy, 'admin');
      assert.deepEqual(created.body.board, testBoard('front-office', 'Front office'));
      const listed = await api(server, 'GET', '/api/boards', agent);
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.map((b: any) => [b.id, b.name, b.version]),
        [['front-office', 'Front office', 1]],
      );
      assert.deepEqual((await api(server, 'GET', '/api/boards/front-office', agent)).body, created.body);
      const changed = await api(server, 'PUT', '/api/boards/front-office', admin, { board: testBoard('front-office', 'Front desk'), baseVersion: 1 });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.version, 2);
      assert.equal((await api(server, 'GET', '/api/boards/front-office', agent)).body.name, 'Front desk');
      assert.equal((await api(server, 'DELETE', '/api/boards/front-office?baseVersion=2', admin)).status, 204);
      assert.equal((await api(server, 'GET', '/api/boards/front-office', agent)).status, 404);
      assert.deepEqual((await api(server, 'GET', '/api/boards', agent)).body, []);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(
        events.filter((e: any) => e.id === 'front-office'),
        [
          { topic: 'boards', id: 'front-office', version: 1, action: 'saved' },
          { topic: 'boards', id: 'front-office', version: 2, action: 'saved' },
          { topic: 'boards', id: 'front-office', version: 2, action: 'deleted' },
        ],
      );
    });

    it('a stale save is refused with the board as it is now, and both versions stay reachable', async () => {
      await api(server, 'PUT', '/api/boards/sales', admin, { board: testBoard('sales', 'Sales'), baseVersion: null });
      const first = await api(server, 'PUT', '/api/boards/sales', admin, { board: testBoard('sales', 'Sales (first)'), baseVersion: 1 });
      assert.equal(first.status, 200);
      const stale = await api(server, 'PUT', '/api/boards/sales', admin, { board: testBoard('sales', 'Sales (second)'), baseVersion: 1 });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, 'VERSION_CONFLICT');
      assert.match(stale.body.error.message, /admin saved this board at .* \(version 2\) while you started from version 1/);
      assert.equal(stale.body.error.current.version, 2);
      assert.equal(stale.body.error.current.board.name, 'Sales (first)');
      // Creating an id that exists is a conflict too, never an overwrite.
      const again = await api(server, 'PUT', '/api/boards/sales', admin, { board: testBoard('sales', 'Sales (new)'), baseVersion: null });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.current.board.name, 'Sales (first)');
      // The second editor resolves it: overwrite from the version it now knows; the first save stays in the history.
      const resolved = await api(server, 'PUT', '/api/boards/sales', admin, { board: testBoard('sales', 'Sales (second)'), baseVersion: 2 });
      assert.equal(resolved.status, 200);
      assert.equal(resolved.body.version, 3);
      const versions = await api(server, 'GET', '/api/boards/sales/versions', agent);
      assert.deepEqual(
        versions.body.map((v: any) => [v.version, v.savedBy]),
        [
          [3, 'admin'],
          [2, 'admin'],
          [1, 'admin'],
        ],
      );
      assert.equal((await api(server, 'GET', '/api/boards/sales/versions/2', agent)).body.board.name, 'Sales (first)');
      assert.equal((await api(server, 'GET', '/api/boards/sales/versions/3', agent)).body.board.name, 'Sales (second)');
    });

    it('of many saves from one version at once, exactly one wins', async () => {
      await api(server, 'PUT', '/api/boards/race', admin, { board: testBoard('race'), baseVersion: null });
      const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => api(server, 'PUT', '/api/boards/race', admin, { board: testBoard('race', `race ${n}`), baseVersion: 1 })));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409]);
      const winner = answers.find((a) => a.status === 200)!.body.name;
      assert.equal((await api(server, 'GET', '/api/boards/race', agent)).body.name, winner);
      const creations = await Promise.all(Array.from({ length: 5 }, () => api(server, 'PUT', '/api/boards/born-twice', admin, { board: testBoard('born-twice'), baseVersion: null })));
      assert.deepEqual(creations.map((a) => a.status).sort(), [200, 409, 409, 409, 409]);
    });

    it('a malformed board is refused with 400 naming the field, and nothing is stored', async () => {
      const put = (id: string, body: unknown) => api(server, 'PUT', `/api/boards/${id}`, admin, body);
      const cases: [string, unknown, string][] = [
        [
          'bad',
          { board: { ...testBoard('bad'), thresholds: { ...DEFAULT_THRESHOLDS, serviceLevel: { warning: 'eighty', critical: 70 } } }, baseVersion: null },
          'board.thresholds.serviceLevel.warning',
        ],
        ['bad', { board: { ...testBoard('bad'), thresholds: { ...DEFAULT_THRESHOLDS, longestWait: { warning: 120, critical: 60 } } }, baseVersion: null }, 'board.thresholds.longestWait'],
        ['bad', { board: { ...testBoard('bad'), name: 42 }, baseVersion: null }, 'board.name'],
        ['bad', { board: { ...testBoard('bad'), name: '   ' }, baseVersion: null }, 'board.name'],
        ['bad', { board: { ...testBoard('bad'), name: 'x'.repeat(81) }, baseVersion: null }, 'board.name'],
        ['bad', { board: { ...testBoard('bad'), services: { CALL: [{ $ne: 1 }] } }, baseVersion: null }, 'board.services.CALL[0]'],
        ['bad', { board: { ...testBoard('bad'), treshold: {} }, baseVersion: null }, 'board'],
        ['bad', JSON.parse(`{"board": ${JSON.stringify(testBoard('bad')).replace('{', '{"__proto__": {"x": 1}, ')}, "baseVersion": null}`), 'board'],
        ['bad', { board: testBoard('bad'), baseVersion: null, owner: 'me' }, 'owner'],
        ['bad', { board: testBoard('bad'), baseVersion: '1' }, 'baseVersion'],
        ['bad', { board: testBoard('bad'), baseVersion: -1 }, 'baseVersion'],
        ['bad', { board: testBoard('bad') }, 'baseVersion'],
        ['bad', { baseVersion: null }, 'board'],
        ['bad', { board: [testBoard('bad')], baseVersion: null }, 'board'],
        ['bad', { board: { ...testBoard('other'), id: 'other' }, baseVersion: null }, 'board.id'],
        ['bad', { board: { ...testBoard('bad'), id: 'Not An Id' }, baseVersion: null }, 'board.id'],
      ];
      for (const [id, body, field] of cases) {
        const answer = await put(id, body);
        assert.equal(answer.status, 400, `${JSON.stringify(body).slice(0, 120)} → ${answer.status}`);
        assert.equal(answer.body.error.code, 'INVALID_FIELD');
        assert.equal(answer.body.error.field, field, answer.body.error.message);
        assert.ok(answer.body.error.message.length > 10);
      }
      // An id no board can have is nobody's board.
      assert.equal((await put('Not%20An%20Id', { board: testBoard('x'), baseVersion: null })).status, 404);
      const traversal = await fetch(`${server.origin}/api/boards/..%2F..%2Fetc`, {
        method: 'PUT',
        headers: { cookie: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ board: testBoard('x'), baseVersion: null }),
      });
      assert.equal(traversal.status, 404);
      // A 10 MB name never reaches the route: the body limit refuses it.
      const huge = await put('bad', { board: testBoard('bad', 'x'.repeat(10_000_000)), baseVersion: null });
      assert.equal(huge.status, 413);
      assert.equal(huge.body.error.code, 'PAYLOAD_TOO_LARGE');
      const notJson = await fetch(`${server.origin}/api/boards/bad`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json' }, body: '{"board": ' });
      assert.equal(notJson.status, 400);
      assert.equal((await api(server, 'GET', '/api/boards/bad', admin)).status, 404);
      assert.equal((await api(server, 'GET', '/api/boards/other', admin)).status, 404);
    });

    it('an agent reads but cannot change anything (403 naming who); nobody signed in gets 401', async () => {
      await api(server, 'PUT', '/api/boards/agents-read', admin, { board: testBoard('agents-read'), baseVersion: null });
      const attempts = [
        await api(server, 'PUT', '/api/boards/agents-read', agent, { board: testBoard('agents-read', 'mine now'), baseVersion: 1 }),
        await api(server, 'PUT', '/api/boards/by-agent', agent, { board: testBoard('by-agent'), baseVersion: null }),
        await api(server, 'DELETE', '/api/boards/agents-read?baseVersion=1', agent),
        await api(server, 'POST', '/api/boards/agents-read/restore', agent, { version: 1, baseVersion: 1 }),
        await api(server, 'POST', '/api/boards/upload', agent, { boards: [testBoard('by-agent')] }),
      ];
      for (const answer of attempts) {
        assert.equal(answer.status, 403);
        assert.equal(answer.body.error.code, 'NOT_SUPERVISOR');
        assert.match(answer.body.error.message, /user_1, who is not one/);
      }
      assert.equal((await api(server, 'GET', '/api/boards/agents-read', agent)).body.version, 1);
      assert.equal((await api(server, 'GET', '/api/boards/by-agent', admin)).status, 404);
      assert.equal((await api(server, 'GET', '/api/boards', null)).status, 401);
      assert.equal((await api(server, 'PUT', '/api/boards/x', null, { board: testBoard('x'), baseVersion: null })).status, 401);
    });

    it('unknown boards and versions are 404s; a deleted board cannot be updated or deleted again', async () => {
      assert.equal((await api(server, 'GET', '/api/boards/nowhere', agent)).status, 404);
      assert.equal((await api(server, 'GET', '/api/boards/nowhere/versions', agent)).status, 404);
      assert.equal((await api(server, 'GET', '/api/boards/nowhere/versions/1', agent)).status, 404);
      assert.equal((await api(server, 'DELETE', '/api/boards/nowhere?baseVersion=1', admin)).status, 404);
      await api(server, 'PUT', '/api/boards/short-lived', admin, { board: testBoard('short-lived'), baseVersion: null });
      assert.equal((await api(server, 'GET', '/api/boards/short-lived/versions/7', agent)).status, 404);
      const staleDelete = await api(server, 'DELETE', '/api/boards/short-lived?baseVersion=0', admin);
      assert.equal(staleDelete.status, 409);
      assert.equal(staleDelete.body.error.current.version, 1);
      assert.equal((await api(server, 'DELETE', '/api/boards/short-lived', admin)).body.error.field, 'baseVersion');
      assert.equal((await api(server, 'DELETE', '/api/boards/short-lived?baseVersion=1', admin)).status, 204);
      const update = await api(server, 'PUT', '/api/boards/short-lived', admin, { board: testBoard('short-lived'), baseVersion: 1 });
      assert.equal(update.status, 404);
      assert.match(update.body.error.message, /someone deleted it/);
      assert.equal((await api(server, 'DELETE', '/api/boards/short-lived?baseVersion=1', admin)).status, 404);
      // Made again, it goes on from the old numbering: an editor still holding version 1 cannot overwrite it.
      const reborn = await api(server, 'PUT', '/api/boards/short-lived', admin, { board: testBoard('short-lived', 'again'), baseVersion: null });
      assert.equal(reborn.body.version, 2);
      assert.equal((await api(server, 'PUT', '/api/boards/short-lived', admin, { board: testBoard('short-lived'), baseVersion: 1 })).status, 409);
    });

    it(`keeps the last ${BOARD_VERSIONS_KEPT} versions, with who and when, and puts an old one back as a new version`, async () => {
      let version = (await api(server, 'PUT', '/api/boards/history', admin, { board: testBoard('history', 'v1'), baseVersion: null })).body.version;
      for (let n = 2; n <= 25; n++) version = (await api(server, 'PUT', '/api/boards/history', admin, { board: testBoard('history', `v${n}`), baseVersion: version })).body.version;
      assert.equal(version, 25);
      const versions = (await api(server, 'GET', '/api/boards/history/versions', agent)).body;
      assert.deepEqual(
        versions.map((v: any) => v.version),
        Array.from({ length: 20 }, (_, i) => 25 - i),
      );
      assert.ok(versions.every((v: any) => v.savedBy === 'admin' && !Number.isNaN(Date.parse(v.savedAt))));
      const rows = await database.db.selectFrom('board_versions').select('version').where('board_id', '=', 'history').execute();
      assert.equal(rows.length, BOARD_VERSIONS_KEPT, 'older versions are gone from the table, not only from the answer');
      assert.equal((await api(server, 'GET', '/api/boards/history/versions/5', agent)).status, 404);
      assert.equal((await api(server, 'GET', '/api/boards/history/versions/6', agent)).body.board.name, 'v6');

      const restored = await api(server, 'POST', '/api/boards/history/restore', admin, { version: 6, baseVersion: 25 });
      assert.equal(restored.status, 200);
      assert.equal(restored.body.version, 26);
      assert.equal(restored.body.board.name, 'v6');
      assert.equal((await api(server, 'GET', '/api/boards/history', agent)).body.name, 'v6');
      assert.equal((await api(server, 'GET', '/api/boards/history/versions/25', agent)).body.board.name, 'v25', 'what it replaced stays in the history');
      assert.equal((await api(server, 'POST', '/api/boards/history/restore', admin, { version: 7, baseVersion: 25 })).status, 409);
      assert.equal((await api(server, 'POST', '/api/boards/history/restore', admin, { version: 1, baseVersion: 26 })).status, 404);
      assert.equal((await api(server, 'POST', '/api/boards/history/restore', admin, { version: 'six', baseVersion: 26 })).body.error.field, 'version');
    });

    it('an upload never overwrites: equal boards are unchanged, a taken id gets a new one', async () => {
      await api(server, 'PUT', '/api/boards/queue-a', admin, { board: testBoard('queue-a', 'Queue A'), baseVersion: null });
      await api(server, 'PUT', '/api/boards/queue-b', admin, { board: testBoard('queue-b', 'Queue B'), baseVersion: null });
      // Key order does not make a board different.
      const reordered = Object.fromEntries(Object.entries(testBoard('queue-a', 'Queue A')).reverse());
      const upload = await api(server, 'POST', '/api/boards/upload', admin, { boards: [reordered, testBoard('queue-b', 'Queue B', { density: 'compact' }), testBoard('queue-c', 'Queue C')] });
      assert.equal(upload.status, 200);
      assert.deepEqual(upload.body, { added: 2, unchanged: 1, renamed: 1, ids: ['queue-a', 'queue-b-2', 'queue-c'] });
      assert.equal((await api(server, 'GET', '/api/boards/queue-b', agent)).body.board.density, 'comfortable');
      assert.equal((await api(server, 'GET', '/api/boards/queue-b-2', agent)).body.board.density, 'compact');
      assert.equal((await api(server, 'GET', '/api/boards/queue-b-2', agent)).body.board.id, 'queue-b-2');
      assert.equal((await api(server, 'GET', '/api/boards/queue-c', agent)).body.version, 1);
      // The same upload again adds nothing.
      const again = await api(server, 'POST', '/api/boards/upload', admin, { boards: [testBoard('queue-c', 'Queue C')] });
      assert.deepEqual(again.body, { added: 0, unchanged: 1, renamed: 0, ids: ['queue-c'] });
      // One bad board refuses the whole upload, naming it; nothing of it is stored.
      const bad = await api(server, 'POST', '/api/boards/upload', admin, { boards: [testBoard('queue-d'), { ...testBoard('queue-e'), site: 'north' }] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.field, 'boards[1].site');
      assert.equal((await api(server, 'GET', '/api/boards/queue-d', agent)).status, 404);
      const twice = await api(server, 'POST', '/api/boards/upload', admin, { boards: [testBoard('queue-f'), testBoard('queue-f')] });
      assert.equal(twice.body.error.field, 'boards[1].id');
      assert.equal((await api(server, 'POST', '/api/boards/upload', admin, { boards: [] })).body.error.field, 'boards');
      assert.equal((await api(server, 'POST', '/api/boards/upload', admin, { boards: {} })).body.error.field, 'boards');
    });
  });
}
