/**
 * What a wallboard TV relies on: the default scenario's kiosk token, the same after a restart, and the control
 * plane's `expire-sessions`, which ends every session (HTTP answers SESSION_EXPIRED, sockets close with 4401)
 * while the kiosk token keeps logging in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloseCode } from '../../contract/close-codes.ts';
import { Emulator } from '../src/emulator.ts';
import { DEFAULT_KIOSK_TOKEN, defaultScenario } from '../src/simulation/scenario.ts';
import { TEST_START, startTestEmulator } from './support.ts';
import { transportClient, waitForSubscriptions } from './socket-clients.ts';

const PROTECTED = '{ serviceStats(filter: { CALL: { services: ["service_1"] } }) { code channel } }';
const SUBSCRIPTION = 'subscription { serviceStats(filter: { CALL: { services: ["service_1"] } }) { code channel channelStats { ... on ServiceCcCallAtStat { receivedCalls } } } }';
const KIOSK_LOGIN = `mutation { loginWithAccessToken(accessToken: "${DEFAULT_KIOSK_TOKEN}") { username authToken { accessToken } } }`;

describe('the default scenario’s kiosk token', () => {
  it('is defined for admin, and a second build of the scenario has the same one', () => {
    assert.deepEqual(defaultScenario().kioskTokens, [{ token: DEFAULT_KIOSK_TOKEN, username: 'admin' }]);
    assert.deepEqual(defaultScenario().kioskTokens, defaultScenario().kioskTokens);
  });

  it('logs in on an emulator, and again on a restarted one', async () => {
    for (let run = 0; run < 2; run++) {
      const emulator = await Emulator.start({ port: 0, startTime: TEST_START, paused: true });
      try {
        const response = await fetch(emulator.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: KIOSK_LOGIN }) });
        const body = await response.json();
        assert.equal(body.errors, undefined, `run ${run + 1}: ${JSON.stringify(body.errors)}`);
        assert.deepEqual(body.data.loginWithAccessToken, { username: 'admin', authToken: { accessToken: DEFAULT_KIOSK_TOKEN } });
      } finally {
        await emulator.close();
      }
    }
  });
});

describe('POST /simulator/expire-sessions', async () => {
  const t = await startTestEmulator({ tickMs: 50 });

  it('ends sessions and tokens on HTTP and closes their sockets with 4401; the kiosk token still logs in', async () => {
    const admin = await t.login();
    assert.equal((await t.gql(PROTECTED, { cookie: admin.cookie })).body.errors, undefined);
    const kiosk = await t.gql(KIOSK_LOGIN);
    const kioskCookie = kiosk.response.headers.getSetCookie()[0].split(';')[0];
    const bySession = transportClient(t.wsUrl, { cookie: admin.cookie });
    const byKioskToken = transportClient(t.wsUrl, { accessToken: DEFAULT_KIOSK_TOKEN });
    bySession.subscribe(SUBSCRIPTION);
    byKioskToken.subscribe(SUBSCRIPTION);
    await Promise.all([bySession.connected, byKioskToken.connected]);
    await waitForSubscriptions(t.emulator, 2);

    const answer = await t.control('expire-sessions');
    assert.equal(answer.closedSockets, 2);
    assert.ok(answer.expired >= 2, `expired ${answer.expired}`);

    for (const cookie of [admin.cookie, kioskCookie, `teleniaRtdAccessToken=${admin.accessToken}`]) {
      const { body } = await t.gql(PROTECTED, { cookie });
      assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', `${cookie}: ${JSON.stringify(body)}`);
      assert.match(body.errors[0].extensions.reason, /^(SESSION_EXPIRED|TOKEN_EXPIRED)$/);
    }
    assert.equal((await bySession.closed).code, CloseCode.Unauthorized);
    assert.equal((await byKioskToken.closed).code, CloseCode.Unauthorized);

    const again = await t.gql(KIOSK_LOGIN);
    assert.equal(again.body.errors, undefined);
    const cookie = again.response.headers.getSetCookie()[0].split(';')[0];
    assert.equal((await t.gql(PROTECTED, { cookie })).body.errors, undefined, 'the new kiosk session works');
  });
});

describe('POST /simulator/kiosk-tokens', async () => {
  const t = await startTestEmulator();

  it('revokes the kiosk tokens (TOKEN_UNKNOWN) and gives them back', async () => {
    await t.control('kiosk-tokens', { enabled: false });
    const refused = await t.gql(KIOSK_LOGIN);
    assert.equal(refused.body.errors?.[0]?.extensions?.reason, 'TOKEN_UNKNOWN');
    await t.control('kiosk-tokens', { enabled: true });
    assert.equal((await t.gql(KIOSK_LOGIN)).body.errors, undefined);
  });

  it('refuses a body without "enabled"', async () => {
    const response = await fetch(`${t.origin}/simulator/kiosk-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, /"enabled" must be true or false/);
  });
});
