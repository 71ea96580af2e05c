/**
 * GraphQL over HTTP conformance: graphql-http's server audits against /rtdserver, authenticated by the
 * admin session cookie added in `fetchFn`. Every MUST audit has to pass; SHOULD and MAY audits are run and
 * their results noted (as diagnostics) but not asserted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverAudits } from 'graphql-http';
import { startTestEmulator } from './support.ts';

const t = await startTestEmulator();
const admin = await t.login();

/** Fetch with the session cookie, as a logged-in browser would send it. */
const fetchWithCookie: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('cookie', admin.cookie);
  return fetch(input, { ...init, headers });
};

const audits = serverAudits({ url: t.url, fetchFn: fetchWithCookie });

it('the audit list holds MUST audits', () => {
  const must = audits.filter((a) => a.name.startsWith('MUST'));
  // graphql-http 1.23 has 61 audits, 13 of them MUST.
  assert.ok(must.length >= 10, `only ${must.length} MUST audits`);
  assert.ok(audits.length >= 50, `only ${audits.length} audits`);
  assert.equal(new Set(audits.map((a) => a.id)).size, audits.length, 'audit ids are unique');
});

describe('MUST audits', () => {
  for (const audit of audits.filter((a) => a.name.startsWith('MUST'))) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status !== 'ok') {
        const body = await result.response.text().catch(() => '(no body)');
        assert.fail(`${result.status}: ${result.reason}\nresponse ${result.response.status}: ${body.slice(0, 500)}`);
      }
    });
  }
});

describe('SHOULD and MAY audits (reported, not asserted)', () => {
  for (const audit of audits.filter((a) => !a.name.startsWith('MUST'))) {
    it(`${audit.id} ${audit.name}`, async (ctx) => {
      const result = await audit.fn();
      if (result.status !== 'ok') {
        ctx.diagnostic(`${result.status}: ${result.reason}`);
        await result.response.arrayBuffer().catch(() => undefined);
      }
    });
  }
});

it('without the cookie an audited request gets UNAUTHENTICATED, not data', async () => {
  // The audits' own documents select only `__typename`, which needs no login; a protected field does.
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: '{ users(filter: {}) { username } }' }),
  });
  assert.match(response.headers.get('content-type') ?? '', /^application\/graphql-response\+json/);
  const body = await response.json();
  assert.ok(!('data' in body));
  assert.equal(body.errors[0].extensions.code, 'UNAUTHENTICATED');
});
