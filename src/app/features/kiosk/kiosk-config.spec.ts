import { startingBoard } from '../boards/board';
import { DEFAULT_KIOSK_CONFIG, boardSlides, kioskLink, readKioskFragment, todayChoiceKey, todayChoices, todaySlides } from './kiosk-config';

const board = startingBoard('Front office — Qualità', { services: ['service_1'], skillsets: [], sites: [] });
const config = { ...DEFAULT_KIOSK_CONFIG, slides: boardSlides(board.id, 30), sound: false };

describe('kiosk links', () => {
  it('carry the token and the bundle in the fragment only, and read back the same', () => {
    const link = kioskLink('https://wall.example', 'tok-123', { config, boards: [board] });
    const url = new URL(link);
    expect(url.pathname).toBe('/kiosk');
    expect(url.search).toBe('');
    expect(link).not.toContain('tok-123?');
    expect(readKioskFragment(url.hash)).toEqual({ token: 'tok-123', bundle: { config, boards: [board] }, problem: null });
  });

  it('leave out what a build from before the settings would refuse, when it is the default (seconds per screen, agents that follow the services)', () => {
    const link = kioskLink('https://wall.example', 't', { config, boards: [{ ...board, agentSource: 'services' }] });
    const bundle = JSON.parse(atob(new URLSearchParams(new URL(link).hash.slice(1)).get('kiosk')!.replace(/-/g, '+').replace(/_/g, '/')));
    expect('secondsPer' in bundle.config).toBeFalse();
    expect('agentSource' in bundle.boards.boards[0]).toBeFalse();
    expect(readKioskFragment(new URL(link).hash).bundle?.config.secondsPer).toBe('screenful');
    // A choice that differs from what the board implies is kept.
    const chosen = kioskLink('https://wall.example', 't', { config, boards: [{ ...board, agentSource: 'filter' }] });
    expect(readKioskFragment(new URL(chosen).hash).bundle?.boards[0].agentSource).toBe('filter');
  });

  it('read a token-only link', () => {
    expect(readKioskFragment('#token=abc')).toEqual({ token: 'abc', bundle: null, problem: null });
    expect(readKioskFragment('')).toEqual({ token: null, bundle: null, problem: null });
  });

  it('report a damaged bundle but keep the token', () => {
    const damaged = readKioskFragment('#token=abc&kiosk=not-base64!!');
    expect(damaged.token).toBe('abc');
    expect(damaged.bundle).toBeNull();
    expect(damaged.problem).toBeTruthy();
    const link = kioskLink('https://wall.example', 't', { config: { ...config, staleSeconds: 1 }, boards: [board] });
    expect(readKioskFragment(new URL(link).hash).problem).toContain('staleSeconds');
  });

  it('say whether the seconds count per screenful or per slide; a link made before the setting counts per screenful', () => {
    const perSlide = kioskLink('https://wall.example', 't', { config: { ...config, secondsPer: 'slide' }, boards: [board] });
    expect(readKioskFragment(new URL(perSlide).hash).bundle?.config.secondsPer).toBe('slide');
    // The same link as one made before the setting: its config without `secondsPer`.
    const params = new URLSearchParams(new URL(perSlide).hash.slice(1));
    const bundle = JSON.parse(atob(params.get('kiosk')!.replace(/-/g, '+').replace(/_/g, '/')));
    delete bundle.config.secondsPer;
    params.set('kiosk', btoa(JSON.stringify(bundle)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    expect(readKioskFragment(`#${params}`)).toEqual(jasmine.objectContaining({ problem: null }));
    expect(readKioskFragment(`#${params}`).bundle?.config.secondsPer).toBe('screenful');
  });

  it('play a board as its three pages in turn', () => {
    expect(boardSlides('b', 10).map((s) => s.page)).toEqual(['services', 'groups', 'agents']);
  });

  it('carry today slides: a board’s services, then its groups, per channel, each naming its subject', () => {
    const mixed = { ...board, services: { CALL: ['s1', 's2'], VIDEO: [], CHAT: ['s1'] }, groups: { CALL: ['g1'], VIDEO: [], CHAT: [] } };
    expect(todayChoices(mixed).map((s) => `${s.kind}/${s.code}/${s.channel}`)).toEqual(['service/s1/CALL', 'service/s2/CALL', 'service/s1/CHAT', 'group/g1/CALL']);
    const chosen = new Set([todayChoiceKey(mixed.id, { kind: 'group', code: 'g1', channel: 'CALL' }), todayChoiceKey(mixed.id, { kind: 'service', code: 's1', channel: 'CHAT' })]);
    const slides = todaySlides(mixed, chosen, 25);
    expect(slides).toEqual([
      { board: mixed.id, page: 'today', seconds: 25, today: { kind: 'service', code: 's1', channel: 'CHAT' } },
      { board: mixed.id, page: 'today', seconds: 25, today: { kind: 'group', code: 'g1', channel: 'CALL' } },
    ]);
    const link = kioskLink('https://wall.example', 't', { config: { ...config, slides: [...config.slides, ...slides] }, boards: [mixed] });
    expect(readKioskFragment(new URL(link).hash).bundle?.config.slides.slice(-2)).toEqual(slides);
  });
});
