/**
 * One display as the Displays page lists it, and what a refused pairing means to a person: pure functions of the
 * server's answers (contract/playlist-format.ts), so the page only renders them.
 */
import { DISPLAY_ONLINE_SECONDS, type DisplaySummary, normalizePairingCode } from '../../../../contract/playlist-format';
import type { MessageParams } from '../../i18n/i18n';
import type { DisplaysMessageKey } from './displays-messages';

export interface DisplayRow {
  id: string;
  name: string;
  online: boolean;
  /** Online since (online), or last seen (offline); null when never seen. */
  since: number | null;
  slide: string | null;
  dataAgeSeconds: number | null;
  /** The data on screen is older than a TV's stale threshold would allow: worth a look. */
  dataOld: boolean;
  appVersion: string | null;
  memoryMb: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  playlistId: string | null;
  playlistName: string | null;
}

/** Older data than this on a TV's screen is flagged on the desk (a TV greys its numbers from 15 s by default). */
export const DATA_OLD_SECONDS = 60;

/**
 * `now` decides online as the server would (seen within DISPLAY_ONLINE_SECONDS), so a TV that just went silent shows
 * offline between two polls of the list.
 */
export function displayRow(display: DisplaySummary, now: number): DisplayRow {
  const lastSeen = display.lastSeenAt ? Date.parse(display.lastSeenAt) : null;
  const online = display.online && lastSeen !== null && now - lastSeen <= DISPLAY_ONLINE_SECONDS * 1000;
  const status = display.status;
  const onlineSince = status?.onlineSince ? Date.parse(status.onlineSince) : lastSeen;
  const dataAgeSeconds = online ? (status?.dataAgeSeconds ?? null) : null;
  return {
    id: display.id,
    name: display.name,
    online,
    since: online ? onlineSince : lastSeen,
    slide: online ? (status?.slide ?? null) : null,
    dataAgeSeconds,
    dataOld: dataAgeSeconds !== null && dataAgeSeconds > DATA_OLD_SECONDS,
    appVersion: status?.appVersion ?? null,
    memoryMb: status?.memoryMb ?? null,
    lastError: status?.lastError ?? null,
    lastErrorAt: status?.lastErrorAt ? Date.parse(status.lastErrorAt) : null,
    playlistId: display.playlistId,
    playlistName: display.playlistName,
  };
}

/** What a supervisor reads when a pairing is refused: the server's code in the page's language. */
export function pairingProblem(failure: { status: number; code: string; field: string | null; details: Record<string, unknown> }): { key: DisplaysMessageKey; params?: MessageParams } {
  switch (failure.code) {
    case 'PAIRING_CODE_UNKNOWN':
      return { key: 'displays.codeUnknown' };
    case 'PAIRING_CODE_EXPIRED':
      return { key: 'displays.codeExpired' };
    case 'TOO_MANY_ATTEMPTS': {
      const seconds = Number(failure.details['retryAfterSeconds']);
      return Number.isFinite(seconds) && seconds > 0 ? { key: 'displays.tooManyAttemptsWait', params: { minutes: Math.ceil(seconds / 60) } } : { key: 'displays.tooManyAttempts' };
    }
  }
  if (failure.field === 'name') return { key: 'displays.nameInvalid' };
  if (failure.field === 'code') return { key: 'displays.codeInvalid' };
  if (failure.field === 'playlistId') return { key: 'displays.playlistGone' };
  if (failure.status === 0) return { key: 'displays.serverUnreachable' };
  return { key: 'displays.refused' };
}

/** A pairing form's own check before asking the server: the code as a TV shows it, a name. */
export function pairingFormProblem(code: string, name: string): DisplaysMessageKey | null {
  if (!normalizePairingCode(code)) return 'displays.codeInvalid';
  if (!name.trim()) return 'displays.nameMissing';
  return null;
}
