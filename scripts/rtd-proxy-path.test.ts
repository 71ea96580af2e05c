// The proxy rule (scripts/rtd-proxy-path.mjs): only /rtdserver and its query is forwarded, rebuilt from what was
// checked; disguised paths and anything else under /rtdserver are refused; the rest is the app's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
// @ts-expect-error: a plain ES module script, without types
import { RTD_PATH, isDisguisedPath, normaliseRequestPath, rtdRoute } from './rtd-proxy-path.mjs';

type Route = { action: 'forward'; url: string } | { action: 'refuse' } | { action: 'app' };
const route = (url: string): Route => rtdRoute(url);

describe('the table of request targets', () => {
  const forwarded: [string, string][] = [
    ['/rtdserver', '/rtdserver'],
    ['/rtdserver?query=%7B%20version%20%7D', '/rtdserver?query=%7B%20version%20%7D'],
    // The query is the upstream's to read; only the path decides where the request goes.
    ['/rtdserver?x=/../simulator/state', '/rtdserver?x=/../simulator/state'],
    ['/rtdserver?', '/rtdserver?'],
  ];
  for (const [url, sent] of forwarded) {
    it(`${url} is forwarded as ${sent}`, () => assert.deepEqual(route(url), { action: 'forward', url: sent }));
  }

  const refused = [
    // The exploits.
    '/rtdserver/../simulator/state',
    '/rtdserver/%2e%2e/simulator/reset',
    '/rtdserver/%2E%2E/simulator/reset',
    '/rtdserver/..%2fsimulator/state',
    '/rtdserver/..%2Fsimulator/state',
    '/rtdserver\\..\\simulator',
    '/rtdserver/..%5csimulator/state',
    '//rtdserver/../simulator',
    '/rtdserver/playground',
    // Variants: double encoding, half-encoded dots, a disguised way in, trailing forms, path parameters, case.
    '/rtdserver/%252e%252e/simulator/state',
    '/rtdserver/.%2e/simulator/state',
    '/rtdserver/%2e./simulator/state',
    '/x/../rtdserver',
    '/x/%2e%2e/rtdserver',
    '/./rtdserver',
    '/rtdserver/',
    '/rtdserver/.',
    '/rtdserver/..',
    '/rtdserver//',
    '/rtdserver;jsessionid=1',
    '/rtdserver/..;/simulator/state',
    '/rtdserver%2f..%2fsimulator',
    '/rtdserve%72',
    '/RTDSERVER',
    '/RtdServer/../simulator',
    '/rtdserver-admin',
    '/rtdserver%00',
    '/rtdserver%',
    '/rtdserver%zz',
    '/%E0%A4%A',
    // Not origin-form: never forwarded.
    'http://127.0.0.1:4000/rtdserver',
    '*',
    '',
    // A fragment is never sent by a browser; Express would read the path only up to it (fast-check found /%2e#).
    '/%2e#',
    '/rtdserver#',
    '/rtdserver?query=1#x',
    '/kiosk#main',
    // Disguised paths are refused even where they would land in the app: no index.html for them.
    '//simulator/state',
    '/kiosk/../simulator',
    '/a\\b',
  ];
  for (const url of refused) {
    it(`${JSON.stringify(url)} is refused`, () => assert.deepEqual(route(url), { action: 'refuse' }));
  }

  const app = ['/', '/index.html', '/kiosk', '/services?board=x', '/main-ABCD1234.js', '/media/roboto-1A2B3C4D.woff2', '/kiosk/', '/rtd', '/simulator/state', '/a%20b'];
  for (const url of app) {
    it(`${url} is the app's`, () => assert.deepEqual(route(url), { action: 'app' }));
  }
});

describe('normalising a path', () => {
  for (const [path, normalised] of [
    ['/rtdserver/../simulator/state', '/simulator/state'],
    ['/rtdserver/%2e%2e/simulator/reset', '/simulator/reset'],
    ['/rtdserver/..%2fsimulator/state', '/simulator/state'],
    ['/rtdserver\\..\\simulator', '/simulator'],
    ['//rtdserver/../simulator', '/simulator'],
    ['/x/../rtdserver', '/rtdserver'],
    ['/../../rtdserver', '/rtdserver'],
    ['/rtdserver/.', '/rtdserver/'],
    ['/rtdserver/a/..', '/rtdserver/'],
    ['/', '/'],
    ['/%252e%252e/rtdserver', '/rtdserver'],
  ] as const) {
    it(`${path} → ${normalised}`, () => assert.equal(normaliseRequestPath(path), normalised));
  }
  it('a percent-encoding that does not decode gives null', () => {
    assert.equal(normaliseRequestPath('/rtdserver%'), null);
    assert.equal(normaliseRequestPath('/%E0%A4%A'), null);
  });
  it('a plain path is not disguised; each disguise is', () => {
    assert.equal(isDisguisedPath('/rtdserver'), false);
    assert.equal(isDisguisedPath('/kiosk/'), false);
    for (const path of ['/a/./b', '/a/../b', '/a/%2E/b', '/a%2fb', '/a%5Cb', '/a\\b', '/a//b', '/a%00b', '/a%0d%0ab']) assert.equal(isDisguisedPath(path), true, path);
  });
});

/** Request targets built from the pieces an attacker combines. */
const hostileTarget = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '/',
        '//',
        '\\',
        '.',
        '..',
        '%2e',
        '%2E',
        '%2e%2e',
        '%252e',
        '%2f',
        '%2F',
        '%5c',
        '%5C',
        '%25',
        '%',
        ';',
        '?',
        '#',
        '%00',
        'rtdserver',
        'RTDSERVER',
        'simulator',
        'state',
        'playground',
        'x',
      ),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 10 },
  )
  .map((pieces) => pieces.join(''));
const anyTarget = fc.oneof(
  hostileTarget,
  hostileTarget.map((t) => `/${t}`),
  hostileTarget.map((t) => `/rtdserver${t}`),
  fc.string(),
);

describe('properties, whatever the request target', () => {
  it('a forwarded target goes to exactly /rtdserver, which normalises to itself, with the query as sent', () => {
    fc.assert(
      fc.property(anyTarget, (url) => {
        const r = route(url);
        if (r.action !== 'forward') return;
        const q = url.indexOf('?');
        const [path, query] = q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
        assert.equal(path, RTD_PATH);
        assert.equal(r.url, `${RTD_PATH}${query}`);
        const sentPath = r.url.split('?')[0];
        assert.equal(sentPath, RTD_PATH);
        assert.equal(normaliseRequestPath(sentPath), RTD_PATH);
      }),
      { numRuns: 5_000 },
    );
  });

  it('a target that is not /rtdserver itself never goes upstream; one resolving under /rtdserver never reaches the app', () => {
    fc.assert(
      fc.property(anyTarget, (url) => {
        const r = route(url);
        const path = url.split('?')[0];
        if (path !== RTD_PATH) assert.notEqual(r.action, 'forward', url);
        const normalised = normaliseRequestPath(path);
        if (normalised === null || normalised.toLowerCase().startsWith(RTD_PATH) || isDisguisedPath(path)) assert.notEqual(r.action, 'app', url);
      }),
      { numRuns: 5_000 },
    );
  });

  it('the app only gets plain paths, which normalise to themselves', () => {
    fc.assert(
      fc.property(anyTarget, (url) => {
        if (route(url).action !== 'app') return;
        const path = url.split('?')[0];
        assert.equal(normaliseRequestPath(path), fullyDecoded(path), url);
      }),
      { numRuns: 5_000 },
    );
  });
});

/** The path decoded until stable, as a plain path's normal form must read (no dots, no doubled or hidden slashes). */
function fullyDecoded(path: string): string {
  let current = path;
  for (;;) {
    const next = decodeURIComponent(current);
    if (next === current) return current;
    current = next;
  }
}
