/**
 * "Copy as cURL": the command the playground copies is the reference's own example, character for character,
 * and run as it is by a POSIX shell against an emulator it is answered, whatever quotes the operation holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parse } from 'graphql';
import { curlCommand, declaredVariables, operationSource, shellQuote } from '../src/transport/playground/curl-command.js';
import { startTestEmulator } from './support.ts';

const REFERENCE = new URL('../../../shared/seeds/000_0e86268f14c0b0fb.txt', import.meta.url).pathname;
const run = promisify(execFile);

/** The reference's curl example for the `version` query, as printed. */
function referenceVersionExample(): string {
  const line = readFileSync(REFERENCE, 'utf8')
    .split(/\r?\n/)
    .find((l) => l.startsWith('curl ') && l.includes('version {'));
  assert.ok(line, 'the reference has a curl example for version');
  return line;
}

/** What `sh -c` prints running the command, parsed. */
async function shell(command: string): Promise<any> {
  const { stdout } = await run('sh', ['-c', command], { timeout: 15_000 }).catch((error) => {
    throw new Error(`sh -c failed (is curl installed? apt-get install curl): ${error.stderr || error.message}`);
  });
  return JSON.parse(stdout);
}

test('the version example comes out as the reference prints it', () => {
  const example = referenceVersionExample();
  const query = JSON.parse(example.match(/--data-binary '(.*)' --compressed$/)![1]).query;
  const host = 'https://tvox.example.com';
  assert.equal(curlCommand({ url: `${host}/rtdserver`, query }), example.replaceAll('https://<TVOX_HOST>', host));
});

test('the command copied for the reference version example, run as it is with sh -c, answers with the version', { timeout: 30_000 }, async () => {
  const rtd = await startTestEmulator();
  const query = JSON.parse(referenceVersionExample().match(/--data-binary '(.*)' --compressed$/)![1]).query;
  const command = curlCommand({ url: rtd.url, query });
  assert.doesNotMatch(command, /cookie|authorization|teleniaRtdSessionID|token/i, 'no credentials in the command');
  const answer = await shell(command);
  assert.deepEqual(Object.keys(answer.data.version.server).sort(), ['major', 'minor', 'patch']);
  assert.equal(typeof answer.data.version.server.major, 'number');
});

test("single quotes, double quotes and a shell's special characters reach the server as written", { timeout: 30_000 }, async () => {
  const rtd = await startTestEmulator();
  const query =
    'query HealthAndVersion($withHealth: Boolean!) {\n  # the server\'s health: "PASS" or not; $HOME `id` \\ stay text\n  serverHealth @include(if: $withHealth) { status }\n  version { server { major } }\n}\n';
  const command = curlCommand({ url: rtd.url, query, variables: { withHealth: true }, operationName: 'HealthAndVersion' });
  const answer = await shell(command);
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  assert.equal(answer.data.serverHealth.status, 'PASS');
  assert.equal(typeof answer.data.version.server.major, 'number');
});

test('shellQuote makes any text one shell word, as it is', async () => {
  for (const text of ["it's", "''", 'a\'"b`c$d\\e', '', 'line\nbreak', "end'"]) {
    const { stdout } = await run('sh', ['-c', `printf '%s' ${shellQuote(text)}`]);
    assert.equal(stdout, text);
  }
});

test('only the chosen operation, the fragments it uses and the variables it declares are copied', () => {
  const source = [
    'mutation Login($password: String!) { login(username: "admin", password: $password) { username } }',
    'query Agents($filter: UserFilter!) { users(filter: $filter) { ...Agent } }',
    'fragment Agent on User { username statuses { ...Statuses } }',
    'fragment Statuses on UserStatusMultiChannelMap { CALL }',
    'fragment Unused on User { site }',
  ].join('\n');
  const document = parse(source);
  assert.equal(
    operationSource(source, document, 'Agents'),
    'query Agents($filter: UserFilter!) { users(filter: $filter) { ...Agent } }\n\nfragment Agent on User { username statuses { ...Statuses } }\n\nfragment Statuses on UserStatusMultiChannelMap { CALL }\n',
  );
  assert.deepEqual(declaredVariables(document, 'Agents', { password: 'admin', filter: { sites: [1] } }), { filter: { sites: [1] } });
  assert.equal(declaredVariables(document, 'Agents', { password: 'admin' }), undefined);
  // Nothing to choose by: the whole text goes, as GraphiQL would send it.
  assert.equal(operationSource(source, document, null), source);
  assert.equal(operationSource('{ version { server { major } } }', parse('{ version { server { major } } }'), null), '{ version { server { major } } }\n');
});

test('the body carries variables and the operation name only when there are some, and never a credential', () => {
  const body = (command: string) => JSON.parse(command.match(/--data-binary '(.*)' --compressed$/)![1]);
  assert.deepEqual(body(curlCommand({ url: 'http://127.0.0.1:4000/rtdserver', query: '{ version { server { major } } }', variables: {}, operationName: null })), {
    query: '{ version { server { major } } }',
  });
  const named = curlCommand({ url: 'http://127.0.0.1:4000/rtdserver', query: 'query V { version { server { major } } }', variables: { x: 1 }, operationName: 'V' });
  assert.deepEqual(body(named), { query: 'query V { version { server { major } } }', variables: { x: 1 }, operationName: 'V' });
  assert.match(named, / -H 'Origin: http:\/\/127\.0\.0\.1:4000' /);
  assert.doesNotMatch(named, /cookie|authorization/i);
});
