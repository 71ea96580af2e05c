/**
 * One truth about how fresh the numbers on screen are: the connection badge, the board header's line and the
 * tiles' "data N s old" all read this view, so they can never disagree (a LIVE badge over greyed tiles, or
 * "Live · updated" beside RECONNECTING). A pure function of the link, the data on screen and the time.
 */
import type { MessageKey, MessageParams } from '../../i18n/i18n';
import type { LinkState } from '../../rtd/connection';

/** `RtdConnection.badge`: the link state, or 'degraded' when the socket is up but the server reports FAIL. */
export type LinkInput = LinkState | 'degraded';

/**
 * `none`: the page shows no live data (Boards, the editor), so there is nothing to vouch for and no badge.
 * `stale`: the link looks up but nothing (no change, no keep-alive) has come for longer than the threshold.
 */
export type FreshnessState = 'none' | 'connecting' | 'live' | 'catching-up' | 'fail' | 'stale' | 'reconnecting' | 'offline';
export type FreshnessTone = 'ok' | 'warning' | 'critical' | 'neutral';

/** The oldest data on screen: when it was last known good (null before its first snapshot) and its stale threshold. */
export interface DataOnScreen {
  asOf: number | null;
  staleAfterSeconds: number;
}

export interface FreshnessInputs {
  link: LinkInput;
  /** The reconnection attempt under way (0 when none). */
  attempt: number;
  /** When the next reconnection attempt is due (ms since epoch); null when none is planned. */
  nextRetry: number | null;
  /** How far the screen lags behind what has arrived (ms), while noticeably behind; null when it keeps up. */
  behindMs: number | null;
  /** null when the page shows no live data. */
  onScreen: DataOnScreen | null;
  now: number;
}

export interface FreshnessView {
  state: FreshnessState;
  icon: string;
  tone: FreshnessTone;
  /** The short word (one line in the toolbar in both languages): Live, Stale, Reconnecting, Offline… */
  labelKey: MessageKey;
  /** A longer explanation for hover, focus and screen readers, if any. */
  hintKey?: MessageKey;
  hintParams?: MessageParams;
  /** The reconnection attempt, while reconnecting. */
  attempt?: number;
  /** Whole seconds until the next reconnection attempt, while one is planned. */
  retryInSeconds?: number;
  /** Up to when the data on screen is known good; null before the first snapshot or with no live data. */
  asOf: number | null;
  /**
   * How old (whole seconds) the numbers on screen are while they are not known live (stale, reconnecting,
   * offline, or still connecting past the threshold); null while they are. Tiles grey out with it.
   */
  staleSeconds: number | null;
}

const NO_DATA: FreshnessView = { state: 'none', icon: 'cloud_off', tone: 'neutral', labelKey: 'connection.idle', asOf: null, staleSeconds: null };

export function freshnessView(inputs: FreshnessInputs): FreshnessView {
  const { link, onScreen, now } = inputs;
  if (onScreen === null) return NO_DATA;
  const asOf = onScreen.asOf;
  const age = asOf === null ? null : Math.max(0, Math.floor((now - asOf) / 1000));
  const pastThreshold = age !== null && age > onScreen.staleAfterSeconds ? age : null;
  switch (link) {
    case 'reconnecting':
    case 'offline': {
      // The server is known to be away: the numbers stop being live at once, not a threshold later.
      const view: FreshnessView =
        link === 'offline'
          ? { state: 'offline', icon: 'cloud_off', tone: 'critical', labelKey: 'connection.offline', asOf, staleSeconds: age }
          : { state: 'reconnecting', icon: 'sync_problem', tone: 'warning', labelKey: 'connection.reconnecting', asOf, staleSeconds: age };
      if (link === 'reconnecting' && inputs.attempt > 0) view.attempt = inputs.attempt;
      if (link === 'reconnecting' && inputs.nextRetry !== null && inputs.nextRetry > now) view.retryInSeconds = Math.ceil((inputs.nextRetry - now) / 1000);
      return view;
    }
    case 'idle':
    case 'connecting':
      // A page's first connection (or between two pages): grey only what has waited past the threshold.
      return { state: 'connecting', icon: 'sync', tone: 'neutral', labelKey: 'connection.connecting', asOf, staleSeconds: pastThreshold };
    default:
      if (pastThreshold !== null) {
        return {
          state: 'stale',
          icon: 'history',
          tone: 'warning',
          labelKey: 'connection.stale',
          hintKey: 'connection.staleHint',
          hintParams: { seconds: pastThreshold },
          asOf,
          staleSeconds: pastThreshold,
        };
      }
      if (link === 'degraded') return { state: 'fail', icon: 'report', tone: 'critical', labelKey: 'connection.degraded', hintKey: 'connection.degradedHint', asOf, staleSeconds: null };
      if (inputs.behindMs !== null) {
        const seconds = Math.max(1, Math.round(inputs.behindMs / 1000));
        return { state: 'catching-up', icon: 'sync', tone: 'warning', labelKey: 'connection.catchingUpShort', hintKey: 'connection.catchingUp', hintParams: { seconds }, asOf, staleSeconds: null };
      }
      return { state: 'live', icon: 'sensors', tone: 'ok', labelKey: 'connection.live', asOf, staleSeconds: null };
  }
}

/** The oldest of the data on screen: the one that goes stale first decides for the whole page. */
export function oldestOnScreen(sources: readonly DataOnScreen[]): DataOnScreen | null {
  if (!sources.length) return null;
  let oldest: DataOnScreen | null = null;
  let oldestDeadline = Infinity;
  for (const source of sources) {
    // A list still waiting for its first snapshot is no older than the others.
    const deadline = source.asOf === null ? Infinity : source.asOf + source.staleAfterSeconds * 1000;
    if (oldest === null || deadline < oldestDeadline) {
      oldest = source;
      oldestDeadline = deadline;
    }
  }
  return oldest;
}
