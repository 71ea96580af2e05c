/**
 * What the connection badge shows for the connection's state: a state name (also the e2e hook's data-state),
 * an icon, a tone for the colour and the words; never colour alone.
 */
import type { MessageKey, MessageParams } from '../../i18n/i18n';
import type { LinkState } from '../../rtd/connection';

/** `RtdConnection.badge`: the link state, or 'degraded' when the socket is up but the server reports FAIL. */
export type BadgeInput = LinkState | 'degraded';
export type BadgeState = 'live' | 'catching-up' | 'fail' | 'connecting' | 'reconnecting' | 'offline' | 'idle';
export type BadgeTone = 'ok' | 'warning' | 'critical' | 'neutral';

export interface ConnectionBadgeView {
  state: BadgeState;
  icon: string;
  tone: BadgeTone;
  labelKey: MessageKey;
  labelParams?: MessageParams;
  /** A longer explanation (tooltip and screen readers), if any. */
  hintKey?: MessageKey;
  /** Whole seconds until the next reconnection attempt, while one is planned. */
  retryInSeconds?: number;
}

/**
 * `behindMs`: how far the screen lags behind what has arrived, once it is noticeably behind (RtdLive.catchingUp):
 * then the badge says so rather than LIVE.
 */
export function connectionBadgeView(badge: BadgeInput, attempt: number, nextRetry: number | null, now: number, behindMs: number | null = null): ConnectionBadgeView {
  switch (badge) {
    case 'live':
      return behindMs === null
        ? { state: 'live', icon: 'sensors', tone: 'ok', labelKey: 'connection.live' }
        : {
            state: 'catching-up',
            icon: 'sync',
            tone: 'warning',
            labelKey: 'connection.catchingUp',
            labelParams: { seconds: Math.max(1, Math.round(behindMs / 1000)) },
            hintKey: 'connection.catchingUpHint',
          };
    case 'degraded':
      return { state: 'fail', icon: 'report', tone: 'critical', labelKey: 'connection.degraded', hintKey: 'connection.degradedHint' };
    case 'connecting':
      return { state: 'connecting', icon: 'sync', tone: 'neutral', labelKey: 'connection.connecting' };
    case 'reconnecting': {
      const view: ConnectionBadgeView =
        attempt > 0
          ? { state: 'reconnecting', icon: 'sync_problem', tone: 'warning', labelKey: 'connection.reconnectingAttempt', labelParams: { attempt } }
          : { state: 'reconnecting', icon: 'sync_problem', tone: 'warning', labelKey: 'connection.reconnecting' };
      if (nextRetry !== null && nextRetry > now) view.retryInSeconds = Math.ceil((nextRetry - now) / 1000);
      return view;
    }
    case 'offline':
      return { state: 'offline', icon: 'cloud_off', tone: 'critical', labelKey: 'connection.offline' };
    default:
      return { state: 'idle', icon: 'cloud_off', tone: 'neutral', labelKey: 'connection.idle' };
  }
}
