/**
 * Bad input, as a careless or hostile client sends it: broken JSON, bad documents, unknown enum values,
 * filters naming no channel, oversized and over-deep documents, huge bodies; and the command line's bad
 * scenario files and options. The server answers each with a precise error and stays up.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError, parseCommandLine } from '../src/cli-options.ts';
import { ScenarioError, generateScenario } from '../src/simulation/scenario.ts';
import { startTestEmulator } from './support.ts';
import { rawLegacy, rawTransport, withTimeout } from './socket-clients.ts';

const t = await startTestEmulator();
const admin = await t.login();

async function post(body: string, contentType = 'application/json') {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/json', cookie: admin.cookie },
    body,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`status ${response.status}: the body is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: json as { data?: any; errors?: any[] } };
}
const query = (q: string) => post(JSON.stringify({ query: q }));

/** `__type { fields { type { ofType × n { name } } } }`: a selection `4 + n` levels deep. */
function nested(n: number): string {
  return `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } } }`;
}

/** A chain of `n` fragments, each one level deeper than the last, spread from `__schema { types`. */
function fragmentChain(n: number): string {
  const fragments = Array.from({ length: n }, (_, i) => (i === n - 1 ? `fragment F${i} on __Type { name }` : `fragment F${i} on __Type { ofType { ...F${i + 1} } }`));
  return `{ __schema { types { ...F0 } } }\n${fragments.join('\n')}`;
}

describe('bad requests over HTTP', () => {
  it('malformed JSON body: 400 with a JSON errors array', async () => {
    const { status, type, body } = await post('{"query": "{ serverHealth { status } }"');
    assert.equal(status, 400);
    assert.match(type, /json/);
    assert.ok(Array.isArray(body.errors) && body.errors.length === 1, JSON.stringify(body));
    assert.equal(typeof body.errors[0].message, 'string');
    assert.ok(!('data' in body));
  });

  it('a JSON body that is not an object: 400 with errors', async () => {
    const { status, body } = await post('[1, 2, 3]');
    assert.equal(status, 400);
    assert.ok(Array.isArray(body.errors) && body.errors.length >= 1, JSON.stringify(body));
  });

  it('a syntax error: one error with its location, no data', async () => {
    const { status, body } = await query('{ serverHealth { status }');
    assert.equal(status, 200, 'application/json: 200 for every well-formed request');
    assert.ok(!('data' in body));
    assert.equal(body.errors?.length, 1);
    assert.match(body.errors![0].message, /^Syntax Error: Expected Name, found <EOF>\./);
    assert.deepEqual(body.errors![0].locations, [{ line: 1, column: 26 }]);
  });

  it('an unknown field: a validation error with its location, no data', async () => {
    const { status, body } = await query('{ serverHealth {\n  status\n  uptime\n} }');
    assert.equal(status, 200);
    assert.ok(!('data' in body));
    assert.equal(body.errors?.length, 1, 'each validation error once');
    assert.equal(body.errors![0].message, 'Cannot query field "uptime" on type "ServerHealth".');
    assert.deepEqual(body.errors![0].locations, [{ line: 3, column: 3 }]);
  });

  it('an unknown enum value in a filter: a validation error naming the value', async () => {
    const { status, body } = await query('{ users(filter: { channels: [CALL, FAX] }) { username } }');
    assert.equal(status, 200);
    assert.ok(!('data' in body));
    assert.equal(body.errors?.length, 1);
    assert.match(body.errors![0].message, /Value "FAX" does not exist in "MultiChannel" enum/);
    assert.deepEqual(body.errors![0].locations, [{ line: 1, column: 36 }]);
  });

  it('with Accept: application/graphql-response+json, request errors are 400', async () => {
    for (const q of ['{ serverHealth { status }', '{ serverHealth { uptime } }']) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', cookie: admin.cookie },
        body: JSON.stringify({ query: q }),
      });
      assert.equal(response.status, 400, q);
      assert.match(response.headers.get('content-type') ?? '', /^application\/graphql-response\+json/);
      const body = await response.json();
      assert.ok(!('data' in body) && body.errors.length === 1, JSON.stringify(body));
    }
  });

  it('an unknown enum value in a variable: an error naming the value', async () => {
    const { status, body } = await post(JSON.stringify({ query: 'query ($c: [MultiChannel!]) { users(filter: { channels: $c }) { username } }', variables: { c: ['FAX'] } }));
    assert.equal(status, 200);
    assert.ok(!('data' in body));
    assert.match(body.errors![0].message, /Value "FAX" does not exist in "MultiChannel" enum/);
  });

  for (const [operation, channels] of [
    ['serviceStats', 'CALL, VIDEO or CHAT'],
    ['groupStats', 'CALL, VIDEO or CHAT'],
    ['userStats', 'CALL'],
    ['userProfileStats', 'CALL'],
  ] as const) {
    it(`${operation}(filter: {}): BAD_USER_INPUT naming ${channels}`, async () => {
      const field = operation === 'userStats' ? 'username' : operation === 'userProfileStats' ? 'id' : 'code';
      const { status, body } = await query(`{ ${operation}(filter: {}) { ${field} } }`);
      assert.equal(status, 200);
      assert.deepEqual(body.data, { [operation]: null });
      assert.equal(body.errors?.length, 1);
      assert.equal(body.errors![0].extensions?.code, 'BAD_USER_INPUT');
      assert.equal(body.errors![0].message, `${operation}: the filter names no channel; give ${channels}`);
      assert.deepEqual(body.errors![0].path, [operation]);
    });
  }

  it('a channel given as null counts as none', async () => {
    const { body } = await query('{ serviceStats(filter: { CALL: null }) { code } }');
    assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  });

  it('a document over 100,000 characters: 413 with a JSON error', async () => {
    const big = `{ serverHealth { status } }${' '.repeat(100_000)}`;
    const { status, type, body } = await query(big);
    assert.equal(status, 413);
    assert.match(type, /json/);
    assert.match(body.errors![0].message, /Document is 100027 characters long; the limit is 100000/);
    // Exactly at the limit is accepted.
    const atLimit = await query(`{ serverHealth { status } }${' '.repeat(100_000 - 27)}`);
    assert.equal(atLimit.status, 200);
    assert.deepEqual(atLimit.body, { data: { serverHealth: { status: 'PASS' } } });
  });

  it('a document nested deeper than 20 levels: an error saying so; 20 levels pass', async () => {
    const deep = await query(nested(17));
    assert.ok(!('data' in deep.body), JSON.stringify(deep.body).slice(0, 200));
    assert.equal(deep.body.errors?.length, 1);
    assert.equal(deep.body.errors![0].message, 'Document is nested deeper than 20 levels');
    assert.deepEqual(deep.body.errors![0].locations, [{ line: 1, column: 1 }]);
    const ok = await query(nested(16));
    assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body.errors));
    assert.equal(ok.body.data.__type.fields.length > 0, true);
  });

  it('depth counts through fragment spreads', async () => {
    // __schema, types, then 19 fragments of ofType and a last one with name: 2 + 19 + 1 = 22 levels.
    const deep = await query(fragmentChain(20));
    assert.match(deep.body.errors?.[0]?.message ?? '', /deeper than 20/);
    const ok = await query(fragmentChain(18));
    assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body.errors));
  });

  it('a body over 1 MB: 413', async () => {
    const payload = JSON.stringify({ query: '{ serverHealth { status } }', variables: { padding: 'x'.repeat(1_100_000) } });
    let status: number;
    let body: any;
    try {
      ({ status, body } = await post(payload));
    } catch (error) {
      assert.fail(`the client saw no response: ${(error as Error).message}`);
    }
    assert.equal(status, 413);
    assert.match(body.errors[0].message, /Request body larger than 1000000 bytes/);
  });

  it('a mutation over GET: 405', async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent('mutation { login(username: "admin", password: "admin") { username } }')}`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(response.status, 405);
    assert.deepEqual(response.headers.getSetCookie(), []);
    await response.arrayBuffer();
  });

  it('an unknown path: 404 with a JSON error pointing at /rtdserver', async () => {
    const response = await fetch(`${t.origin}/graphql`);
    assert.equal(response.status, 404);
    const body = await response.json();
    assert.match(body.errors[0].message, /GraphQL is at \/rtdserver/);
  });

  it('the server is still up: serverHealth answers', async () => {
    const { status, body } = await query('{ serverHealth { status } }');
    assert.equal(status, 200);
    assert.deepEqual(body, { data: { serverHealth: { status: 'PASS' } } });
  });
});

describe('bad documents over sockets', () => {
  it('graphql-transport-ws: too deep and too large documents get error messages', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 'deep', type: 'subscribe', payload: { query: nested(17) } });
      socket.send({ id: 'big', type: 'subscribe', payload: { query: `{ __typename }${' '.repeat(100_000)}` } });
      const deep = await socket.waitFor((m) => m.type === 'error' && m.id === 'deep');
      assert.equal(deep.payload[0].message, 'Document is nested deeper than 20 levels');
      const big = await socket.waitFor((m) => m.type === 'error' && m.id === 'big');
      assert.match(big.payload[0].message, /the limit is 100000/);
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });

  it('legacy graphql-ws: too deep, too large, no-channel and missing query get error messages', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 'deep', type: 'start', payload: { query: nested(17) } });
      socket.send({ id: 'big', type: 'start', payload: { query: `{ __typename }${' '.repeat(100_000)}` } });
      socket.send({ id: 'none', type: 'start', payload: { query: 'subscription { serviceStats(filter: {}) { code } }' } });
      socket.send({ id: 'empty', type: 'start', payload: {} });
      const error = async (id: string) => (await socket.waitFor((m) => m.type === 'error' && m.id === id, 3000, `error ${id}`)).payload[0].message;
      assert.equal(await error('deep'), 'Document is nested deeper than 20 levels');
      assert.match(await error('big'), /the limit is 100000/);
      assert.equal(await error('empty'), 'The start payload needs a "query" string');
      // A subscription refused when it starts is an error message, like an invalid document.
      const refused = await socket.waitFor((m) => m.type === 'error' && m.id === 'none', 3000, 'error none');
      assert.equal(refused.payload[0].message, 'serviceStats: the filter names no channel; give CALL, VIDEO or CHAT');
      assert.equal(refused.payload[0].extensions.code, 'BAD_USER_INPUT');
      assert.ok(!socket.messages.some((m) => m.id === 'none' && m.type === 'data'), 'no data for a refused subscription');
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// The command line.
// ---------------------------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'emulator/src/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'rtd-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Generous: tsx compiles the emulator at each start, about a second of CPU, and test files run two at a time. */
const SPAWN_TIMEOUT_MS = 20_000;

/** Runs the emulator to its exit; kills it if it is still running after the timeout (it should not be). */
async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const code = await withTimeout(exited, SPAWN_TIMEOUT_MS, `the emulator to exit (args ${args.join(' ')})`);
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('the command line (spawned)', { concurrency: 2 }, () => {
  it('a scenario file that is not JSON: exit 2 naming the file', async () => {
    const file = join(dir, 'not-json.json');
    writeFileSync(file, 'name: default\nservices: []\n');
    const { code, stderr } = await run(['--scenario', file, '--port', '0']);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`^rtd-emulator: scenario file ${escape(file)} is not valid JSON`));
  });

  it('a scenario with a bad channel: exit 2 naming the file and services[0].channels[0]', async () => {
    const file = join(dir, 'bad-channel.json');
    writeFileSync(file, JSON.stringify(badChannelScenario(), null, 2));
    const { code, stderr } = await run(['--scenario', file, '--port', '0']);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`^rtd-emulator: scenario file ${escape(file)} is not a valid scenario`));
    assert.match(stderr, /^\s+services\[0\]\.channels\[0\]: .+$/m);
    assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
  });

  for (const [args, named] of [
    [['--speed', '-1'], /--speed/],
    [['--rtd-version', '9.9.9'], /--rtd-version: Unsupported RTD Server version "9\.9\.9": valid versions are 1\.0\.0, 1\.0\.1, 1\.0\.2/],
    [['--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    it(`${args.join(' ')}: exit 2 with a message naming the option`, async () => {
      const { code, stderr, stdout } = await run([...args, '--port', '0']);
      assert.equal(code, 2, `stdout: ${stdout}`);
      assert.match(stderr, /^rtd-emulator: /);
      assert.match(stderr, named);
      assert.match(stderr, /Usage: npm run emulator/);
      assert.equal(stdout, '');
    });
  }

  it('a good run prints one "ready at http://" line and exits 0 on SIGINT', async () => {
    const child = start(['--port', '0', '--paused']);
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await withTimeout(
        new Promise<void>((resolve) =>
          child.stdout!.on('data', (c) => {
            stdout += c;
            if (stdout.includes('\n')) resolve();
          }),
        ),
        SPAWN_TIMEOUT_MS,
        'the ready line',
      );
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 1, stdout);
      const match = lines[0].match(/ready at (http:\/\/127\.0\.0\.1:(\d+)\/rtdserver) /);
      assert.ok(match, lines[0]);
      assert.notEqual(Number(match[2]), 0);
      // It answers on the printed URL.
      const response = await fetch(match[1], {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ serverHealth { status } }' }),
      });
      assert.deepEqual(await response.json(), { data: { serverHealth: { status: 'PASS' } } });
      child.kill('SIGINT');
      assert.equal(await withTimeout(exited, 5000, 'the exit after SIGINT'), 0);
      assert.equal(stderr, '');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

/** The same checks in-process (spawning costs about a second of CPU each): every bad option names itself. */
describe('the command line (parsed in-process)', () => {
  const usageError = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseCommandLine(args),
      (e: unknown) => e instanceof UsageError && message.test((e as Error).message),
    );

  it('bad numbers name their option and the rule', () => {
    usageError(['--speed', '-1'], /--speed/);
    usageError(['--speed=-1'], /^--speed must be a number above 0 and at most 10000 \(got "-1"\)$/);
    usageError(['--speed', 'fast'], /^--speed must be a number above 0/);
    usageError(['--port', '70000'], /^--port must be a port number from 0 to 65535 \(got "70000"\)$/);
    usageError(['--tick-ms', '5'], /^--tick-ms must be a whole number of milliseconds from 10 to 60000/);
    usageError(['--seed', '1.5'], /^--seed must be a whole number/);
    usageError(['--session-ttl', '0'], /^--session-ttl must be a whole number of seconds/);
    usageError(['--start', 'yesterday'], /^--start must be an RFC 3339 date-time \(got "yesterday"\)$/);
    usageError(['--scenario', 'x.json', '--agents', '10'], /either --scenario or --agents/);
  });

  it('bad scenario files throw a ScenarioError naming the file and the field', () => {
    const missing = join(dir, 'missing.json');
    assert.throws(
      () => parseCommandLine(['--scenario', missing]),
      (e: unknown) => e instanceof ScenarioError && e.message.startsWith(`cannot read scenario file ${missing}`),
    );
    const file = join(dir, 'bad-channel-in-process.json');
    writeFileSync(file, JSON.stringify(badChannelScenario()));
    assert.throws(
      () => parseCommandLine(['--scenario', file]),
      (e: unknown) => e instanceof ScenarioError && /\n {2}services\[0\]\.channels\[0\]: /.test((e as Error).message),
    );
  });

  it('good options parse', () => {
    const options = parseCommandLine(['--port', '0', '--speed', '2.5', '--rtd-version', '1.0.0', '--paused']);
    assert.ok(options !== 'help');
    assert.equal(options.port, 0);
    assert.equal(options.speed, 2.5);
    assert.equal(options.rtdVersion, '1.0.0');
    assert.equal(options.paused, true);
  });
});

function badChannelScenario(): any {
  const scenario = JSON.parse(JSON.stringify(generateScenario({ agents: 4, services: 2, groups: 1 }, 'bad')));
  scenario.services[0].channels = ['FAX'];
  return scenario;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
