import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError, defaultScenario, generateScenario, loadScenarioFile, parseScenario } from './scenario.ts';

const example = new URL('../../scenarios/small-helpdesk.json', import.meta.url).pathname;

function problemsOf(input: unknown): string {
  try {
    parseScenario(input, 'test scenario');
  } catch (error) {
    assert.ok(error instanceof ScenarioError);
    return error.message;
  }
  assert.fail('the scenario was accepted');
}

test('the example scenario file is valid and keeps its values', () => {
  const scenario = loadScenarioFile(example);
  assert.equal(scenario.name, 'small-helpdesk');
  assert.equal(scenario.services[0].talkSeconds, 240);
  assert.equal(scenario.services[0].patienceSeconds, 120, 'defaults fill what the file leaves out');
  assert.deepEqual(scenario.agents[1].channels, ['CALL']);
});

test('each bad field is named by its path', () => {
  const good = JSON.parse(JSON.stringify(loadScenarioFile(example)));
  const message = problemsOf({
    ...good,
    services: [{ ...good.services[0], channels: ['FAX'], callsPerHour: -3 }],
    agents: [{ ...good.agents[0], site: 'one' }],
    surprise: true,
  });
  assert.match(message, /services\[0\]\.channels\[0\]: .*"CALL"\|"VIDEO"\|"CHAT"/);
  assert.match(message, /services\[0\]\.callsPerHour: /);
  assert.match(message, /agents\[0\]\.site: .*number/);
  assert.match(message, /surprise/);
});

test('references and uniqueness are checked across the file', () => {
  const good = JSON.parse(JSON.stringify(loadScenarioFile(example)));
  const message = problemsOf({
    ...good,
    services: [...good.services, { ...good.services[0], skillset: 'nobody' }],
    agents: [...good.agents, { ...good.agents[0], profileId: 102 }],
    kioskTokens: [{ token: 'x'.repeat(20), username: 'ghost' }],
  });
  assert.match(message, /services\[2\]\.code: duplicate service "helpdesk"/);
  assert.match(message, /services\[2\]\.skillset: unknown skillset "nobody"/);
  assert.match(message, /duplicate username "anna"/);
  assert.match(message, /agents\[4\]\.profileId: duplicate profileId 102/);
  assert.match(message, /kioskTokens\[0\]\.username: unknown username "ghost"/);
});

test('a file that is not JSON, or missing, gets a message naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtd-scenario-'));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{ "name": "x", ');
  assert.throws(
    () => loadScenarioFile(broken),
    (e: Error) => e instanceof ScenarioError && e.message.includes(broken) && /not valid JSON/.test(e.message),
  );
  assert.throws(() => loadScenarioFile(join(dir, 'missing.json')), /cannot read scenario file .*missing\.json/);
});

test('the default scenario has what the reference examples name', () => {
  const scenario = defaultScenario();
  const codes = scenario.services.map((s) => s.code);
  assert.ok(['service_1', 'service_2'].every((c) => codes.includes(c)));
  const channels = new Set(scenario.services.flatMap((s) => s.channels));
  assert.deepEqual([...channels].sort(), ['CALL', 'CHAT', 'VIDEO']);
  assert.ok(['skillset_1', 'skillset_2'].every((s) => scenario.skillsets.includes(s)));
  const [user1, user2] = scenario.agents;
  assert.deepEqual([user1.username, user1.profileId, user2.username, user2.profileId], ['user_1', 1, 'user_2', 2]);
  assert.ok([user1, user2].every((u) => u.site === 1 && u.skillsets.includes('skillset_1') && u.channels.includes('CALL')));
  assert.ok(scenario.activityCodes.some((a) => a.code === 'activityCode_1'));
  assert.ok(scenario.accounts.some((a) => a.username === 'admin' && a.password === 'admin' && a.supervisor));
});

test('a generated contact centre has the size asked for', () => {
  const scenario = generateScenario({ agents: 2000, services: 200, groups: 50 });
  assert.equal(scenario.agents.length, 2000);
  assert.equal(scenario.services.length, 200);
  assert.equal(scenario.skillsets.length, 50);
  assert.equal(new Set(scenario.agents.map((a) => a.site)).size, 2);
});

test('a generated contact centre gives its first 168 agents different names, so a grid or a TV can tell them apart', () => {
  const names = (agents: number) => generateScenario({ agents, services: 6, groups: 3 }).agents.map((a) => `${a.name} ${a.surname}`);
  assert.equal(new Set(names(30)).size, 30);
  assert.equal(new Set(names(168)).size, 168);
  assert.equal(new Set(defaultScenario().agents.map((a) => `${a.name} ${a.surname}`)).size, defaultScenario().agents.length);
});
