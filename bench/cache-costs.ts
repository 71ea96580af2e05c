/**
 * Benchmark: what one entity's write and read cost in the app's Apollo cache, by each way a delta can reach the
 * generated policies, so the writer's choices rest on numbers.
 *
 *   npm run bench:cache [-- --entities 2000 --rounds 6 --no-docs]
 *
 * In this process (Node, Apollo in production mode): 2,000 CALL service stats (60-odd fields each: the union member,
 * eleven agent buckets, activity-code indicators, custom stats) written as a snapshot, then rounds of deltas that
 * change 4 numbers of every entity, in payloads of 100, written (1) by the DeltaWriter (through a document of only
 * the delta's non-null values, delta-shapes.ts), (2) through the whole fragment as a delta write (every null meets
 * its merge function: the writer's way before); then
 * each entity read back (3) with `readFragment` and (4) as stored (`storedEntity`, through `cache.modify`). Median
 * µs per entity over the rounds (the first round, which warms the shapes, is left out). Writes the section
 * "## Cache write and read costs" of docs/benchmarks.md unless --no-docs.
 */
(globalThis as Record<string, unknown>)['__DEV__'] = false;
import { parseArgs } from 'node:util';
import fc from 'fast-check';

const { values } = parseArgs({ options: { entities: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '6' }, 'no-docs': { type: 'boolean', default: false } } });
const N = Number(values.entities);
const ROUNDS = Number(values.rounds);
const BATCH = 100;

// Imported after __DEV__ is set, as a production bundle would run them.
const { createRtdCache } = await import('../src/app/rtd/cache-policies.ts');
const { DELTA_EXTENSIONS } = await import('../src/app/rtd/delta-policies.ts');
const { DeltaWriter, IMMEDIATELY, Membership } = await import('../src/app/rtd/delta-writer.ts');
const { ServiceStatFieldsFragmentDoc, ServiceStatsDocument, ServiceStatsUpdatesDocument } = await import('../src/app/rtd/generated/graphql.ts');
const { storedEntity } = await import('../src/app/rtd/stored-entity.ts');
const { Kind, OperationTypeNode } = await import('graphql');
const { serverDelta, serviceStat } = await import('../src/app/rtd/testing/rtd-histories.ts');
const { machineDescription, writeDocsSection } = await import('./bench-report.ts');

type RtdObject = Record<string, unknown>;
const spec = { field: 'serviceStats', snapshot: ServiceStatsDocument, subscription: ServiceStatsUpdatesDocument, fragment: ServiceStatFieldsFragmentDoc, fragmentName: 'ServiceStatFields' };
const entities: RtdObject[] = Array.from({ length: N }, (_, i) => fc.sample(serviceStat([`service_${i + 1}`, 'CALL']), { seed: i, numRuns: 1 })[0]);
/** Round `r`'s deltas: four CALL numbers of every entity changed, the rest null, as the server sends them. */
const deltasOf = (r: number) =>
  entities.map((e, i) => {
    const call = e['channelStats'] as RtdObject;
    return serverDelta(e, { ...e, channelStats: { ...call, queuedCalls: (r * 7 + i) % 50, answeredCalls: r * 100 + i, maxTimeCallOnQueue: r + i, receivedCalls: r * 300 + i } })!;
  });
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const µsEach = (ms: number) => (ms * 1000) / N;

/** The list's whole fragment spread by a query: every field of the delta, nulls included, meets the policies. */
const wholeQuery = {
  ...spec.fragment,
  definitions: [
    {
      kind: Kind.OPERATION_DEFINITION,
      operation: OperationTypeNode.QUERY,
      selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FRAGMENT_SPREAD, name: { kind: Kind.NAME, value: spec.fragmentName } }] },
    },
    ...spec.fragment.definitions,
  ],
} as typeof spec.fragment;

function measure(kind: 'writer' | 'whole') {
  const cache = createRtdCache();
  const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
  const list = { spec, members: new Membership() };
  writer.attach(list);
  let t = performance.now();
  writer.snapshot(list, entities, () => {});
  const snapshot = µsEach(performance.now() - t);
  const ids = list.members.list();
  const rows = { write: [] as number[], readFragment: [] as number[], stored: [] as number[] };
  for (let r = 1; r <= ROUNDS; r++) {
    const deltas = deltasOf(r);
    t = performance.now();
    for (let b = 0; b < N; b += BATCH) {
      const payload = deltas.slice(b, b + BATCH);
      if (kind === 'writer') writer.enqueue(list, payload);
      else
        cache.batch({
          update: (c) => payload.forEach((d) => c.write({ query: wholeQuery, dataId: c.identify(d as never), result: d, extensions: DELTA_EXTENSIONS })),
        });
    }
    const write = µsEach(performance.now() - t);
    t = performance.now();
    for (const id of ids) cache.readFragment({ id, fragment: spec.fragment, fragmentName: spec.fragmentName });
    const readFragment = µsEach(performance.now() - t);
    t = performance.now();
    for (const id of ids) storedEntity(cache, id);
    const stored = µsEach(performance.now() - t);
    if (r === 1) continue;
    rows.write.push(write);
    rows.readFragment.push(readFragment);
    rows.stored.push(stored);
  }
  return { snapshot, write: median(rows.write), readFragment: median(rows.readFragment), stored: median(rows.stored) };
}

// Each path once untimed first: the engine's warm-up would otherwise favour whichever runs second.
measure('writer');
measure('whole');
const viaWriter = measure('writer');
const viaShape = measure('whole');
const f = (n: number) => n.toFixed(0);
const table = [
  '| per entity (µs, median of rounds) | the writer: a document of the non-null values | the whole fragment as a delta write |',
  '| --- | --- | --- |',
  `| snapshot write (whole, genuine nulls) | ${f(viaWriter.snapshot)} | ${f(viaShape.snapshot)} |`,
  `| delta write (4 numbers changed) | ${f(viaWriter.write)} | ${f(viaShape.write)} |`,
  `| read back with readFragment | ${f(viaWriter.readFragment)} | ${f(viaShape.readFragment)} |`,
  `| read back as stored (storedEntity) | ${f(viaWriter.stored)} | ${f(viaShape.stored)} |`,
].join('\n');
console.log(table);
if (!values['no-docs']) {
  writeDocsSection(
    '## Cache write and read costs',
    [
      `- Command: \`npm run bench:cache${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
      `- Machine: ${machineDescription()}; ${new Date().toISOString().slice(0, 10)}`,
      `- ${N} CALL service stats (the app's ServiceStatFields fragment), Apollo in production mode in Node; ${ROUNDS} rounds of deltas changing 4 numbers of every entity, in payloads of ${BATCH}; the first round (warming the shapes) left out.`,
      '',
      table,
      '',
      "The left column is what the app pays: the writer hands the policies a document of the delta's non-null values (delta-shapes.ts), and the policies merge them (keyed lists by key, union members by type, nested objects); the right column hands them the whole delta, nulls and all, each null meeting a merge function that keeps the stored value: the same cache, at more than twice the cost. Reading back with `readFragment` re-runs Apollo's reader over every field (its result cache holds far fewer entries than 2,000 entities of this size need, so it misses); reading the stored entity is what `RtdLive` does after a write.",
    ].join('\n'),
  );
}
