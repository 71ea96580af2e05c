import type { UserProfileStatFieldsFragment } from '../../rtd/generated/graphql';
import { activityCodeChart, holdView, profileCallStats, profileStatsFilter, stateTimeChart } from './agent-detail-view';

function profile(extra: Partial<UserProfileStatFieldsFragment> = {}): UserProfileStatFieldsFragment {
  return {
    id: 11,
    userSite: 1,
    channel: 'CALL',
    activityCode: '__EMPTY__',
    activityCode2: '__EMPTY__',
    currentGroup: '__EMPTY__',
    currentService: '__EMPTY__',
    numberCallFromService: 0,
    numberCallFromServiceAnswered: 0,
    numberCallFromServiceNotAnswered: 0,
    numberCallIn: 0,
    numberCallOut: 0,
    numberCallOutPrivate: 0,
    numberCallServiceOverSpeedAnswer: 0,
    status: 'READY',
    timeInState: '2026-11-24T10:00:00Z',
    timeInStateBooked: 30,
    timeInStateBusy: 900,
    timeInStateBusyDnCallIn: 0,
    timeInStateBusyDnCallOut: 0,
    timeInStateBusyDnCallOutPrivate: 0,
    timeInStateBusyOnService: 900,
    timeInStateNotReady: 300,
    timeInStateReady: 1200,
    timeInStateWNR: 75,
    timeInActivityCode: [],
    timeInActivityCodeStateBusy: [],
    timeInActivityCodeStateNotReady: [],
    timeInHold: { time: '2026-11-24T09:58:00Z', timeInState: 95 },
    ...extra,
  };
}

const format = { t: (key: string) => `#${key}`, duration: (seconds: number | null) => (seconds === null ? '–' : `${seconds}s`) };

describe('agent detail view', () => {
  it('watches the active profile on CALL, nothing while it is unknown', () => {
    expect(profileStatsFilter(11)).toEqual({ CALL: { userProfiles: [11] } });
    expect(profileStatsFilter(null)).toBeNull();
  });

  it("picks that profile's CALL stats among the list", () => {
    const mine = profile();
    expect(profileCallStats([null, profile({ id: 12 }), mine], 11)).toBe(mine);
    expect(profileCallStats([profile({ id: 12 })], 11)).toBeNull();
    expect(profileCallStats([mine], null)).toBeNull();
  });

  it('charts time per activity code, longest first, leaving out "__EMPTY__" and zero times', () => {
    const view = activityCodeChart(
      profile({
        timeInActivityCode: [
          { activityCode: '__EMPTY__', totalTime: 5000 },
          { activityCode: 'activityCode_2', totalTime: 120 },
          { activityCode: 'activityCode_10', totalTime: 600 },
          { activityCode: 'activityCode_1', totalTime: 0 },
        ],
      }),
      format,
    );
    expect(view.kind).toBe('bar');
    expect(view.title).toBe('#agentDetail.timePerActivityCode');
    expect(view.data.map((d) => [d.key, d.value, d.display])).toEqual([
      ['activityCode_10', 600, '600s'],
      ['activityCode_2', 120, '120s'],
    ]);
  });

  it('charts nothing per activity code without stats', () => {
    expect(activityCodeChart(null, format).data).toEqual([]);
  });

  it('charts time per state in call order, with the state colours; zero kept, missing left out', () => {
    const view = stateTimeChart(profile({ timeInStateBooked: 0, timeInStateWNR: null }), format);
    expect(view.data.map((d) => [d.key, d.label, d.value, d.colour])).toEqual([
      ['ready', '#status.READY', 1200, 'ready'],
      ['booked', '#status.BOOKED', 0, 'booked'],
      ['busy', '#status.BUSY', 900, 'busy'],
      ['not-ready', '#status.NOT_READY', 300, 'not-ready'],
    ]);
    expect(stateTimeChart(null, format).data).toEqual([]);
  });

  it('reads hold time: total seconds and when the last hold began; none when never or unknown', () => {
    expect(holdView(profile())).toEqual({ totalSeconds: 95, lastHoldAt: Date.parse('2026-11-24T09:58:00Z') });
    expect(holdView(profile({ timeInHold: { time: null, timeInState: 0 } }))).toEqual({ totalSeconds: 0, lastHoldAt: null });
    expect(holdView(profile({ timeInHold: null }))).toEqual({ totalSeconds: null, lastHoldAt: null });
    expect(holdView(null)).toEqual({ totalSeconds: null, lastHoldAt: null });
  });
});
