import type { UserFieldsFragment, UserStatFieldsFragment } from '../../rtd/generated/graphql';
import { agentRows, secondsInStatus, statsUsernames } from './agent-row-view';

function user(username: string, extra: Partial<UserFieldsFragment> = {}): UserFieldsFragment {
  return {
    mutation: 'CREATED',
    username,
    activeProfile: 1,
    name: 'Giulia',
    surname: 'Rossi',
    services: ['service_1'],
    site: 1,
    skillsets: ['skillset_1'],
    activityCodes: { CALL: '__EMPTY__', VIDEO: null, CHAT: null },
    statuses: { CALL: 'READY', VIDEO: null, CHAT: null },
    ...extra,
  };
}

function stat(username: string, extra: Partial<UserStatFieldsFragment> = {}): UserStatFieldsFragment {
  return {
    username,
    name: 'Giulia',
    surname: 'Rossi',
    userSite: 1,
    loggedProfileId: 1,
    channel: 'CALL',
    activityCode: '__EMPTY__',
    activityCode2: '__EMPTY__',
    currentGroup: '__EMPTY__',
    currentService: '__EMPTY__',
    numberCallFromService: 0,
    numberCallFromServiceAnswered: 0,
    numberCallFromServiceNotAnswered: 0,
    numberCallIn: 4,
    numberCallOut: 1,
    numberCallOutPrivate: 0,
    numberCallServiceOverSpeedAnswer: 0,
    status: 'BUSY_service',
    timeInState: '2026-01-15T10:00:00Z',
    timeInStateBooked: 0,
    timeInStateBusy: 0,
    timeInStateBusyDnCallIn: 0,
    timeInStateBusyDnCallOut: 0,
    timeInStateBusyDnCallOutPrivate: 0,
    timeInStateBusyOnService: 0,
    timeInStateNotReady: 0,
    timeInStateReady: 0,
    timeInStateWNR: 0,
    timeInActivityCode: [],
    timeInActivityCodeStateBusy: [],
    timeInActivityCodeStateNotReady: [],
    ...extra,
  };
}

describe('agent rows', () => {
  it('joins each user with their CALL stats by username', () => {
    const [row] = agentRows([user('user_1')], [stat('user_1')]);
    expect(row.username).toBe('user_1');
    expect(row.displayName).toBe('Giulia Rossi');
    expect(row.status.status).toBe('BUSY_service');
    expect(row.numberCallIn).toBe(4);
    expect(row.numberCallOut).toBe(1);
    expect(row.statusSince).toBe(Date.parse('2026-01-15T10:00:00Z'));
    expect(row.timeInState).toBe('2026-01-15T10:00:00Z');
    expect(row.hasStats).toBeTrue();
  });

  it('leaves the activity code blank for "__EMPTY__" and shows a real one', () => {
    const rows = agentRows([user('user_1'), user('user_2')], [stat('user_1'), stat('user_2', { status: 'NOT_READY', activityCode: 'activityCode_2' })]);
    expect(rows[0].activityCode).toBeNull();
    expect(rows[0].activityCodeRaw).toBe('__EMPTY__');
    expect(rows[1].activityCode).toBe('activityCode_2');
  });

  it("falls back to the user's own CALL status when there are no stats for them yet", () => {
    const [row] = agentRows([user('user_3', { activityCodes: { CALL: 'activityCode_1', VIDEO: null, CHAT: null }, statuses: { CALL: 'NOT_READY', VIDEO: null, CHAT: null } })], []);
    expect(row.hasStats).toBeFalse();
    expect(row.status.bucket).toBe('not-ready');
    expect(row.activityCode).toBe('activityCode_1');
    expect(row.numberCallIn).toBeNull();
    expect(row.statusSince).toBeNull();
  });

  it('ignores stats of other channels and of users not listed', () => {
    const rows = agentRows([user('user_1')], [stat('user_9'), { ...stat('user_1', { numberCallIn: 99 }), channel: 'CHAT' }]);
    expect(rows.length).toBe(1);
    expect(rows[0].hasStats).toBeFalse();
  });

  it('leaves out users that left the list, and orders by username as people count', () => {
    const rows = agentRows([user('user_10'), user('user_2'), null, user('user_1', { mutation: 'DELETED' })], []);
    expect(rows.map((r) => r.username)).toEqual(['user_2', 'user_10']);
  });

  it('shows site, current service and group, service calls and time per state; none for "__EMPTY__"', () => {
    const [busy, idle] = agentRows(
      [user('user_1', { site: 2, activeProfile: 11 }), user('user_2', { site: null, activeProfile: null })],
      [
        stat('user_1', {
          currentService: 'service_3',
          currentGroup: 'skillset_2',
          numberCallFromServiceAnswered: 7,
          numberCallFromServiceNotAnswered: 2,
          timeInStateReady: 600,
          timeInStateNotReady: 120,
          timeInStateBusy: 900,
          timeInStateWNR: 45,
        }),
        stat('user_2', { userSite: 1, loggedProfileId: 12 }),
      ],
    );
    expect(busy.site).toBe(2);
    expect(busy.currentService).toBe('service_3');
    expect(busy.currentGroup).toBe('skillset_2');
    expect([busy.numberCallFromServiceAnswered, busy.numberCallFromServiceNotAnswered]).toEqual([7, 2]);
    expect([busy.timeInStateReady, busy.timeInStateNotReady, busy.timeInStateBusy, busy.timeInStateWNR]).toEqual([600, 120, 900, 45]);
    expect(busy.profileId).toBe(11);
    expect(idle.site).toBe(1);
    expect(idle.currentService).toBeNull();
    expect(idle.currentGroup).toBeNull();
    expect(idle.profileId).toBe(12);
  });

  it('searches by name, surname and username', () => {
    expect(agentRows([user('user_7', { name: 'Marco', surname: 'Bianchi' })], [])[0].searchText).toBe('marco bianchi user_7');
  });

  it('names the user by username when the server gives no name', () => {
    expect(agentRows([user('user_4', { name: null, surname: null })], [])[0].displayName).toBe('user_4');
  });

  it('asks for the stats of the listed users, in a stable order', () => {
    expect(statsUsernames([user('user_10'), user('user_2'), user('user_5', { mutation: 'DELETED' }), null])).toEqual(['user_2', 'user_10']);
  });

  it('counts seconds in status from when it began, never below zero', () => {
    const since = Date.parse('2026-01-15T10:00:00Z');
    expect(secondsInStatus(since, since + 65_400)).toBe(65);
    expect(secondsInStatus(since, since - 3_000)).toBe(0);
    expect(secondsInStatus(null, since)).toBeNull();
  });
});
