/**
 * Displays from a supervisor's desk, on both engines, over real HTTP: a TV pairs itself with a code, plays its
 * playlist with the boards it names, reports its health, is revoked and then opens nothing; playlists keep the
 * stored version on a conflicting save; the display RTD token is used for the TV's RTD traffic and never shown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, ENGINES, freshDatabase, rtdAccessToken, signIn, startEmulator, startTestServer } from '../../test/support.ts';
import { createPlaylist, DEFAULT_PLAYLIST, openPush, pairTv, poll, requestCode, rtdQuery, storeBoard } from '../../test/displays-support.ts';

const emulator = await startEmulator();
const USERS_QUERY = '{ users(filter: {}) { username } }';

for (const engine of ENGINES) {
  describe(`displays on ${engine}`, async () => {
    const database = await freshDatabase(engine);
    // The server's clock: tests move it forward to expire codes and to let displays fall silent.
    let skew = 0;
    const server = await startTestServer(database, emulator, { now: () => Date.now() + skew });
    const admin = await signIn(server, emulator, 'admin');
    const agent = await signIn(server, emulator, 'user_1');
    await storeBoard(database.db, 'sales', 'Sales');
    await storeBoard(database.db, 'support', 'Support');

    it('a TV pairs with a code, collects its credential once, plays its playlist and shows up healthy on the Displays page', async () => {
      await createPlaylist(server, admin, 'floor', {
        ...DEFAULT_PLAYLIST,
        slides: [
          { board: 'sales', page: 'services', seconds: 20 },
          { board: 'sales', page: 'agents', seconds: 30 },
          { board: 'gone', page: 'groups', seconds: 10 },
        ],
      });
      const supervisorPush = await openPush(server, admin);

      const started = await requestCode(server);
      assert.equal(started.status, 201);
      assert.match(started.body.code, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
      const expiresIn = Date.parse(started.body.expiresAt) - Date.now();
      assert.ok(expiresIn > 9.9 * 60_000 && expiresIn <= 10 * 60_000, `the code lasts 10 minutes (${expiresIn} ms)`);
      const waiting = await poll(server, started.body.secret);
      assert.deepEqual(waiting.body, { status: 'waiting', code: started.body.code, expiresAt: started.body.expiresAt });
      assert.equal(waiting.cookie, null, 'no credential before a supervisor paired it');

      // Typed the way people type what they read off a TV: lower case, with the dash and a space.
      const typed = `${started.body.code.slice(0, 3).toLowerCase()}- ${started.body.code.slice(3).toLowerCase()}`;
      const paired = await api(server, 'POST', '/api/displays', admin, { code: typed, name: '  Sales floor  ', playlistId: 'floor' });
      assert.equal(paired.status, 201, JSON.stringify(paired.body));
      assert.equal(paired.body.name, 'Sales floor');
      assert.equal(paired.body.playlistName, 'Playlist floor');
      assert.equal(paired.body.pairedBy, 'admin');
      assert.equal(paired.body.online, false);
      await supervisorPush.next((m) => m.topic === 'displays' && m.id === paired.body.id && m.action === 'saved');

      const collected = await poll(server, started.body.secret);
      assert.deepEqual(collected.body, { status: 'paired', displayId: paired.body.id });
      assert.match(collected.setCookie!, /HttpOnly/i);
      assert.match(collected.setCookie!, /SameSite=Strict/i);
      const maxAge = Number(collected.setCookie!.match(/Max-Age=(\d+)/i)?.[1]);
      assert.ok(maxAge >= 365 * 24 * 3600, `a long-lived credential (Max-Age ${maxAge})`);
      const again = await poll(server, started.body.secret);
      assert.equal(again.status, 404, 'the credential is handed out once');
      assert.equal(again.cookie, null);
      assert.equal(await database.db.selectFrom('pairing_requests').select('code').where('code', '=', started.body.code).executeTakeFirst(), undefined, 'the request row is gone');

      const tv = collected.cookie!;
      const playback = await api(server, 'GET', '/api/display', tv);
      assert.equal(playback.status, 200);
      assert.equal(playback.body.id, paired.body.id);
      assert.equal(playback.body.name, 'Sales floor');
      assert.equal(playback.body.playlist.id, 'floor');
      assert.equal(playback.body.playlist.playlist.slides.length, 3);
      assert.deepEqual(
        playback.body.boards.map((b: any) => b.id),
        ['sales'],
        'the boards its slides name, once each; a board that is not stored is left out',
      );
      assert.equal(playback.body.boards[0].name, 'Sales');

      const heartbeat = await api(server, 'POST', '/api/display/status', tv, { slide: 'Sales · services', dataAgeSeconds: 1.5, appVersion: '21.0.3', memoryMb: 182.4, lastError: null });
      assert.equal(heartbeat.status, 204);
      await supervisorPush.next((m) => m.topic === 'displays' && m.id === paired.body.id && m.action === 'status');
      const listed = (await api(server, 'GET', '/api/displays', admin)).body.find((d: any) => d.id === paired.body.id);
      assert.equal(listed.online, true);
      assert.equal(listed.status.slide, 'Sales · services');
      assert.equal(listed.status.dataAgeSeconds, 1.5);
      assert.equal(listed.status.appVersion, '21.0.3');
      assert.equal(listed.status.memoryMb, 182.4);
      assert.equal(listed.status.lastError, null);
      assert.ok(listed.status.onlineSince);
      assert.ok(listed.lastSeenAt);

      // A second heartbeat with nothing new is not news; an error is, with since when.
      const isStatus = (m: any) => m.topic === 'displays' && m.id === paired.body.id && m.action === 'status';
      const mark = supervisorPush.messages.length;
      await api(server, 'POST', '/api/display/status', tv, { slide: 'Sales · agents', dataAgeSeconds: 2, appVersion: '21.0.3', memoryMb: 190, lastError: null });
      await api(server, 'POST', '/api/display/status', tv, { slide: 'Sales · agents', dataAgeSeconds: 2, appVersion: '21.0.3', memoryMb: 190, lastError: 'RTD socket closed (1006)' });
      await supervisorPush.next(isStatus, mark);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(supervisorPush.messages.slice(mark).filter(isStatus).length, 1, 'only the new error was pushed');
      const withError = (await api(server, 'GET', '/api/displays', admin)).body.find((d: any) => d.id === paired.body.id);
      assert.equal(withError.status.lastError, 'RTD socket closed (1006)');
      assert.ok(withError.status.lastErrorAt);
      assert.equal(withError.status.onlineSince, listed.status.onlineSince, 'online without a gap since the first heartbeat');

      // Silent for more than 30 s: offline, and the page is told.
      const beforeSilence = supervisorPush.messages.length;
      skew += 31_000;
      const offline = (await api(server, 'GET', '/api/displays', admin)).body.find((d: any) => d.id === paired.body.id);
      assert.equal(offline.online, false);
      assert.equal(offline.status.onlineSince, null);
      await supervisorPush.next(isStatus, beforeSilence);
      supervisorPush.close();
    });

    it('a code expires after 10 minutes: the TV and the supervisor are told so', async () => {
      const started = await requestCode(server);
      skew += 10 * 60_000 + 1_000;
      const typed = await api(server, 'POST', '/api/displays', admin, { code: started.body.code, name: 'Late', playlistId: null });
      assert.equal(typed.status, 410);
      assert.equal(typed.body.error.code, 'PAIRING_CODE_EXPIRED');
      assert.match(typed.body.error.message, new RegExp(`${started.body.code.slice(0, 3)}-${started.body.code.slice(3)}`));
      const polled = await poll(server, started.body.secret);
      assert.ok(polled.status === 410 || polled.status === 404, `the TV learns its code is over (${polled.status})`);
      const other = await requestCode(server);
      skew += 10 * 60_000 + 1_000;
      const tvPoll = await poll(server, other.body.secret);
      assert.equal(tvPoll.status, 410);
      assert.equal(tvPoll.body.error.code, 'PAIRING_CODE_EXPIRED');
      const inTime = await requestCode(server);
      skew += 9 * 60_000 + 50_000;
      assert.equal((await api(server, 'POST', '/api/displays', admin, { code: inTime.body.code, name: 'Just in time', playlistId: null })).status, 201);
    });

    it('a wrong code is 404 naming it; ten wrong codes in 10 minutes lock that supervisor out (429), on every instance, not others', async () => {
      const wrong = await api(server, 'POST', '/api/displays', admin, { code: 'zzz-zzz', name: 'X', playlistId: null });
      assert.equal(wrong.status, 404);
      assert.equal(wrong.body.error.code, 'PAIRING_CODE_UNKNOWN');
      assert.match(wrong.body.error.message, /No TV shows the code ZZZ-ZZZ/);
      // A second instance on the same database counts the same attempts.
      const other = await startTestServer(database, emulator, { now: () => Date.now() + skew });
      const supervisor = await signIn(other, emulator, 'supervisor');
      for (let i = 2; i <= 10; i++) assert.equal((await api(i % 2 ? server : other, 'POST', '/api/displays', admin, { code: `ZZZZZ${'23456789A'[i - 2]}`, name: 'X', playlistId: null })).status, 404);
      const locked = await api(other, 'POST', '/api/displays', admin, { code: 'ZZZZZB', name: 'X', playlistId: null });
      assert.equal(locked.status, 429);
      assert.equal(locked.body.error.code, 'TOO_MANY_ATTEMPTS');
      assert.ok(locked.body.error.retryAfterSeconds > 0 && locked.body.error.retryAfterSeconds <= 600);
      // Even the right code waits: guessing must not go on.
      const right = await requestCode(server);
      assert.equal((await api(server, 'POST', '/api/displays', admin, { code: right.body.code, name: 'X', playlistId: null })).status, 429);
      assert.equal((await api(other, 'POST', '/api/displays', supervisor, { code: right.body.code, name: 'Reception', playlistId: null })).status, 201, 'another supervisor is not locked out');
      const malformed = await api(server, 'POST', '/api/displays', supervisor, { code: 'AB0-1I', name: 'X', playlistId: null });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.field, 'code');
      await other.close();
      skew += 10 * 60_000;
    });

    it('an agent gets 403 on every supervisor route, and nobody signed in gets 401', async () => {
      const { id } = await pairTv(server, admin, 'Agent test');
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/displays'],
        ['GET', `/api/displays/${id}`],
        ['POST', '/api/displays', { code: 'ABC234', name: 'X', playlistId: null }],
        ['PATCH', `/api/displays/${id}`, { name: 'Mine now' }],
        ['POST', `/api/displays/${id}/commands`, { command: 'reload' }],
        ['DELETE', `/api/displays/${id}`],
        ['PUT', '/api/playlists/agents-own', { name: 'X', playlist: DEFAULT_PLAYLIST, baseVersion: null }],
        ['DELETE', '/api/playlists/floor?baseVersion=1'],
        ['GET', '/api/settings/display-token'],
        ['PUT', '/api/settings/display-token', { accessToken: 'x' }],
        ['DELETE', '/api/settings/display-token'],
      ];
      for (const [method, path, body] of routes) {
        const refused = await api(server, method, path, agent, body);
        assert.equal(refused.status, 403, `${method} ${path}`);
        assert.equal(refused.body.error.code, 'NOT_SUPERVISOR');
        assert.match(refused.body.error.message, /user_1/);
        assert.equal((await api(server, method, path, null, body)).status, 401, `${method} ${path} signed out`);
      }
      assert.equal((await api(server, 'GET', '/api/playlists', agent)).status, 200, 'agents read playlists');
      assert.equal((await api(server, 'GET', '/api/displays', admin)).body.find((d: any) => d.id === id).name, 'Agent test', 'nothing changed');
      assert.equal((await api(server, 'GET', '/api/playlists/agents-own', admin)).status, 404);
    });

    it('a revoked display opens nothing: its API answers 401, /rtdserver gets no token, its push socket closes with 4403', async () => {
      assert.equal((await api(server, 'PUT', '/api/settings/display-token', admin, { accessToken: await rtdAccessToken(emulator, 'admin') })).status, 200);
      const { id, cookie } = await pairTv(server, admin, 'Stolen TV');
      assert.equal((await api(server, 'GET', '/api/display', cookie)).status, 200);
      assert.ok((await rtdQuery(server, cookie, USERS_QUERY)).data?.users?.length > 1, 'before: its RTD traffic is authenticated');
      const push = await openPush(server, cookie);

      assert.equal((await api(server, 'DELETE', `/api/displays/${id}`, admin)).status, 204);
      assert.deepEqual(await push.next((m) => m.action === 'revoked'), { topic: 'displays', id, action: 'revoked' });
      assert.equal((await push.closed).code, 4403);

      const refused = await fetch(`${server.origin}/api/display`, { headers: { cookie } });
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as any).error.code, 'NOT_A_DISPLAY');
      assert.ok(
        refused.headers.getSetCookie().some((c) => /^wallboardDisplay=;/.test(c)),
        'the dead cookie is cleared',
      );
      assert.equal((await api(server, 'POST', '/api/display/status', cookie, { slide: null, dataAgeSeconds: null, appVersion: null, memoryMb: null, lastError: null })).status, 401);
      const rtd = await rtdQuery(server, cookie, USERS_QUERY);
      assert.equal(rtd.data?.users ?? null, null, 'no token goes upstream for it');
      assert.equal(rtd.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
      const socket = await new Promise<number | string>((resolve) => {
        import('ws').then(({ default: WebSocket }) => {
          const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/api/push`, { headers: { cookie } });
          ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
          ws.on('open', () => resolve('open'));
          ws.on('error', () => {});
        });
      });
      assert.equal(socket, 401, 'no new push socket either');
      assert.equal(
        (await api(server, 'GET', '/api/displays', admin)).body.some((d: any) => d.id === id),
        false,
        'gone from the list',
      );
      assert.equal((await api(server, 'DELETE', `/api/displays/${id}`, admin)).status, 404);
      assert.equal((await api(server, 'PATCH', `/api/displays/${id}`, admin, { name: 'Back' })).status, 404);
    });

    it('a revoke before the TV collected its credential: the TV never gets one', async () => {
      const started = await requestCode(server);
      const paired = await api(server, 'POST', '/api/displays', admin, { code: started.body.code, name: 'Never collected', playlistId: null });
      assert.equal((await api(server, 'DELETE', `/api/displays/${paired.body.id}`, admin)).status, 204);
      const polled = await poll(server, started.body.secret);
      assert.equal(polled.status, 404);
      assert.equal(polled.cookie, null);
    });

    it('a stale playlist save is refused with 409 and the stored playlist, which stays as it was', async () => {
      const first = await createPlaylist(server, admin, 'lobby');
      assert.equal(first.version, 1);
      assert.equal(first.updatedBy, 'admin');
      const supervisor = await signIn(server, emulator, 'supervisor');
      const theirs = await api(server, 'PUT', '/api/playlists/lobby', supervisor, { name: 'Lobby', playlist: { ...DEFAULT_PLAYLIST, sound: false }, baseVersion: 1 });
      assert.equal(theirs.status, 200);
      assert.equal(theirs.body.version, 2);
      const mine = await api(server, 'PUT', '/api/playlists/lobby', admin, { name: 'Lobby (mine)', playlist: { ...DEFAULT_PLAYLIST, burnIn: false }, baseVersion: 1 });
      assert.equal(mine.status, 409);
      assert.equal(mine.body.error.code, 'VERSION_CONFLICT');
      assert.match(mine.body.error.message, /supervisor/);
      assert.deepEqual(mine.body.error.current, theirs.body);
      assert.deepEqual((await api(server, 'GET', '/api/playlists/lobby', agent)).body, theirs.body);
      const again = await api(server, 'PUT', '/api/playlists/lobby', admin, { name: 'Lobby', playlist: DEFAULT_PLAYLIST, baseVersion: null });
      assert.equal(again.status, 409, 'creating over an existing id');
      assert.deepEqual(again.body.error.current, theirs.body);
      assert.equal((await api(server, 'DELETE', '/api/playlists/lobby?baseVersion=1', admin)).status, 409);
      assert.equal((await api(server, 'PUT', '/api/playlists/never', admin, { name: 'N', playlist: DEFAULT_PLAYLIST, baseVersion: 4 })).status, 404);
      assert.equal((await api(server, 'GET', '/api/playlists/lobby', agent)).body.version, 2);
    });

    it('deleting a playlist leaves its displays with none, and each TV is told', async () => {
      await createPlaylist(server, admin, 'short-lived');
      const tv = await pairTv(server, admin, 'Corridor', 'short-lived');
      const push = await openPush(server, tv.cookie);
      assert.equal((await api(server, 'DELETE', '/api/playlists/short-lived?baseVersion=1', admin)).status, 204);
      const told = await push.next((m) => m.topic === 'displays' && m.id === tv.id && m.action === 'saved');
      assert.equal(told.version, 2);
      await push.next((m) => m.topic === 'playlists' && m.id === 'short-lived' && m.action === 'deleted');
      const playback = await api(server, 'GET', '/api/display', tv.cookie);
      assert.equal(playback.body.playlist, null);
      assert.equal(playback.body.version, 2);
      const listed = (await api(server, 'GET', '/api/displays', admin)).body.find((d: any) => d.id === tv.id);
      assert.equal(listed.playlistId, null);
      assert.equal((await api(server, 'GET', '/api/playlists/short-lived', admin)).status, 404);
      push.close();
    });

    it('a supervisor changes what a TV plays, and reloads or identifies it: only that TV hears it', async () => {
      await createPlaylist(server, admin, 'support-wall', { ...DEFAULT_PLAYLIST, slides: [{ board: 'support', page: 'groups', seconds: 15 }] });
      const tv = await pairTv(server, admin, 'Support wall');
      const otherTv = await pairTv(server, admin, 'Other wall');
      const push = await openPush(server, tv.cookie);
      const otherPush = await openPush(server, otherTv.cookie);
      const patched = await api(server, 'PATCH', `/api/displays/${tv.id}`, admin, { playlistId: 'support-wall', name: 'Support wall (east)' });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.playlistName, 'Playlist support-wall');
      assert.equal(patched.body.version, 2);
      await push.next((m) => m.topic === 'displays' && m.id === tv.id && m.action === 'saved' && m.version === 2);
      const playback = (await api(server, 'GET', '/api/display', tv.cookie)).body;
      assert.equal(playback.name, 'Support wall (east)');
      assert.deepEqual(
        playback.boards.map((b: any) => b.id),
        ['support'],
      );
      for (const command of ['reload', 'identify']) {
        assert.equal((await api(server, 'POST', `/api/displays/${tv.id}/commands`, admin, { command })).status, 202);
        assert.deepEqual(await push.next((m) => m.command === command), { topic: 'displays', id: tv.id, action: 'command', command });
      }
      assert.equal((await api(server, 'POST', `/api/displays/${tv.id}/commands`, admin, { command: 'format-disk' })).body.error.field, 'command');
      assert.equal((await api(server, 'PATCH', `/api/displays/${tv.id}`, admin, { playlistId: 'no-such' })).body.error.field, 'playlistId');
      assert.equal(otherPush.messages.filter((m) => m.topic === 'displays').length, 0, 'another TV hears nothing of it');
      push.close();
      otherPush.close();
    });

    it("the display token is checked with the RTD Server, used for a paired TV's RTD queries, and never in any answer", async () => {
      const agentToken = await rtdAccessToken(emulator, 'user_1');
      const refused = await api(server, 'PUT', '/api/settings/display-token', admin, { accessToken: 'made-up-token' });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.field, 'accessToken');
      const set = await api(server, 'PUT', '/api/settings/display-token', admin, { accessToken: agentToken });
      assert.equal(set.status, 200);
      assert.equal(set.body.set, true);
      assert.equal(set.body.username, 'user_1');
      assert.equal(set.body.updatedBy, 'admin');
      const state = await api(server, 'GET', '/api/settings/display-token', admin);
      assert.deepEqual(Object.keys(state.body).sort(), ['expiresAt', 'set', 'updatedAt', 'updatedBy', 'username'].filter((k) => k in state.body).sort());
      assert.equal(state.body.username, 'user_1');

      const tv = await pairTv(server, admin, 'Token TV', 'floor');
      // The emulator answers an agent with only their own user: the query went out as the token's user.
      const asTv = await rtdQuery(server, tv.cookie, USERS_QUERY);
      assert.deepEqual(asTv.data?.users, [{ username: 'user_1' }], JSON.stringify(asTv));
      const nobody = await rtdQuery(server, null, USERS_QUERY);
      assert.equal(nobody.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'without the display cookie nothing is added');

      const answers = [
        set,
        state,
        await api(server, 'GET', '/api/displays', admin),
        await api(server, 'GET', `/api/displays/${tv.id}`, admin),
        await api(server, 'GET', '/api/display', tv.cookie),
        await api(server, 'GET', '/api/playlists', admin),
        await api(server, 'GET', '/api/session', admin),
      ];
      for (const answer of answers) assert.ok(!JSON.stringify(answer.body).includes(agentToken), `the token leaked in ${JSON.stringify(answer.body).slice(0, 100)}`);

      // A new token is used at once (this instance forgets the one it remembered).
      await api(server, 'PUT', '/api/settings/display-token', admin, { accessToken: await rtdAccessToken(emulator, 'admin') });
      assert.ok((await rtdQuery(server, tv.cookie, USERS_QUERY)).data.users.length > 1);
      assert.equal((await api(server, 'DELETE', '/api/settings/display-token', admin)).status, 204);
      assert.deepEqual((await api(server, 'GET', '/api/settings/display-token', admin)).body, { set: false });
      assert.equal((await rtdQuery(server, tv.cookie, USERS_QUERY)).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    });
  });
}
