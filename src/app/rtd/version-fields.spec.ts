/**
 * Older servers: documents lose the fields a version lacks before they go out, and results come back with
 * null in their place, so the cache (whose queries and fragments read the full documents) holds complete
 * objects and delta filling works as on the newest server.
 */
import { TestBed } from '@angular/core/testing';
import { ApolloClient, ApolloLink, type StoreObject } from '@apollo/client';
import { type DocumentNode, parse, print } from 'graphql';
import { firstValueFrom, of } from 'rxjs';
import { POSSIBLE_TYPES, createRtdCache } from './cache-policies';
import { RtdConnection } from './connection';
import { DeltaWriter, IMMEDIATELY, Membership, type RtdObject } from './delta-writer';
import { ServiceStatFieldsFragmentDoc, ServiceStatsDocument, ServiceStatsUpdatesDocument, UserStatsDocument } from './generated/graphql';
import { LIVE_LISTS } from './live-list-specs';
import { versionFieldsLink } from './rtd-client';
import { completeMissingFields, stripMissingFields } from './version-fields';
import { BUCKETS, CALL_FIELDS } from './testing/rtd-histories';

/** A 1.0.0 server's CALL counters: those of the schema without averageTimeOnQueue, which came with 1.0.1. */
const CALL_FIELDS_100 = CALL_FIELDS.filter((field) => field !== 'averageTimeOnQueue');

/** A service stat as a 1.0.0 server answers the stripped ServiceStatFields: no averageTimeOnQueue, no aggregatedValue. */
function statFrom100(code: string, channel: 'CALL' | 'VIDEO', answered: number): RtdObject {
  const channelStats =
    channel === 'CALL'
      ? { __typename: 'ServiceCcCallAtStat', ...Object.fromEntries(CALL_FIELDS_100.map((f) => [f, 1])), answeredCalls: answered }
      : { __typename: 'ServiceCcVideoAtStat', answeredCalls: answered, closedCalls: 1, receivedCalls: 2 };
  return {
    __typename: 'ServiceStat',
    code,
    channel,
    channelStats,
    userStats: {
      __typename: 'ServiceUserStat',
      ...Object.fromEntries(BUCKETS.map((b) => [b, { __typename: 'UserProfileInStatus', count: 1, profileIds: [1] }])),
      activityCodeIndicators: [{ __typename: 'UserProfileInActivityCode', activityCode: 'lunch', count: 0, profileIds: [] }],
    },
    customStats: [
      { __typename: 'CustomStat', key: 'sl1', value: { __typename: 'CustomStatValue', value: '80.0' } },
      { __typename: 'CustomStat', key: 'abandonRate', value: { __typename: 'CustomStatValue', value: '3.0' } },
    ],
  };
}

const named = (document: DocumentNode) => print(document);

describe('asking an older RTD Server only for the fields it has', () => {
  it('strips averageTimeOnQueue and aggregatedValue from the ServiceStats documents for 1.0.0, only aggregatedValue for 1.0.1', () => {
    for (const document of [ServiceStatsDocument, ServiceStatsUpdatesDocument]) {
      const old = named(stripMissingFields(document, '1.0.0', POSSIBLE_TYPES).document);
      expect(old).not.toContain('averageTimeOnQueue');
      expect(old).not.toContain('aggregatedValue');
      expect(old).toContain('answeredCalls');
      expect(old).toMatch(/value\s*{\s*value\s*}/);
      const middle = named(stripMissingFields(document, '1.0.1', POSSIBLE_TYPES).document);
      expect(middle).toContain('averageTimeOnQueue');
      expect(middle).not.toContain('aggregatedValue');
    }
    expect(stripMissingFields(ServiceStatsDocument, '1.0.0', POSSIBLE_TYPES).removed.size).toBe(4);
  });

  it('leaves documents unchanged (the same object) for 1.0.2 and for newer servers', () => {
    for (const version of ['1.0.2', '1.3.0']) {
      const stripped = stripMissingFields(ServiceStatsDocument, version, POSSIBLE_TYPES);
      expect(stripped.document).toBe(ServiceStatsDocument);
      expect(stripped.removed.size).toBe(0);
    }
  });

  it('keeps fields whose names a version table entry uses only for an input (UserStat.userSite on 1.0.0)', () => {
    expect(stripMissingFields(UserStatsDocument, '1.0.0', POSSIBLE_TYPES).document).toBe(UserStatsDocument);
  });

  it('asks for __typename where stripping would leave a selection empty, so the operation stays valid', () => {
    const document = parse('query { serviceStats(filter: {}) { code customStats { key value { aggregatedValue } } } }');
    expect(named(stripMissingFields(document, '1.0.0').document)).toMatch(/value\s*{\s*__typename\s*}/);
  });

  it('completes results with null inside union members and list entries, only where the member type selects the field', () => {
    const answer = { serviceStats: [statFrom100('s1', 'CALL', 5), statFrom100('s2', 'VIDEO', 6)] };
    const { removed } = stripMissingFields(ServiceStatsDocument, '1.0.0', POSSIBLE_TYPES);
    const completed = completeMissingFields(answer, ServiceStatsDocument, removed, POSSIBLE_TYPES);
    for (const stat of completed.serviceStats as RtdObject[]) {
      expect((stat['channelStats'] as RtdObject)['averageTimeOnQueue']).toBeNull();
      for (const custom of stat['customStats'] as RtdObject[]) expect(custom['value']).toEqual(jasmine.objectContaining({ aggregatedValue: null }));
    }
    expect((completed.serviceStats[0]['channelStats'] as RtdObject)['answeredCalls']).toBe(5);
    // The answer itself is left as it came.
    expect('averageTimeOnQueue' in (answer.serviceStats[0]['channelStats'] as RtdObject)).toBeFalse();

    const document = parse('query { serviceStats(filter: {}) { channelStats { __typename ... on ServiceCcCallAtStat { averageTimeOnQueue } ... on ServiceCcVideoAtStat { answeredCalls } } } }');
    const only = completeMissingFields(
      { serviceStats: [{ channelStats: { __typename: 'ServiceCcVideoAtStat', answeredCalls: 1 } }] },
      document,
      stripMissingFields(document, '1.0.0', POSSIBLE_TYPES).removed,
      POSSIBLE_TYPES,
    );
    expect(only.serviceStats[0].channelStats).toEqual({ __typename: 'ServiceCcVideoAtStat', answeredCalls: 1 });
  });

  it('never overwrites a value the server sent', () => {
    const document = parse('query { serviceStats(filter: {}) { customStats { value { value aggregatedValue } } } }');
    const { removed } = stripMissingFields(document, '1.0.0');
    const completed = completeMissingFields({ serviceStats: [{ customStats: [{ value: { value: '1', aggregatedValue: '2' } }] }] }, document, removed);
    expect(completed.serviceStats[0].customStats[0].value).toEqual({ value: '1', aggregatedValue: '2' });
  });

  describe('through Apollo, against a 1.0.0 server', () => {
    const variables = { filter: { CALL: { services: ['s1'] }, VIDEO: { services: ['s2'] } } };
    let sent: string[];
    let client: ApolloClient;
    let deltas: RtdObject[];
    let logged: jasmine.Spy;

    beforeEach(() => {
      sent = [];
      deltas = [];
      // A 1.0.0 server: refuses any operation that names a field it lacks, as validation would.
      const server = new ApolloLink((operation) => {
        const text = print(operation.query);
        sent.push(text);
        if (/averageTimeOnQueue|aggregatedValue/.test(text)) return of({ errors: [{ message: 'Cannot query field "averageTimeOnQueue"' }] });
        const subscription = text.trimStart().startsWith('subscription');
        return of({ data: { serviceStats: subscription ? deltas : [statFrom100('s1', 'CALL', 5), statFrom100('s2', 'VIDEO', 6)] } });
      });
      client = new ApolloClient({ link: ApolloLink.from([versionFieldsLink(() => '1.0.0'), server]), cache: createRtdCache() });
      logged = spyOn(console, 'error').and.callThrough();
      spyOn(console, 'warn').and.callThrough();
    });

    const missingFieldLogs = () => [...logged.calls.allArgs(), ...(console.warn as jasmine.Spy).calls.allArgs()].filter((args) => args.join(' ').includes('Missing field'));
    const cachedCall = () => client.cache.readFragment<RtdObject>({ id: 'ServiceStat:{"code":"s1","channel":"CALL"}', fragment: ServiceStatFieldsFragmentDoc, fragmentName: 'ServiceStatFields' });

    it('sends the stripped document, and the cache reads complete objects with null for the missing fields', async () => {
      const result = await client.query({ query: ServiceStatsDocument, variables, fetchPolicy: 'network-only' });
      expect(sent.length).toBe(1);
      expect(sent[0]).not.toContain('averageTimeOnQueue');
      expect(result.error).toBeUndefined();
      const call = result.data!.serviceStats![0]!;
      expect(call.channelStats).toEqual(jasmine.objectContaining({ __typename: 'ServiceCcCallAtStat', answeredCalls: 5, averageTimeOnQueue: null }));
      expect(call.customStats![0].value).toEqual(jasmine.objectContaining({ value: '80.0', aggregatedValue: null }));

      expect(cachedCall()).not.toBeNull();
      const diff = client.cache.diff({ query: ServiceStatsDocument, variables, optimistic: false, returnPartialData: true });
      expect(diff.complete).toBeTrue();
      const cacheOnly = await client.query({ query: ServiceStatsDocument, variables, fetchPolicy: 'cache-only' });
      expect(cacheOnly.data!.serviceStats!.length).toBe(2);
      expect(missingFieldLogs()).toEqual([]);
    });

    it('fills deltas as on the newest server: nulls are "unchanged", the missing fields stay null', async () => {
      const snapshot = await client.query({ query: ServiceStatsDocument, variables, fetchPolicy: 'network-only' });
      const delta: RtdObject = {
        __typename: 'ServiceStat',
        code: 's1',
        channel: 'CALL',
        channelStats: { __typename: 'ServiceCcCallAtStat', ...Object.fromEntries(CALL_FIELDS_100.map((f) => [f, null])), answeredCalls: 9 },
        userStats: null,
        customStats: [{ __typename: 'CustomStat', key: 'sl1', value: { __typename: 'CustomStatValue', value: '81.0' } }],
      };
      deltas = [delta];
      const update = await firstValueFrom(client.subscribe({ query: ServiceStatsUpdatesDocument, variables, fetchPolicy: 'no-cache' }));
      expect(sent.at(-1)).not.toContain('aggregatedValue');
      const writer = new DeltaWriter(client.cache, { scheduler: IMMEDIATELY });
      const list = { spec: LIVE_LISTS.serviceStats, members: new Membership() };
      list.members.replace(snapshot.data!.serviceStats!.map((stat) => client.cache.identify(stat as StoreObject)!));
      writer.enqueue(list, update.data!.serviceStats as RtdObject[]);
      const cached = cachedCall()!;
      expect(cached['channelStats']).toEqual(jasmine.objectContaining({ answeredCalls: 9, queuedCalls: 1, averageTimeOnQueue: null }));
      expect(cached['customStats']).toEqual([
        jasmine.objectContaining({ key: 'sl1', value: jasmine.objectContaining({ value: '81.0', aggregatedValue: null }) }),
        jasmine.objectContaining({ key: 'abandonRate', value: jasmine.objectContaining({ value: '3.0', aggregatedValue: null }) }),
      ]);
      expect(writer.stats.unfillable).toBe(0);
      expect(missingFieldLogs()).toEqual([]);
    });
  });
});

describe('RtdConnection.hasField', () => {
  let connection: RtdConnection;
  beforeEach(() => (connection = TestBed.inject(RtdConnection)));

  it('answers for the connected version, reactively', () => {
    expect(connection.hasField('ServiceCcCallAtStat', 'averageTimeOnQueue')).toBeTrue();
    connection.serverVersion.set('1.0.0');
    expect(connection.hasField('ServiceCcCallAtStat', 'averageTimeOnQueue')).toBeFalse();
    expect(connection.hasField('CustomStatValue', 'aggregatedValue')).toBeFalse();
    expect(connection.hasField('ServiceCcCallAtStat', 'answeredCalls')).toBeTrue();
    connection.serverVersion.set('1.0.1');
    expect(connection.hasField('ServiceCcCallAtStat', 'averageTimeOnQueue')).toBeTrue();
    expect(connection.hasField('CustomStatValue', 'aggregatedValue')).toBeFalse();
  });

  it('assumes the oldest version when the version could not be read, and none before that', () => {
    expect(connection.fieldsVersion()).toBeNull();
    connection.serverVersionUnavailable.set(true);
    expect(connection.fieldsVersion()).toBe('1.0.0');
    expect(connection.hasField('ServiceCcVideoAtStat', 'averageTimeOnQueue')).toBeFalse();
    connection.serverVersion.set('1.0.2');
    expect(connection.fieldsVersion()).toBe('1.0.2');
  });
});
