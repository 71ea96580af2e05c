/**
 * Profiling aid for the fan-out benchmark: where a tick's fan-out time goes, by kind of subscription.
 *
 *   tsx bench/fanout-breakdown.ts [--ticks 15] [--subscribers 500]
 *
 * No sockets: the benchmark's subscriber mix (bench/fanout-mix.ts) is subscribed straight on the emulator's
 * LiveHub as admin, then for each tick the simulation advances one second and every group's work is
 * repeated the way LiveHub.fanOut does it (execute the operation as a query, diff with the last result),
 * timed per group and summed by root field. It reads LiveHub's private group map, so it is a
 * measurement tool that may need adjusting when LiveHub changes; the benchmark itself does not depend on it.
 */
import { parseArgs } from 'node:util';
import { type ExecutionArgs, executeSync, parse } from 'graphql';
import { Emulator } from '../emulator/src/emulator.ts';
import { diffOperationResult } from '../emulator/src/graphql/delta.ts';
import { buildRtdSchema } from '../emulator/src/schema/rtd-schema.ts';
import { generateScenario } from '../emulator/src/simulation/scenario.ts';
import { buildMix } from './fanout-mix.ts';

const { values } = parseArgs({ options: { ticks: { type: 'string', default: '15' }, subscribers: { type: 'string', default: '500' } } });
const ticks = Number(values.ticks);
const SIZE = { agents: 2000, services: 200, groups: 50 };

const emulator = await Emulator.start({
  port: 0,
  seed: 1,
  scenario: generateScenario(SIZE),
  startTime: Date.parse('2026-11-24T10:00:00Z'),
  paused: true,
  tickMs: 3_600_000, // the timer never fires: this script steps the simulation itself
});
const schema = buildRtdSchema(emulator.runtime.rtdVersion);
const admin = emulator.runtime.auth.login('admin', 'admin');
const principal = { account: admin.account, expiresAt: Date.now() + 3600_000, via: 'access-token' as const };
const mix = buildMix(Number(values.subscribers), SIZE, 1);
for (const s of mix) {
  const result = emulator.hub.subscribe({
    schema,
    document: parse(s.query),
    variableValues: s.variables,
    operationName: s.operationName,
    contextValue: { principal, authFailure: null },
  });
  if (!(Symbol.asyncIterator in result)) throw new Error(`subscriber ${s.index} refused: ${JSON.stringify(result.errors)}`);
}

interface Group {
  key: string;
  args: ExecutionArgs;
  shape: Parameters<typeof diffOperationResult>[0];
  current: Record<string, unknown> | null;
  subscribers: Set<unknown>;
}
const groups = [...(emulator.hub as unknown as { groups: Map<string, Group> }).groups.values()];
const kindOf = (g: Group) => (JSON.parse(g.key)[0] as string).match(/\{\s*(\w+)\(/)![1];
const variantOf = (g: Group) => {
  const filter = (JSON.parse(g.key)[1] as { filter: Record<string, unknown> }).filter;
  if (kindOf(g) !== 'users') return '';
  return filter.channels ? ' (all agents)' : filter.statuses && filter.skillsets ? ' (skillsets+statuses)' : filter.statuses ? ' (statuses)' : ' (skillsets)';
};

interface Tally {
  groups: number;
  subscribers: number;
  executeMs: number;
  diffMs: number;
  resultBytes: number;
  deltaBytes: number;
  entities: number;
}
const tallies = new Map<string, Tally>();
let total = 0;
for (let t = 0; t < ticks; t++) {
  emulator.runtime.cc.advance(1000);
  for (const g of groups) {
    const name = kindOf(g) + variantOf(g);
    const tally = tallies.get(name) ?? { groups: 0, subscribers: 0, executeMs: 0, diffMs: 0, resultBytes: 0, deltaBytes: 0, entities: 0 };
    tallies.set(name, tally);
    const t0 = performance.now();
    const result = executeSync(g.args);
    const t1 = performance.now();
    const delta = diffOperationResult(g.shape, g.current, result.data as Record<string, unknown>);
    const t2 = performance.now();
    g.current = result.data as Record<string, unknown>;
    tally.executeMs += t1 - t0;
    tally.diffMs += t2 - t1;
    total += t2 - t0;
    if (t === 0) {
      tally.groups++;
      tally.subscribers += g.subscribers.size;
    }
    // Sizes on the last tick only (stringifying is not part of the fan-out).
    if (t === ticks - 1) {
      tally.resultBytes += JSON.stringify(result.data).length;
      tally.deltaBytes += delta ? JSON.stringify(delta).length * g.subscribers.size : 0;
      tally.entities += (Object.values(result.data ?? {})[0] as unknown[] | null)?.length ?? 0;
    }
  }
}

console.log(`${groups.length} groups, ${mix.length} subscribers, ${ticks} ticks; mean work per tick ${(total / ticks).toFixed(1)} ms (execute + diff, no sockets)\n`);
const header = ['kind', 'groups', 'subs', 'exec ms/tick', 'diff ms/tick', 'share', 'ms/group', 'entities/group', 'result kB/group', 'delta kB sent/tick'];
const rows = [...tallies]
  .sort((a, b) => b[1].executeMs + b[1].diffMs - (a[1].executeMs + a[1].diffMs))
  .map(([name, t]) => [
    name,
    String(t.groups),
    String(t.subscribers),
    (t.executeMs / ticks).toFixed(1),
    (t.diffMs / ticks).toFixed(1),
    `${((100 * (t.executeMs + t.diffMs)) / total).toFixed(1)} %`,
    ((t.executeMs + t.diffMs) / ticks / t.groups).toFixed(2),
    (t.entities / t.groups).toFixed(0),
    (t.resultBytes / t.groups / 1024).toFixed(1),
    (t.deltaBytes / 1024).toFixed(0),
  ]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
await emulator.close();
process.exit(0);
