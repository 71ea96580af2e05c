import type { DisplaySummary } from '../../../../contract/playlist-format';
import { displayRow, pairingFormProblem, pairingProblem } from './display-row';

const now = Date.parse('2026-12-03T10:00:00Z');
const display: DisplaySummary = {
  id: 'd1',
  name: 'Floor 2',
  playlistId: 'sales',
  playlistName: 'Sales',
  pairedBy: 'admin',
  pairedAt: '2026-12-03T09:00:00Z',
  lastSeenAt: '2026-12-03T09:59:55Z',
  online: true,
  status: {
    slide: 'Sales · Services',
    dataAgeSeconds: 2,
    appVersion: 'build ABC',
    memoryMb: 48,
    lastError: 'boom',
    lastErrorAt: '2026-12-03T09:30:00Z',
    onlineSince: '2026-12-03T09:10:00Z',
  },
  version: 2,
};

describe('display row', () => {
  it('an online display says since when, the slide and its data age', () => {
    const row = displayRow(display, now);
    expect(row.online).toBeTrue();
    expect(row.since).toBe(Date.parse('2026-12-03T09:10:00Z'));
    expect(row.slide).toBe('Sales · Services');
    expect(row.dataAgeSeconds).toBe(2);
    expect(row.dataOld).toBeFalse();
    expect(row.lastErrorAt).toBe(Date.parse('2026-12-03T09:30:00Z'));
  });

  it('a display silent for longer than the online window is offline since it was last seen, whatever the list said', () => {
    const row = displayRow(display, now + 60_000);
    expect(row.online).toBeFalse();
    expect(row.since).toBe(Date.parse('2026-12-03T09:59:55Z'));
    // What was on screen then is not what is on screen now.
    expect(row.slide).toBeNull();
    expect(row.dataAgeSeconds).toBeNull();
    // Its last error and build stay: they say why it may have gone.
    expect(row.lastError).toBe('boom');
    expect(row.appVersion).toBe('build ABC');
  });

  it('a display never seen has no since', () => {
    const row = displayRow({ ...display, online: false, lastSeenAt: null, status: null }, now);
    expect(row.online).toBeFalse();
    expect(row.since).toBeNull();
  });

  it('flags data older than a minute', () => {
    expect(displayRow({ ...display, status: { ...display.status!, dataAgeSeconds: 90 } }, now).dataOld).toBeTrue();
  });

  it('names each refusal of a pairing', () => {
    const failure = (code: string, status: number, field: string | null = null, details = {}) => ({ code, status, field, details });
    expect(pairingProblem(failure('PAIRING_CODE_UNKNOWN', 404)).key).toBe('displays.codeUnknown');
    expect(pairingProblem(failure('PAIRING_CODE_EXPIRED', 410)).key).toBe('displays.codeExpired');
    expect(pairingProblem(failure('TOO_MANY_ATTEMPTS', 429, null, { retryAfterSeconds: 90 }))).toEqual({ key: 'displays.tooManyAttemptsWait', params: { minutes: 2 } });
    expect(pairingProblem(failure('TOO_MANY_ATTEMPTS', 429)).key).toBe('displays.tooManyAttempts');
    expect(pairingProblem(failure('INVALID_FIELD', 400, 'name')).key).toBe('displays.nameInvalid');
    expect(pairingProblem(failure('UNREACHABLE', 0)).key).toBe('displays.serverUnreachable');
  });

  it('checks the code and name before asking the server', () => {
    expect(pairingFormProblem('abc-234', 'Floor 2')).toBeNull();
    expect(pairingFormProblem('ab c2 34', 'Floor 2')).toBeNull();
    expect(pairingFormProblem('ABC-23', 'Floor 2')).toBe('displays.codeInvalid');
    expect(pairingFormProblem('ABC-2O4', 'Floor 2')).toBe('displays.codeInvalid');
    expect(pairingFormProblem('ABC-234', '  ')).toBe('displays.nameMissing');
  });
});
