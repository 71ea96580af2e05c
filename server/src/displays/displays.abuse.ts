/**
 * The displays API as a hostile client meets it, on both engines: oversized bodies, wrong types, huge strings,
 * unknown ids, races and floods. Each is refused with the status and field a client can act on, and the server
 * goes on answering everyone else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { api, ENGINES, freshDatabase, signIn, startEmulator, startTestServer, type TestServer } from '../../test/support.ts';
import { createPlaylist, DEFAULT_PLAYLIST, pairTv, poll, requestCode } from '../../test/displays-support.ts';
import { PAIRING_CREATE_LIMIT } from './pairing.ts';

const emulator = await startEmulator();

/** A body sent as it is (not JSON.stringify'd): numbers JSON cannot say, odd content types, megabytes. */
async function raw(server: TestServer, method: string, path: string, cookie: string | null, body: string, contentType = 'application/json') {
  const response = await fetch(`${server.origin}${path}`, { method, headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) }, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const GOOD_STATUS = { slide: 'Sales · services', dataAgeSeconds: 1, appVersion: '1.0.0', memoryMb: 100, lastError: null };

for (const engine of ENGINES) {
  describe(`the displays API under abuse on ${engine}`, async () => {
    const database = await freshDatabase(engine);
    // Behind a trusted proxy, X-Forwarded-For tells one TV's address from another's.
    const server = await startTestServer(database, emulator, { trustProxy: true });
    const admin = await signIn(server, emulator, 'admin');
    await createPlaylist(server, admin, 'floor');
    const tv = await pairTv(server, admin, 'Abused TV', 'floor');

    const stillServing = async () => {
      assert.equal((await api(server, 'GET', '/api/displays', admin)).status, 200);
      assert.equal((await api(server, 'GET', '/api/display', tv.cookie)).status, 200);
    };

    it('bodies over the limit are 413, and a playlist over its bounds is 400 naming the field', async () => {
      const huge = JSON.stringify({ ...GOOD_STATUS, slide: 'x'.repeat(3 * 1024 * 1024) });
      const tooLarge = await raw(server, 'POST', '/api/display/status', tv.cookie, huge);
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.body.error.code, 'PAYLOAD_TOO_LARGE');
      const manySlides = Array.from({ length: 501 }, () => ({ board: 'sales', page: 'services', seconds: 5 }));
      const tooMany = await api(server, 'PUT', '/api/playlists/floor', admin, { name: 'Floor', playlist: { ...DEFAULT_PLAYLIST, slides: manySlides }, baseVersion: 1 });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.error.field, 'playlist.slides');
      const longRef = await api(server, 'PUT', '/api/playlists/floor', admin, {
        name: 'Floor',
        playlist: { ...DEFAULT_PLAYLIST, slides: [{ board: 'b'.repeat(100_000), page: 'agents', seconds: 5 }] },
        baseVersion: 1,
      });
      assert.equal(longRef.body.error.field, 'playlist.slides.0.board');
      assert.equal((await api(server, 'GET', '/api/playlists/floor', admin)).body.version, 1, 'nothing was saved');
      await stillServing();
    });

    it('wrong types and huge strings are 400 naming the field', async () => {
      const cases: [string, string, string | null, unknown, string][] = [
        ['PUT', '/api/playlists/floor', admin, { name: 42, playlist: DEFAULT_PLAYLIST, baseVersion: 1 }, 'name'],
        ['PUT', '/api/playlists/floor', admin, { name: 'x'.repeat(81), playlist: DEFAULT_PLAYLIST, baseVersion: 1 }, 'name'],
        ['PUT', '/api/playlists/floor', admin, { name: '   ', playlist: DEFAULT_PLAYLIST, baseVersion: 1 }, 'name'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: 'everything', baseVersion: 1 }, 'playlist'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: { ...DEFAULT_PLAYLIST, staleSeconds: '15' }, baseVersion: 1 }, 'playlist.staleSeconds'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: { ...DEFAULT_PLAYLIST, dailyReloadHour: 24 }, baseVersion: 1 }, 'playlist.dailyReloadHour'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: { ...DEFAULT_PLAYLIST, volume: 11 }, baseVersion: 1 }, 'playlist.volume'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: DEFAULT_PLAYLIST, baseVersion: '1' }, 'baseVersion'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: DEFAULT_PLAYLIST, baseVersion: 1.5 }, 'baseVersion'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: DEFAULT_PLAYLIST }, 'baseVersion'],
        ['PUT', '/api/playlists/Not_An_Id', admin, { name: 'F', playlist: DEFAULT_PLAYLIST, baseVersion: null }, 'id'],
        ['PUT', '/api/playlists/floor', admin, { name: 'F', playlist: DEFAULT_PLAYLIST, baseVersion: 1, __proto__x: 1 }, '__proto__x'],
        ['POST', '/api/displays', admin, { code: 234567, name: 'X', playlistId: null }, 'code'],
        ['POST', '/api/displays', admin, { code: 'A'.repeat(100_000), name: 'X', playlistId: null }, 'code'],
        ['POST', '/api/displays', admin, { code: 'ABC234', name: ['X'], playlistId: null }, 'name'],
        ['POST', '/api/displays', admin, { code: 'ABC234', name: 'X', playlistId: 7 }, 'playlistId'],
        ['PATCH', `/api/displays/${tv.id}`, admin, { name: 'x'.repeat(1_000_000) }, 'name'],
        ['PATCH', `/api/displays/${tv.id}`, admin, { playlistId: 'no-such-playlist' }, 'playlistId'],
        ['PATCH', `/api/displays/${tv.id}`, admin, {}, 'name'],
        ['PATCH', `/api/displays/${tv.id}`, admin, { credentialHash: 'mine' }, 'credentialHash'],
        ['POST', `/api/displays/${tv.id}/commands`, admin, { command: ['reload'] }, 'command'],
        ['PUT', '/api/settings/display-token', admin, { accessToken: 'x'.repeat(5000) }, 'accessToken'],
        ['PUT', '/api/settings/display-token', admin, { accessToken: { $ne: null } }, 'accessToken'],
        ['POST', '/api/display/status', tv.cookie, { ...GOOD_STATUS, slide: 's'.repeat(201) }, 'slide'],
        ['POST', '/api/display/status', tv.cookie, { ...GOOD_STATUS, lastError: 'e'.repeat(501) }, 'lastError'],
        ['POST', '/api/display/status', tv.cookie, { ...GOOD_STATUS, dataAgeSeconds: '5' }, 'dataAgeSeconds'],
        ['POST', '/api/display/status', tv.cookie, { ...GOOD_STATUS, memoryMb: -1 }, 'memoryMb'],
        ['POST', '/api/display/status', tv.cookie, { ...GOOD_STATUS, appVersion: 'v'.repeat(65) }, 'appVersion'],
        ['POST', '/api/display/status', tv.cookie, { ...GOOD_STATUS, playlistId: 'other' }, 'playlistId'],
      ];
      for (const [method, path, cookie, body, field] of cases) {
        const refused = await api(server, method, path, cookie, body);
        assert.equal(refused.status, 400, `${method} ${path} ${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(refused.body).slice(0, 200)}`);
        assert.equal(refused.body.error.field, field, `${method} ${path}: ${refused.body.error.message}`);
        assert.ok(refused.body.error.message.length < 400, 'a sentence, not the value echoed back');
      }
      // Numbers JSON.parse reads as Infinity, and an own __proto__ key, are refused too.
      const infinite = await raw(server, 'POST', '/api/display/status', tv.cookie, '{"slide":null,"dataAgeSeconds":1e999,"appVersion":null,"memoryMb":null,"lastError":null}');
      assert.equal(infinite.body.error.field, 'dataAgeSeconds');
      const proto = await raw(server, 'PATCH', `/api/displays/${tv.id}`, admin, '{"name":"X","__proto__":{"supervisor":true}}');
      assert.equal(proto.status, 400);
      assert.equal(proto.body.error.field, '__proto__');
      for (const body of ['[]', '"text"', 'null', '{"name":']) assert.equal((await raw(server, 'PATCH', `/api/displays/${tv.id}`, admin, body)).status, 400, body);
      assert.equal((await raw(server, 'POST', '/api/display/status', tv.cookie, 'slide=x', 'application/x-www-form-urlencoded')).status, 415);
      assert.equal((await api(server, 'GET', `/api/displays/${tv.id}`, admin)).body.name, 'Abused TV', 'nothing changed');
      await stillServing();
    });

    it('any JSON as a heartbeat is either taken (204) or refused naming a field (400), never a server error', async () => {
      const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 300 }), fc.double(), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));
      const report = fc.record({ slide: value, dataAgeSeconds: value, appVersion: value, memoryMb: value, lastError: value }, { requiredKeys: [] });
      await fc.assert(
        fc.asyncProperty(report, async (body) => {
          const answer = await api(server, 'POST', '/api/display/status', tv.cookie, body);
          if (answer.status === 204) return;
          assert.equal(answer.status, 400, JSON.stringify(answer.body));
          assert.ok(Object.keys(GOOD_STATUS).includes(answer.body.error.field), answer.body.error.field);
        }),
        { numRuns: 60 },
      );
      await stillServing();
    });

    it('unknown or malformed ids are 404, never a server error', async () => {
      const ids = ['no-such-display', '00000000-0000-0000-0000-000000000000', 'x'.repeat(5000), '%00', '..%2f..%2fetc', "' or 1=1 --", '%E2%80%AE'];
      for (const id of ids) {
        for (const [method, path, body] of [
          ['GET', `/api/displays/${id}`],
          ['PATCH', `/api/displays/${id}`, { name: 'X' }],
          ['POST', `/api/displays/${id}/commands`, { command: 'identify' }],
          ['DELETE', `/api/displays/${id}`],
          ['GET', `/api/playlists/${id}`],
          ['DELETE', `/api/playlists/${id}?baseVersion=1`],
          ['GET', `/api/pairing/${id}`],
        ] as [string, string, unknown?][]) {
          // The status only: a path the /rtdserver rule finds disguised (%00, %2f) is refused before the API, in text.
          const answer = await fetch(`${server.origin}${path}`, {
            method,
            headers: { cookie: admin, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          assert.equal(answer.status, 404, `${method} ${path.slice(0, 80)}: ${answer.status}`);
        }
      }
      for (const cookie of ['wallboardDisplay=made-up', `wallboardDisplay=${'x'.repeat(4000)}`, 'wallboardDisplay=', 'wallboardDisplay=%00']) {
        const answer = await api(server, 'GET', '/api/display', cookie);
        assert.equal(answer.status, 401, cookie.slice(0, 40));
        assert.equal(answer.body.error.code, 'NOT_A_DISPLAY');
      }
      await stillServing();
    });

    it('a flood of pairing requests from one address is cut at the limit, counted exactly under concurrency; other TVs are still answered', async () => {
      const flooder = { 'x-forwarded-for': '203.0.113.7' };
      const answers = await Promise.all(Array.from({ length: PAIRING_CREATE_LIMIT.max + 20 }, () => requestCode(server, flooder)));
      const created = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 429);
      assert.equal(created.length, PAIRING_CREATE_LIMIT.max, 'exactly the limit, even all at once');
      assert.equal(refused.length, 20);
      assert.equal(refused[0].body.error.code, 'TOO_MANY_ATTEMPTS');
      assert.equal(refused[0].retryAfter, String(refused[0].body.error.retryAfterSeconds), 'the Retry-After header says the same');
      assert.ok(refused[0].body.error.retryAfterSeconds >= 1 && refused[0].body.error.retryAfterSeconds <= 600);
      assert.equal(new Set(created.map((a) => a.body.code)).size, created.length, 'every code is different');
      // Another TV, another address: still served, and a waiting TV's polls still answered.
      const other = await requestCode(server, { 'x-forwarded-for': '198.51.100.20' });
      assert.equal(other.status, 201);
      assert.equal((await poll(server, created[0].body.secret)).body.status, 'waiting');
      await stillServing();
    });

    it('races: one code paired by two supervisors makes one display; two polls collect one credential; two saves from one version keep one', async () => {
      const supervisor = await signIn(server, emulator, 'supervisor');
      const code = await requestCode(server, { 'x-forwarded-for': '198.51.100.30' });
      const pairs = await Promise.all([admin, supervisor].map((cookie, i) => api(server, 'POST', '/api/displays', cookie, { code: code.body.code, name: `Race ${i}`, playlistId: null })));
      assert.equal(pairs.filter((p) => p.status === 201).length, 1, JSON.stringify(pairs.map((p) => p.body)));
      assert.ok(pairs.every((p) => p.status === 201 || p.status === 404 || p.status === 409));
      const names = (await api(server, 'GET', '/api/displays', admin)).body.map((d: any) => d.name);
      assert.equal(names.filter((n: string) => n.startsWith('Race ')).length, 1);
      const polls = await Promise.all(Array.from({ length: 5 }, () => poll(server, code.body.secret)));
      assert.equal(polls.filter((p) => p.cookie).length, 1, 'one credential handed out');
      const saves = await Promise.all(
        Array.from({ length: 6 }, (_, i) => api(server, 'PUT', '/api/playlists/floor', i % 2 ? admin : supervisor, { name: `Floor ${i}`, playlist: DEFAULT_PLAYLIST, baseVersion: 1 })),
      );
      assert.equal(saves.filter((s) => s.status === 200).length, 1, JSON.stringify(saves.map((s) => s.status)));
      assert.equal(saves.filter((s) => s.status === 409).length, 5);
      assert.equal((await api(server, 'GET', '/api/playlists/floor', admin)).body.version, 2);
      await stillServing();
    });
  });
}
