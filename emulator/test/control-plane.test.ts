/**
 * The control plane under /simulator: pause, resume, step, lose-deltas, health, disconnect, surge, reset and state, with the
 * errors a script gets for bad bodies, unknown actions and wrong methods.
 */
import assert from 'node:assert/strict';
import { type IncomingHttpHeaders, request } from 'node:http';
import { describe, it } from 'node:test';
import { CloseCode } from '../../contract/close-codes.ts';
import { sleep, startTestEmulator } from './support.ts';
import { rawLegacy, transportClient, waitForSubscriptions } from './socket-clients.ts';

const t = await startTestEmulator({ tickMs: 50 });
const admin = await t.login();

/** A request to the control plane, returning status and parsed body. */
async function control(method: string, action: string, body?: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(`${t.origin}/simulator/${action}`, { method, headers, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const clockMs = async () => Date.parse((await t.control('state')).clock);

const SNAPSHOT = `{ serviceStats(filter: { CALL: { services: ["service_1", "service_2", "service_4"] } }) {
  code channel
  channelStats { ... on ServiceCcCallAtStat { receivedCalls answeredCalls hangupCalls queuedCalls maxTimeCallOnQueue averageTimeOnQueue } }
  userStats { loggedUsers { count profileIds } busyUsers { count profileIds } readyUsers { count profileIds } }
} }`;
const snapshot = async () => {
  const { body } = await t.gql(SNAPSHOT, { cookie: admin.cookie });
  assert.equal(body.errors, undefined);
  return body.data;
};

describe('clock', () => {
  it('state reports a paused emulator at the test start time', async () => {
    const state = await t.control('state');
    assert.equal(state.paused, true);
    assert.equal(state.clock, '2026-11-24T09:30:00.000Z');
    assert.equal(state.tickMs, 50);
    assert.equal(state.rtdVersion, '1.0.2');
    assert.deepEqual(state.scenario, { name: 'default', services: 6, agents: 30, skillsets: 3 });
  });

  it('paused, the clock stands still across ticks', async () => {
    const before = await clockMs();
    await sleep(200);
    assert.equal(await clockMs(), before);
  });

  it('step advances the clock by exactly the stepped seconds while paused', async () => {
    const before = await clockMs();
    const stepped = await t.control('step', { seconds: 90 });
    assert.equal(Date.parse(stepped.clock) - before, 90_000);
    assert.equal(stepped.paused, true);
    await t.control('step', { seconds: 0.5 });
    assert.equal((await clockMs()) - before, 90_500);
    // A step without seconds is one second.
    await t.control('step', {});
    assert.equal((await clockMs()) - before, 91_500);
    await sleep(120);
    assert.equal((await clockMs()) - before, 91_500, 'no drift while paused');
  });

  it('resume lets the clock run; pause stops it again', async () => {
    const before = await clockMs();
    const wallStart = Date.now();
    const resumed = await t.control('resume');
    assert.equal(resumed.paused, false);
    await sleep(300);
    const paused = await t.control('pause');
    const wall = Date.now() - wallStart;
    assert.equal(paused.paused, true);
    const ran = Date.parse(paused.clock) - before;
    // Speed 1: whole ticks of 50 ms, no more than the wall time that passed (ticks never catch up).
    assert.equal(ran % 50, 0, `ran ${ran} ms, not whole ticks`);
    assert.ok(ran >= 100 && ran <= wall + 50, `ran ${ran} ms in ${wall} ms of wall time`);
    await sleep(150);
    assert.equal(await clockMs(), Date.parse(paused.clock));
  });

  it('step changes the data a query sees', async () => {
    const before = await snapshot();
    await t.control('step', { seconds: 600 });
    assert.notDeepEqual(await snapshot(), before);
  });
});

describe('health', () => {
  const health = async () => (await t.gql('{ serverHealth { status } }')).body;

  it('FAIL shows in serverHealth, PASS restores it', async () => {
    assert.deepEqual(await health(), { data: { serverHealth: { status: 'PASS' } } });
    const failed = await t.control('health', { status: 'FAIL' });
    assert.equal(failed.health, 'FAIL');
    assert.deepEqual(await health(), { data: { serverHealth: { status: 'FAIL' } } });
    const passed = await t.control('health', { status: 'PASS' });
    assert.equal(passed.health, 'PASS');
    assert.deepEqual(await health(), { data: { serverHealth: { status: 'PASS' } } });
  });
});

describe('bad requests', () => {
  for (const [action, body, message] of [
    ['step', '{"seconds": -1}', /"seconds" must be a number of simulated seconds between 0 and 604800/],
    ['step', '{"seconds": 0}', /"seconds" must be/],
    ['step', '{"seconds": "10"}', /"seconds" must be/],
    ['step', '{"seconds": 604801}', /"seconds" must be/],
    ['health', '{"status": "MAYBE"}', /^"status" must be "PASS" or "FAIL"$/],
    ['health', '{}', /"status" must be/],
    ['reset', '{"seed": 1.5}', /^"seed" must be an integer$/],
    ['step', 'seconds=10', /^Body must be a JSON object$/],
    ['pause', '[1]', /^Body must be a JSON object$/],
    ['health', '"FAIL"', /^Body must be a JSON object$/],
  ] as const) {
    it(`${action} ${body}: 400 with an error message`, async () => {
      const before = await t.control('state');
      const { status, body: answer, headers } = await control('POST', action, body);
      assert.equal(status, 400);
      assert.match(headers.get('content-type') ?? '', /^application\/json/);
      assert.match(answer.error, message);
      const after = await t.control('state');
      assert.equal(after.clock, before.clock, 'nothing changed');
      assert.equal(after.health, before.health);
      assert.equal(after.seed, before.seed);
    });
  }

  it('an unknown action: 404 listing the actions', async () => {
    const { status, body } = await control('POST', 'explode', '{}');
    assert.equal(status, 404);
    assert.match(body.error, /^Unknown control action "explode": pause, resume, step, lose-deltas, health, disconnect, expire-sessions, kiosk-tokens, surge, reset, state$/);
  });

  for (const action of ['pause', 'step', 'reset', 'disconnect']) {
    it(`GET ${action}: 405 naming POST`, async () => {
      const { status, body, headers } = await control('GET', action);
      assert.equal(status, 405);
      assert.equal(headers.get('allow'), 'POST');
      assert.equal(body.error, 'Use POST');
    });
  }

  it('POST state: 405 naming GET', async () => {
    const { status, headers } = await control('POST', 'state', '{}');
    assert.equal(status, 405);
    assert.equal(headers.get('allow'), 'GET');
  });

  it('a POST without a body or a content type counts as {}', async () => {
    const before = await clockMs();
    const { status } = await control('POST', 'step', undefined, {});
    assert.equal(status, 200);
    assert.equal((await clockMs()) - before, 1000);
  });

  for (const path of ['/simulator', '/simulator/', '/simulator/state/', '/simulator//state', '/simulator/%73tate', '/simulator/state/x', '/simulator/.']) {
    for (const method of ['GET', 'POST']) {
      it(`${method} ${path}: 404 listing the actions, nothing changed`, async () => {
        const before = simulation(await t.control('state'));
        const answer = await raw(method, path, { 'content-type': 'application/json' }, method === 'POST' ? `{"seed": ${before.seed + 1}}` : undefined);
        assert.equal(answer.status, 404);
        assert.match(answer.body.error, /^Unknown control action ".*": pause, resume, .*, reset, state$/);
        assert.deepEqual(simulation(await t.control('state')), before);
      });
    }
  }

  it('/simulatorx is not the control plane', async () => {
    const answer = await raw('GET', '/simulatorx');
    assert.equal(answer.status, 404);
    assert.match(answer.body.errors[0].message, /^Nothing at \/simulatorx/);
  });

  it('/simulator/state with a query string is the state', async () => {
    assert.equal((await raw('GET', '/simulator/state?x=1')).status, 200);
  });
});

describe('disconnect', () => {
  it('drops graphql-transport-ws and legacy sockets; clients see the close', async () => {
    const transport = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    const sub = transport.subscribe('subscription { serviceStats(filter: { CALL: { services: ["service_1"] } }) { code } }');
    await transport.connected;
    const legacy = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    await waitForSubscriptions(t.emulator, 1);
    const before = await t.control('state');
    assert.deepEqual(before.sockets, { total: 2, transport: 1, legacy: 1 });

    const dropped = await t.control('disconnect');
    assert.equal(dropped.dropped, 2);

    // Dropped without a closing handshake, as a crashed server would: 1006 on both.
    const legacyClosed = await legacy.closed;
    assert.equal(legacyClosed.code, CloseCode.AbnormalClosure);
    const transportClosed = await transport.closed;
    assert.equal(transportClosed.code, CloseCode.AbnormalClosure);
    assert.ok(await sub.end(), 'the subscription ended with an error');
    await waitUntil(async () => (await t.control('state')).sockets.total === 0);
    const after = await t.control('state');
    assert.deepEqual(after.sockets, { total: 0, transport: 0, legacy: 0 });
    assert.equal(after.subscriptions, 0);
    await transport.close();

    // New sockets are welcome afterwards.
    const again = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    assert.equal(again.messages[0].type, 'connection_ack');
    again.close();
  });

  it('with no sockets: dropped 0', async () => {
    await waitUntil(async () => (await t.control('state')).sockets.total === 0);
    assert.equal((await t.control('disconnect')).dropped, 0);
  });
});

describe('reset', () => {
  it('a new seed changes the data; the same seed twice gives the same snapshot', async () => {
    const one = await t.control('reset', { seed: 1 });
    assert.equal(one.seed, 1);
    assert.equal(one.clock, '2026-11-24T09:30:00.000Z', 'reset restarts from the start time');
    const seed1 = await snapshot();

    const seven = await t.control('reset', { seed: 7 });
    assert.equal(seven.seed, 7);
    const seed7 = await snapshot();
    assert.notDeepEqual(seed7, seed1);

    await t.control('step', { seconds: 300 });
    assert.notDeepEqual(await snapshot(), seed7);
    await t.control('reset', { seed: 7 });
    assert.deepEqual(await snapshot(), seed7);
    await t.control('reset', { seed: 1 });
    assert.deepEqual(await snapshot(), seed1);
  });

  it('reset without a seed reuses the start seed', async () => {
    await t.control('reset', { seed: 9 });
    const state = await t.control('reset', {});
    assert.equal(state.seed, 1);
  });

  it('lose-deltas advances the clock but sends subscribers nothing: only a snapshot shows the change', async () => {
    await t.control('pause');
    const legacy = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      legacy.send({ id: 'l', type: 'start', payload: { query: SNAPSHOT.replace(/^\{/, 'subscription {') } });
      await waitForSubscriptions(t.emulator, 1);
      const before = await snapshot();
      const state = await t.control('lose-deltas', { seconds: 600 });
      assert.equal(state.paused, true);
      await assert.rejects(
        legacy.waitFor((m) => m.id === 'l', 300),
        'no message for the lost step',
      );
      assert.notDeepEqual(await snapshot(), before, 'the server moved on');
      // Later steps are diffed against what the server lost, not against what the subscriber holds.
      await t.control('step', { seconds: 600 });
      const next = await legacy.waitFor((m) => m.type === 'data' && m.id === 'l');
      assert.equal(next.payload.errors, undefined);
    } finally {
      legacy.close();
      await t.control('resume');
    }
  });

  it('subscribers get the difference as a delta', async () => {
    const legacy = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      legacy.send({ id: 'r', type: 'start', payload: { query: SNAPSHOT.replace(/^\{/, 'subscription {') } });
      await waitForSubscriptions(t.emulator, 1);
      await t.control('reset', { seed: 42 });
      const data = await legacy.waitFor((m) => m.type === 'data' && m.id === 'r');
      assert.equal(data.payload.errors, undefined);
      assert.equal(data.payload.data.serviceStats.length, 3);
    } finally {
      legacy.close();
    }
  });
});

describe('surge', () => {
  const received = async (code: string) => {
    const { body } = await t.gql(`{ serviceStats(filter: { CALL: { services: ["${code}"] } }) { channelStats { ... on ServiceCcCallAtStat { receivedCalls } } } }`, { cookie: admin.cookie });
    return body.data.serviceStats[0].channelStats.receivedCalls as number;
  };
  /** Calls service_1 receives in `minutes` after a reset to `seed`, with the surge given (or none). */
  const callsIn = async (seed: number, minutes: number, surge?: { factor: number; minutes: number }) => {
    await t.control('reset', { seed });
    if (surge) await t.control('surge', { service: 'service_1', ...surge });
    const before = await received('service_1');
    await t.control('step', { seconds: minutes * 60 });
    return (await received('service_1')) - before;
  };

  it('multiplies the service’s calls for its minutes; the state lists it until it ends', async () => {
    await t.control('pause');
    let ordinary = 0;
    let surged = 0;
    for (const seed of [11, 12, 13]) {
      ordinary += await callsIn(seed, 60);
      surged += await callsIn(seed, 60, { factor: 4, minutes: 60 });
    }
    assert.ok(surged > 2.5 * ordinary, `with a surge of 4: ${surged} calls, without: ${ordinary}`);

    const state = await t.control('reset', { seed: 11 });
    assert.deepEqual(state.surges, []);
    const started = await t.control('surge', { service: 'service_2', factor: 2.5, minutes: 15 });
    assert.deepEqual(started.surges, [{ service: 'service_2', factor: 2.5, until: new Date(Date.parse(state.clock) + 15 * 60_000).toISOString() }]);
    assert.equal((await t.control('step', { seconds: 14 * 60 })).surges.length, 1);
    assert.deepEqual((await t.control('step', { seconds: 60 })).surges, [], 'over after 15 simulated minutes');
  });

  it('a factor of 0 stops the service’s calls', async () => {
    assert.equal(await callsIn(11, 20, { factor: 0, minutes: 20 }), 0);
  });

  it('an unknown service: 404 naming it and the scenario’s services, nothing changed', async () => {
    await t.control('reset', { seed: 11 });
    const { status, body } = await control('POST', 'surge', JSON.stringify({ service: 'service_99', factor: 2, minutes: 10 }));
    assert.equal(status, 404);
    assert.equal(body.error, 'Unknown service "service_99": the scenario\'s services are service_1, service_2, service_3, service_4, service_5, service_6');
    assert.deepEqual((await t.control('state')).surges, []);
  });

  for (const [body, message] of [
    ['{"factor": 2, "minutes": 10}', /^"service" must be a service code/],
    ['{"service": 1, "factor": 2, "minutes": 10}', /^"service" must be a service code/],
    ['{"service": "service_1", "minutes": 10}', /^"factor" must be a number from 0 to 20/],
    ['{"service": "service_1", "factor": -1, "minutes": 10}', /^"factor" must be/],
    ['{"service": "service_1", "factor": 21, "minutes": 10}', /^"factor" must be/],
    ['{"service": "service_1", "factor": "2", "minutes": 10}', /^"factor" must be/],
    ['{"service": "service_1", "factor": 2}', /^"minutes" must be a number of simulated minutes above 0 and at most 1440$/],
    ['{"service": "service_1", "factor": 2, "minutes": 0}', /^"minutes" must be/],
    ['{"service": "service_1", "factor": 2, "minutes": 1441}', /^"minutes" must be/],
    ['{"service": "service_1", "factor": 2, "minutes": 1e400}', /^"minutes" must be/],
  ] as const) {
    it(`surge ${body}: 400 with an error message, no surge`, async () => {
      await t.control('reset', { seed: 11 });
      const { status, body: answer } = await control('POST', 'surge', body);
      assert.equal(status, 400);
      assert.match(answer.error, message);
      assert.deepEqual((await t.control('state')).surges, []);
    });
  }

  it('GET surge: 405 naming POST', async () => {
    const { status, headers } = await control('GET', 'surge');
    assert.equal(status, 405);
    assert.equal(headers.get('allow'), 'POST');
  });
});

describe('access', () => {
  it('the control plane does not need a login, GraphQL does', async () => {
    const { status } = await control('GET', 'state');
    assert.equal(status, 200);
    const { body } = await t.gql(SNAPSHOT);
    assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  });

  const port = new URL(t.origin).port;
  /** A reset to another seed with these headers: refused, and the seed is what it was. */
  const refusedReset = async (headers: Record<string, string>, status: number, message: RegExp, emulatorT = t) => {
    const before = await emulatorT.control('state');
    const answer = await raw('POST', '/simulator/reset', headers, JSON.stringify({ seed: before.seed + 1 }), emulatorT.origin);
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
    assert.match(answer.body.error, message);
    assert.equal((await emulatorT.control('state')).seed, before.seed, 'the seed did not change');
  };

  // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 still sends its own name as Host.
  for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example`, '[::2]', '0.0.0.0', `10.0.0.1:${port}`, 'localhost:x', '']) {
    it(`Host ${JSON.stringify(host)}: 403, nothing changed`, () => refusedReset({ host, 'content-type': 'application/json' }, 403, /loopback name only/));
  }

  for (const host of ['localhost', `LOCALHOST:${port}`, '127.0.0.1', `127.1.2.3:${port}`, '[::1]', `[::1]:${port}`]) {
    it(`Host ${host}: answered`, async () => assert.equal((await raw('GET', '/simulator/state', { host })).status, 200));
  }

  // Cross-site: another origin's page, a sandboxed or file:// page (Origin: null), anything malformed.
  for (const origin of [
    'null',
    '',
    'http://evil.example',
    `http://localhost:${Number(port) + 1}`,
    `https://127.0.0.1:${port}`,
    'file://',
    'file:///tmp/x.html',
    `${t.origin}/`,
    'not an origin',
    `${t.origin}, http://evil.example`,
  ]) {
    it(`Origin ${JSON.stringify(origin)}: 403, nothing changed`, () => refusedReset({ origin, 'content-type': 'application/json' }, 403, /refuses cross-site requests/));
    it(`Origin ${JSON.stringify(origin)}: GET state refused too`, async () => assert.equal((await raw('GET', '/simulator/state', { origin })).status, 403));
  }

  it('the CSRF of the issue, a text/plain POST from another origin: 403, nothing changed', () =>
    refusedReset({ origin: 'http://evil.example', 'content-type': 'text/plain;charset=UTF-8' }, 403, /cross-site/));

  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/json-seq', '']) {
    it(`Content-Type ${JSON.stringify(type)}: 415, nothing changed`, () => refusedReset({ 'content-type': type }, 415, /application\/json/));
  }

  it('a body without a content type: 415, nothing changed', () => refusedReset({}, 415, /application\/json/));

  it('its own Origin, and application/json with a charset, are welcome', async () => {
    const before = await t.control('state');
    for (const origin of [t.origin, t.origin.replace('127.0.0.1', 'localhost')]) {
      const host = new URL(origin).host;
      const answer = await raw('POST', '/simulator/reset', { origin, host, 'content-type': 'application/json; charset=utf-8' }, `{"seed": ${before.seed}}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    }
  });

  describe('with --control-from-anywhere', async () => {
    const anywhere = await startTestEmulator({ controlFromAnywhere: true });
    it('any Host name is answered', async () => assert.equal((await raw('GET', '/simulator/state', { host: 'wallboard-lab.example' }, undefined, anywhere.origin)).status, 200));
    it('another Origin is still refused', () => refusedReset({ host: 'wallboard-lab.example', origin: 'http://evil.example', 'content-type': 'application/json' }, 403, /cross-site/, anywhere));
    it('a text/plain POST is still refused', () => refusedReset({ host: 'wallboard-lab.example', 'content-type': 'text/plain' }, 415, /application\/json/, anywhere));
  });
});

/** A request with exactly these headers (Host and Origin included, which fetch would not send as given). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string, origin = t.origin) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const req = request({ hostname, port, method, path, headers, setHost: !('host' in headers) }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What a control action changes (the last tick's timing changes by itself). */
function simulation({ clock, seed, health, paused, speed }: { clock: string; seed: number; health: string; paused: boolean; speed: number }) {
  return { clock, seed, health, paused, speed };
}

async function waitUntil(check: () => Promise<boolean>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out: ${JSON.stringify(await t.control('state'))}`);
    await sleep(10);
  }
}
