import { DEFAULT_KIOSK_CONFIG, checkPlaylist, formatPairingCode, normalizePairingCode, playlistProblem } from './playlist-format';

describe('the playlist format', () => {
  it('a good playlist passes, a missing seconds-per taking the per-screenful default of older kiosk links', () => {
    expect(playlistProblem(DEFAULT_KIOSK_CONFIG)).toBeNull();
    const { secondsPer, ...older } = { ...DEFAULT_KIOSK_CONFIG, slides: [{ board: 'sales', page: 'agents', seconds: 20 }] };
    expect(secondsPer).toBe('screenful');
    const checked = checkPlaylist(older);
    expect(checked.ok && checked.playlist.secondsPer).toBe('screenful');
  });

  it('a problem names the path of the first bad value, an unknown key included', () => {
    const slide = { board: 'sales', page: 'agents', seconds: 20 };
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [slide, { ...slide, seconds: 2 }] })).toBe('slides.1.seconds');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [{ ...slide, page: 'wallboard' }] })).toBe('slides.0.page');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, dailyReloadHour: 7.5 })).toBe('dailyReloadHour');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, volume: 11 })).toBe('volume');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, staleSeconds: Infinity })).toBe('staleSeconds');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: Array.from({ length: 501 }, () => slide) })).toBe('slides');
    expect(playlistProblem(null)).toBe('');
  });

  it('a today slide names its service or group, and only a today slide does', () => {
    const today = { board: 'sales', page: 'today', seconds: 20, today: { kind: 'service', code: 'service_1', channel: 'CALL' } };
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [today] })).toBeNull();
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [{ ...today, today: undefined }] })).toBe('slides.0.today');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [{ ...today, page: 'services' }] })).toBe('slides.0.today');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [{ ...today, today: { ...today.today, kind: 'agent' } }] })).toBe('slides.0.today.kind');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [{ ...today, today: { ...today.today, code: '' } }] })).toBe('slides.0.today.code');
    expect(playlistProblem({ ...DEFAULT_KIOSK_CONFIG, slides: [{ ...today, today: { ...today.today, site: 1 } }] })).toBe('slides.0.today.site');
  });

  it('a pairing code is read however it was typed, and never with a character the TV cannot show', () => {
    expect(normalizePairingCode('abc-234')).toBe('ABC234');
    expect(normalizePairingCode(' AbC 234 ')).toBe('ABC234');
    expect(normalizePairingCode('ABC23')).toBeNull();
    expect(normalizePairingCode('AB0-234')).toBeNull();
    expect(normalizePairingCode('ABI-234')).toBeNull();
    expect(formatPairingCode('ABC234')).toBe('ABC-234');
  });
});
