/**
 * The agent detail panel without Angular: the agent's CALL stats, and from the active profile's
 * userProfileStats the time per activity code, the time per state and the hold time.
 */
import type { MessageKey } from '../../i18n/i18n';
import type { UserProfileStatFieldsFragment, UserProfileStatFilter } from '../../rtd/generated/graphql';
import { codeOrNone } from '../../shared/activity-code';
import type { ChartColour, ChartView } from '../../shared/charts/chart-view';
import { naturalOrder } from '../../shared/natural-order';

/** The profile stats to watch for the panel: the agent's active profile on CALL; null while it is unknown. */
export function profileStatsFilter(profileId: number | null): UserProfileStatFilter | null {
  return profileId === null ? null : { CALL: { userProfiles: [profileId] } };
}

/** That profile's CALL stats among what the list holds. */
export function profileCallStats(items: readonly (UserProfileStatFieldsFragment | null)[], profileId: number | null): UserProfileStatFieldsFragment | null {
  return items.find((item) => item !== null && item.id === profileId && item.channel === 'CALL') ?? null;
}

export interface Formatters {
  t(key: MessageKey): string;
  duration(seconds: number | null): string;
}

/** Time per activity code, longest first; time without a code ("__EMPTY__") is left out (it is the time per state). */
export function activityCodeChart(stats: UserProfileStatFieldsFragment | null, format: Formatters): ChartView {
  const data = (stats?.timeInActivityCode ?? [])
    .filter((entry) => codeOrNone(entry.activityCode) !== null && entry.totalTime > 0)
    .sort((a, b) => b.totalTime - a.totalTime || naturalOrder(a.activityCode, b.activityCode))
    .map((entry) => ({ key: entry.activityCode, label: entry.activityCode, value: entry.totalTime, display: format.duration(entry.totalTime), colour: 'accent' as ChartColour }));
  return { kind: 'bar', title: format.t('agentDetail.timePerActivityCode'), data };
}

/** The states of the time-per-state chart, in the order of a call: ready, ringing, busy, post-call, not ready; named as the status chip names them. */
const STATE_TIMES: readonly { key: string; field: keyof UserProfileStatFieldsFragment; labelKey: MessageKey; colour: ChartColour }[] = [
  { key: 'ready', field: 'timeInStateReady', labelKey: 'status.READY', colour: 'ready' },
  { key: 'booked', field: 'timeInStateBooked', labelKey: 'status.BOOKED', colour: 'booked' },
  { key: 'busy', field: 'timeInStateBusy', labelKey: 'status.BUSY', colour: 'busy' },
  { key: 'post-call', field: 'timeInStateWNR', labelKey: 'status.WNR', colour: 'post-call' },
  { key: 'not-ready', field: 'timeInStateNotReady', labelKey: 'status.NOT_READY', colour: 'not-ready' },
];

/** Time per state; a state the server sends no time for is left out, a zero stays (it says "never"). */
export function stateTimeChart(stats: UserProfileStatFieldsFragment | null, format: Formatters): ChartView {
  const data = STATE_TIMES.flatMap(({ key, field, labelKey, colour }) => {
    const seconds = stats?.[field];
    return typeof seconds === 'number' ? [{ key, label: format.t(labelKey), value: seconds, display: format.duration(seconds), colour }] : [];
  });
  return { kind: 'bar', title: format.t('agentDetail.timePerState'), data };
}

export interface HoldView {
  /** Total seconds on hold today; null when unknown. */
  totalSeconds: number | null;
  /** When the agent last put a call on hold (ms since epoch); null for never or unknown. */
  lastHoldAt: number | null;
}

export function holdView(stats: UserProfileStatFieldsFragment | null): HoldView {
  const last = stats?.timeInHold?.time ? Date.parse(stats.timeInHold.time) : NaN;
  return { totalSeconds: stats?.timeInHold?.timeInState ?? null, lastHoldAt: Number.isNaN(last) ? null : last };
}
