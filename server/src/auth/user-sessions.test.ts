/**
 * Who is signed in comes from the RTD Server, never from what a browser claims: on both engines, a supervisor's and an
 * agent's real tokens, a forged one, a session that ended, and a demotion noticed at the re-check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES, freshDatabase, rtdAccessToken, signIn, startEmulator, startTestServer, api } from '../../test/support.ts';
import { UserSessions } from './user-sessions.ts';

const emulator = await startEmulator();

for (const engine of ENGINES) {
  describe(`user sessions on ${engine}`, async () => {
    const database = await freshDatabase(engine);
    const server = await startTestServer(database, emulator);

    it('a supervisor and an agent are who the RTD Server says they are', async () => {
      const admin = await signIn(server, emulator, 'admin');
      assert.deepEqual((await api(server, 'GET', '/api/session', admin)).body, { username: 'admin', supervisor: true });
      const agent = await signIn(server, emulator, 'user_1');
      assert.deepEqual((await api(server, 'GET', '/api/session', agent)).body, { username: 'user_1', supervisor: false });
    });

    it('a forged or missing token is refused with a message; a made-up session cookie is nobody', async () => {
      const forged = await api(server, 'POST', '/api/session', null, { accessToken: 'i-am-the-supervisor' });
      assert.equal(forged.status, 401);
      assert.match(forged.body.error.message, /does not accept this access token/);
      const missing = await api(server, 'POST', '/api/session', null, { token: 'x' });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.field, 'accessToken');
      const madeUp = await api(server, 'GET', '/api/session', 'wallboardSession=made-up');
      assert.equal(madeUp.status, 401);
      assert.equal(madeUp.body.error.code, 'SESSION_ENDED');
      assert.equal((await api(server, 'GET', '/api/session', null)).body.error.code, 'NOT_SIGNED_IN');
    });

    it('signing out ends the session on the server, not only in the browser', async () => {
      const cookie = await signIn(server, emulator, 'admin');
      assert.equal((await api(server, 'DELETE', '/api/session', cookie)).status, 204);
      assert.equal((await api(server, 'GET', '/api/session', cookie)).status, 401);
    });

    it('once the RTD answer is old, the user is asked about again: a user the RTD Server no longer knows is signed out', async () => {
      let now = Date.now();
      let answer: { username: string; supervisor: boolean; sessionSeconds: number; tokenSeconds: number } | null = { username: 'boss', supervisor: true, sessionSeconds: 60, tokenSeconds: 3600 };
      let asked = 0;
      const sessions = new UserSessions(
        database.db,
        async () => {
          asked++;
          return answer;
        },
        () => now,
      );
      const opened = (await sessions.open(await rtdAccessToken(emulator, 'admin')))!;
      assert.deepEqual(await sessions.user(opened.id), { username: 'boss', supervisor: true });
      assert.equal(asked, 1, 'within the RTD session the answer holds');
      now += 61_000;
      answer = { ...answer!, supervisor: false };
      assert.deepEqual(await sessions.user(opened.id), { username: 'boss', supervisor: false }, 'a demotion is noticed at the re-check');
      assert.equal(asked, 2);
      now += 61_000;
      answer = null;
      assert.equal(await sessions.user(opened.id), null, 'a token the RTD Server refuses ends the session');
      assert.equal(await sessions.user(opened.id), null);
    });
  });
}
