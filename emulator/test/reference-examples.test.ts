/**
 * Every example operation of the RTD Server reference, taken from the reference text itself, run unchanged
 * against the default scenario: over HTTP as admin, as subscriptions over graphql-transport-ws, and
 * against older emulated versions, where examples using later fields must fail validation naming them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { type ExecutionResult, type OperationDefinitionNode, Kind, getNullableType, isListType, parse } from 'graphql';
import { buildRtdSchema } from '../src/schema/rtd-schema.ts';
import { sleep, startTestEmulator } from './support.ts';
import { type Collected, transportClient, waitForSubscriptions } from './socket-clients.ts';

// The reference lives in shared/, beside the checkout (as on every developer machine and in CI).
const REFERENCE = new URL('../../../shared/seeds/000_0e86268f14c0b0fb.txt', import.meta.url).pathname;

interface Example {
  /** The reference section the example sits in. */
  section: string;
  /** The root field it selects. */
  field: string;
  operation: 'query' | 'mutation';
  text: string;
}

/**
 * The code blocks that start at a line `query {` or `mutation {` and end at the matching closing brace,
 * before the GraphQL Glossary; the `me { name }` HTTP example is not part of the schema.
 */
function extractExamples(reference: string): Example[] {
  const lines = reference.split(/\r?\n/);
  const glossary = lines.findIndex((l) => l.trim() === 'GraphQL Glossary');
  assert.ok(glossary > 0, 'the reference has a GraphQL Glossary section');
  const examples: Example[] = [];
  let section = '';
  for (let i = 0; i < glossary; i++) {
    const start = lines[i].trim();
    if (start !== 'query {' && start !== 'mutation {') {
      // A section title is a short line with no punctuation that is followed by an example or text.
      if (/^[A-Z][A-Za-z ]+$/.test(start)) section = start;
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < glossary; end++) {
      for (const ch of lines[end]) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      if (depth === 0) break;
    }
    assert.equal(depth, 0, `unbalanced example at line ${i + 1}`);
    const text = lines.slice(i, end + 1).join('\n');
    const operation = parse(text).definitions[0] as OperationDefinitionNode;
    const first = operation.selectionSet.selections[0];
    assert.equal(first.kind, Kind.FIELD);
    examples.push({ section, field: first.name.value, operation: operation.operation as Example['operation'], text });
    i = end;
  }
  return examples.filter((e) => e.field !== 'me');
}

const examples = extractExamples(readFileSync(REFERENCE, 'utf8'));
const schema = buildRtdSchema();
const rootType = (e: Example) => (e.operation === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[e.field].type;
const returnsList = (e: Example) => isListType(getNullableType(rootType(e)));
const SUBSCRIBABLE = new Set(['version', 'serviceStats', 'groupStats', 'users', 'userStats', 'userProfileStats']);
/** The reference's loginWithAccessToken example carries the placeholder "accessToken", not a real token. */
const PLACEHOLDER_TOKEN = 'accessToken: "accessToken"';

it('the reference yields the nine documented examples', () => {
  assert.deepEqual(
    examples.map((e) => `${e.section}: ${e.operation} ${e.field}`),
    [
      'Version: query version',
      'Server Health: query serverHealth',
      'Login with user credentials: mutation login',
      'Login with user access token: mutation loginWithAccessToken',
      'Service Stats: query serviceStats',
      'Group Stats: query groupStats',
      'Users: query users',
      'User Stats: query userStats',
      'User Profile Stats: query userProfileStats',
    ],
  );
  assert.deepEqual(
    examples.filter(returnsList).map((e) => e.field),
    ['serviceStats', 'groupStats', 'users', 'userStats', 'userProfileStats'],
  );
});

describe('reference examples over HTTP, rtd-version 1.0.2 (default)', async () => {
  const t = await startTestEmulator({ tickMs: 100 });
  const admin = await t.login();

  for (const example of examples) {
    it(`${example.section}: ${example.field} returns data without errors`, async () => {
      let text = example.text;
      if (text.includes(PLACEHOLDER_TOKEN)) {
        // Unchanged, the placeholder is an unknown token; with a real token the same document logs in.
        const { body } = await t.gql(text, { cookie: admin.cookie });
        assert.equal(body.errors?.[0]?.extensions?.reason, 'TOKEN_UNKNOWN', JSON.stringify(body));
        text = text.replace(PLACEHOLDER_TOKEN, `accessToken: "${admin.accessToken}"`);
      }
      const { body, response } = await t.gql(text, { cookie: admin.cookie });
      assert.equal(response.status, 200);
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const value = (body.data as Record<string, unknown>)[example.field];
      assert.ok(value !== null && value !== undefined, `${example.field} is ${value}`);
      if (returnsList(example)) {
        assert.ok(Array.isArray(value) && value.length >= 1, `${example.field} returned ${JSON.stringify(value)}`);
        for (const item of value as unknown[]) assert.ok(item && typeof item === 'object', `null item in ${example.field}`);
      }
    });
  }

  it('the examples with a filter return what they filter on', async () => {
    const run = async (field: string) => (await t.gql(examples.find((e) => e.field === field)!.text, { cookie: admin.cookie })).body.data as any;
    const services = (await run('serviceStats')).serviceStats;
    assert.deepEqual(
      services.map((s: any) => [s.code, s.channel]),
      [['service_1', 'CALL']],
    );
    assert.ok(typeof services[0].channelStats.averageTimeOnQueue === 'number');
    assert.deepEqual(
      services[0].customStats.map((c: any) => c.key),
      ['sl1'],
    );
    const groups = (await run('groupStats')).groupStats;
    assert.deepEqual(
      groups.map((g: any) => [g.code, g.channel]),
      [['skillset_1', 'CALL']],
    );
    const users = (await run('userStats')).userStats;
    assert.deepEqual(users.map((u: any) => u.username).sort(), ['user_1', 'user_2']);
    const profiles = (await run('userProfileStats')).userProfileStats;
    assert.deepEqual(profiles.map((p: any) => p.id).sort(), [1, 2]);
    const version = (await run('version')).version;
    assert.deepEqual(version, { server: { major: 1, minor: 0, patch: 2 } });
  });

  describe('as subscriptions over graphql-transport-ws', () => {
    const subscribable = examples.filter((e) => SUBSCRIBABLE.has(e.field));
    const c = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    after(() => c.close());
    let subs: Map<string, Collected>;
    /** What had arrived after the first 30 simulated seconds. */
    let after30: Map<string, number>;

    it('subscribing sends nothing at start', async () => {
      assert.equal(subscribable.length, 6);
      subs = new Map(subscribable.map((e) => [e.field, c.subscribe(e.text.replace(/^query\b/, 'subscription'))]));
      await waitForSubscriptions(t.emulator, subscribable.length);
      // Several ticks pass while paused: nothing changed, so nothing is sent.
      await sleep(350);
      for (const [field, sub] of subs) {
        assert.equal(sub.error, undefined, `${field}: ${JSON.stringify(sub.error)}`);
        assert.deepEqual(sub.results, [], `${field} sent something at start`);
      }
    });

    it('after 30 simulated seconds serviceStats and users deliver a delta', async () => {
      await t.control('step', { seconds: 30 });
      for (const field of ['serviceStats', 'users']) {
        const result = await subs.get(field)!.result(1);
        assertDelta(field, result);
      }
      await sleep(100);
      after30 = new Map([...subs].map(([field, sub]) => [field, sub.results.length]));
      assert.equal(after30.get('version'), 0, 'the version never changes while running');
    });

    it('after 30 simulated seconds userStats delivers a delta', () => {
      assert.ok(after30.get('userStats')! >= 1, 'userStats sent nothing after 30 s');
    });

    it('within 10 simulated minutes every stats and users example delivers a delta', async () => {
      const waiting = () => subscribable.filter((e) => e.field !== 'version' && subs.get(e.field)!.results.length === 0).map((e) => e.field);
      for (let elapsed = 30; elapsed < 600 && waiting().length > 0; elapsed += 30) {
        await t.control('step', { seconds: 30 });
        await sleep(20);
      }
      assert.deepEqual(waiting(), []);
      for (const [field, sub] of subs) {
        assert.equal(sub.error, undefined, `${field}: ${JSON.stringify(sub.error)}`);
        for (const result of sub.results) assertDelta(field, result);
      }
      assert.deepEqual(subs.get('version')!.results, []);
    });
  });
});

function assertDelta(field: string, result: ExecutionResult): void {
  assert.equal(result.errors, undefined, `${field}: ${JSON.stringify(result.errors)}`);
  const data = result.data as Record<string, unknown>;
  assert.deepEqual(Object.keys(data), [field]);
  assert.ok(Array.isArray(data[field]) && (data[field] as unknown[]).length >= 1, `${field}: ${JSON.stringify(data)}`);
}

for (const [version, laterFields] of [
  ['1.0.0', ['averageTimeOnQueue', 'aggregatedValue', 'userSite']],
  ['1.0.1', ['aggregatedValue']],
] as const) {
  describe(`reference examples over HTTP, rtd-version ${version}`, async () => {
    const t = await startTestEmulator({ rtdVersion: version });
    const admin = await t.login();
    /** The later fields an example uses; userSite counts only in the group filter (the service filter always had it). */
    const usesLater = (e: Example) => laterFields.filter((f) => e.text.includes(f) && (f !== 'userSite' || e.field === 'groupStats'));

    it('the examples that use later fields are the service and group stats', () => {
      assert.deepEqual(
        examples.filter((e) => usesLater(e).length > 0).map((e) => e.field),
        ['serviceStats', 'groupStats'],
      );
    });

    for (const example of examples) {
      it(`${example.section}: ${example.field}`, async () => {
        const later = usesLater(example);
        const text = example.text.replace(PLACEHOLDER_TOKEN, `accessToken: "${admin.accessToken}"`);
        const { body } = await t.gql(text, { cookie: admin.cookie });
        if (later.length === 0) {
          assert.equal(body.errors, undefined, JSON.stringify(body.errors));
          assert.ok((body.data as Record<string, unknown>)[example.field] != null);
          if (example.field === 'version') {
            const [major, minor, patch] = version.split('.').map(Number);
            assert.deepEqual((body.data as any).version, { server: { major, minor, patch } });
          }
          return;
        }
        assert.ok(!('data' in body), `a validation failure has no data: ${JSON.stringify(body)}`);
        assert.ok(body.errors && body.errors.length >= later.length, JSON.stringify(body.errors));
        for (const field of later) {
          assert.ok(
            body.errors.some((e) => e.message.includes(`"${field}"`)),
            `no error names "${field}": ${body.errors.map((e) => e.message).join(' | ')}`,
          );
        }
        for (const e of body.errors) {
          assert.match(e.message, /Cannot query field|is not defined by type/);
          assert.ok(Array.isArray(e.locations) && e.locations.length > 0, 'validation errors carry locations');
        }
      });
    }
  });
}
