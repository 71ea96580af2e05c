import { POSSIBLE_TYPES, TYPE_POLICIES } from './cache-policies';
import { RTD_OBJECT_FIELDS, RTD_UNION_MEMBERS } from './generated/rtd-field-types';
import { entityFault, keyFieldsOf, listEntityType, parseFieldType } from './payload-guard';

const agent = (fields: Record<string, unknown> = {}) => ({
  __typename: 'User',
  mutation: 'CREATED',
  username: 'mrossi',
  activeProfile: 12,
  surname: 'Rossi',
  name: 'Mario',
  activityCodes: { __typename: 'UserActivityCodeMap', CALL: '__EMPTY__', VIDEO: null, CHAT: null },
  services: ['sales'],
  site: 1,
  skillsets: ['italian'],
  statuses: { __typename: 'UserStatusMultiChannelMap', CALL: 'READY', VIDEO: null, CHAT: null },
  ...fields,
});

const salesQueue = (fields: Record<string, unknown> = {}) => ({
  __typename: 'ServiceStat',
  code: 'sales',
  channel: 'CALL',
  channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 3, averageTimeOnQueue: 12.5, answeredCalls: null },
  userStats: {
    __typename: 'ServiceUserStat',
    readyUsers: { __typename: 'UserProfileInStatus', count: 2, profileIds: [1, 2] },
    activityCodeIndicators: [{ __typename: 'UserProfileInActivityCode', activityCode: 'lunch', count: 1, profileIds: [3] }],
  },
  customStats: [{ __typename: 'CustomStat', key: 'sl1', value: { __typename: 'CustomStatValue', value: '80.0', aggregatedValue: null } }],
  ...fields,
});

describe('payload guard', () => {
  it('passes whole entities and deltas whose unchanged fields are null', () => {
    expect(entityFault('User', agent())).toBeNull();
    expect(entityFault('User', agent({ mutation: 'UPDATED', surname: null, activityCodes: null, services: null, statuses: null }))).toBeNull();
    expect(entityFault('ServiceStat', salesQueue())).toBeNull();
    expect(entityFault('ServiceStat', salesQueue({ channelStats: null, userStats: null, customStats: null }))).toBeNull();
    expect(entityFault('UserStat', { __typename: 'UserStat', username: 'mrossi', channel: 'CALL', loggedProfileId: 12, timeInState: '2026-01-05T09:00:00Z', status: 'BUSY' })).toBeNull();
  });

  it('refuses an entity whose key is null, missing or of the wrong type', () => {
    expect(entityFault('User', agent({ username: null }))).toEqual(jasmine.objectContaining({ kind: 'key', path: 'User.username' }));
    const { username: _gone, ...withoutUsername } = agent();
    expect(entityFault('User', withoutUsername)?.kind).toBe('key');
    expect(entityFault('User', agent({ username: 42 }))?.kind).toBe('key');
    expect(entityFault('ServiceStat', salesQueue({ channel: ['CALL'] }))).toEqual(jasmine.objectContaining({ kind: 'key', path: 'ServiceStat.channel' }));
    expect(entityFault('UserProfileStat', { __typename: 'UserProfileStat', id: '7', channel: 'CALL' })?.kind).toBe('key');
  });

  it('refuses what is not an entity of the list, or says it is another type', () => {
    expect(entityFault('User', null)?.kind).toBe('key');
    expect(entityFault('User', ['mrossi'])?.kind).toBe('key');
    expect(entityFault('User', agent({ __typename: 'ServiceStat' }))).toEqual(jasmine.objectContaining({ kind: 'type', path: 'User.__typename' }));
    expect(entityFault('User', agent({ __typename: undefined }))?.kind).toBe('type');
  });

  it('refuses a field whose runtime type contradicts the schema, at any depth', () => {
    const wrong: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      ['User', agent(), { statuses: 'BUSY' }, 'User.statuses'],
      ['User', agent(), { services: 'sales' }, 'User.services'],
      ['User', agent(), { services: ['sales', 7] }, 'User.services.1'],
      ['User', agent(), { site: '1' }, 'User.site'],
      ['User', agent(), { activeProfile: 1.5 }, 'User.activeProfile'],
      ['User', agent(), { activeProfile: 2 ** 31 }, 'User.activeProfile'],
      ['User', agent(), { surname: { first: 'Rossi' } }, 'User.surname'],
      ['User', agent(), { statuses: { __typename: 'UserStatusMultiChannelMap', CALL: true } }, 'User.statuses.CALL'],
      ['User', agent(), { mutation: null }, 'User.mutation'],
      ['ServiceStat', salesQueue(), { channelStats: { __typename: 'GroupCcCallStat', queuedCalls: 1 } }, 'ServiceStat.channelStats.__typename'],
      ['ServiceStat', salesQueue(), { channelStats: { queuedCalls: 1 } }, 'ServiceStat.channelStats.__typename'],
      ['ServiceStat', salesQueue(), { channelStats: { __typename: 'ServiceCcCallAtStat', averageTimeOnQueue: 'slow' } }, 'ServiceStat.channelStats.averageTimeOnQueue'],
      ['ServiceStat', salesQueue(), { customStats: [{ __typename: 'CustomStat', key: null, value: null }] }, 'ServiceStat.customStats.0.key'],
      ['ServiceStat', salesQueue(), { customStats: [null] }, 'ServiceStat.customStats.0'],
      ['ServiceStat', salesQueue(), { userStats: { readyUsers: { count: 2, profileIds: ['1'] } } }, 'ServiceStat.userStats.readyUsers.profileIds.0'],
      ['UserStat', { __typename: 'UserStat', username: 'u', channel: 'CALL' }, { timeInState: 1_700_000_000 }, 'UserStat.timeInState'],
    ];
    for (const [type, entity, change, path] of wrong) {
      expect(entityFault(type, { ...entity, ...change }))
        .withContext(path)
        .toEqual(jasmine.objectContaining({ kind: 'type', path }));
    }
  });

  it('refuses fields the schema does not have, __proto__ included', () => {
    expect(entityFault('User', agent({ phantom: 1 }))).toEqual(jasmine.objectContaining({ kind: 'unknown field', path: 'User.phantom' }));
    expect(entityFault('User', JSON.parse('{"__typename":"User","username":"u","mutation":"UPDATED","__proto__":{"site":1}}'))?.kind).toBe('unknown field');
  });

  it('keeps an agent status the schema does not list yet: a newer server may add one', () => {
    expect(entityFault('User', agent({ statuses: { __typename: 'UserStatusMultiChannelMap', CALL: 'ON_BREAK' } }))).toBeNull();
  });

  it('says what was wrong in a line', () => {
    expect(entityFault('User', agent({ statuses: 'BUSY' }))?.message).toBe('User.statuses should be UserStatusMultiChannelMap, got string');
  });

  it('finds each live list’s entity type and key fields from the schema and the cache policies', () => {
    expect(listEntityType('users')).toBe('User');
    expect(listEntityType('serviceStats')).toBe('ServiceStat');
    expect(() => listEntityType('agents')).toThrowError(/agents/);
    expect(keyFieldsOf('ServiceStat')).toEqual(['code', 'channel']);
    expect(parseFieldType('[String!]')).toEqual({ nonNull: false, list: { nonNull: true, named: 'String' } });
  });
});

describe('cache policies against the schema', () => {
  it('identify entities by non-null leaf fields the schema has', () => {
    for (const typename of Object.keys(TYPE_POLICIES).filter((t) => keyFieldsOf(t).length)) {
      for (const key of keyFieldsOf(typename))
        expect(RTD_OBJECT_FIELDS[typename]?.[key])
          .withContext(`${typename}.${key}`)
          .toMatch(/^[A-Za-z]+!$/);
    }
  });

  it('know the schema’s unions and their members', () => {
    const sorted = (union: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(union).map(([name, members]) => [name, [...members].sort()]));
    expect(sorted(POSSIBLE_TYPES)).toEqual(sorted(RTD_UNION_MEMBERS));
  });
});
