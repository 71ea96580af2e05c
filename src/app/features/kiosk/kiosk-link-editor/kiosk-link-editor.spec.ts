import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { I18n } from '../../../i18n/i18n';
import { RtdDirectory } from '../../../rtd/directory';
import { startingBoard } from '../../boards/board';
import { BoardStore } from '../../boards/board-store';
import { readKioskFragment } from '../kiosk-config';
import { KioskLinkEditor } from './kiosk-link-editor';

describe('KioskLinkEditor', () => {
  const KEY = 'rtd-wallboard.boards';
  let saved: string | null;
  beforeEach(() => {
    saved = localStorage.getItem(KEY);
    localStorage.removeItem(KEY);
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: RtdDirectory, useValue: { revealed: async () => ({ services: [], skillsets: [], sites: [] }) } }] });
  });
  afterEach(() => (saved === null ? localStorage.removeItem(KEY) : localStorage.setItem(KEY, saved)));

  async function render() {
    TestBed.inject(BoardStore).save(startingBoard('Front office', { services: ['service_1'], skillsets: [], sites: [] }));
    TestBed.inject(I18n).setLanguage('en');
    const fixture = TestBed.createComponent(KioskLinkEditor);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const type = async (testId: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const link = () => element.querySelector<HTMLInputElement>('[data-testid="kiosk-link"]')?.value ?? null;
    return { fixture, element, type, link };
  }

  it('makes no link until a token is typed, then one whose fragment holds the token, boards and settings', async () => {
    const { type, link } = await render();
    expect(link()).toBeNull();
    await type('kiosk-token', ' tv-token-1 ');
    await type('kiosk-stale-seconds', '30');
    const url = new URL(link()!);
    expect(url.pathname).toBe('/kiosk');
    const fragment = readKioskFragment(url.hash);
    expect(fragment.token).toBe('tv-token-1');
    expect(fragment.bundle?.boards.map((b) => b.id)).toEqual(['front-office']);
    expect(fragment.bundle?.config).toEqual(jasmine.objectContaining({ slides: [{ board: 'front-office', page: 'services', seconds: 20 }], staleSeconds: 30, dailyReloadHour: null }));
  });

  it('tells the person setting up how to let the TV sound, beside the alert sound choice, and says the truth at 3 s', async () => {
    const { fixture, element, type } = await render();
    expect(element.querySelector('[data-testid="sound-setup"]')!.textContent).toContain('--autoplay-policy=no-user-gesture-required');
    await type('kiosk-seconds', '3');
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="kiosk-seconds-per"]')!.textContent).toContain('each at least 3 s');
  });

  it('says in words what the seconds count for, per screen by default, and puts the choice in the link', async () => {
    const { fixture, element, type, link } = await render();
    await type('kiosk-token', 'tv-token-1');
    await type('kiosk-seconds', '20');
    const choices = element.querySelector('[data-testid="kiosk-seconds-per"]')!;
    expect(choices.querySelector<HTMLInputElement>('[data-seconds-per="screenful"]')!.checked).toBeTrue();
    expect(choices.textContent).toContain('Each screen (the default)');
    expect(choices.textContent).toContain('a page of 3 screens stays 60 s');
    expect(choices.textContent).toContain('on a page of 4 screens, each shows 5 s');
    expect(readKioskFragment(new URL(link()!).hash).bundle?.config.secondsPer).toBe('screenful');
    const perSlide = choices.querySelector<HTMLInputElement>('[data-seconds-per="slide"]')!;
    perSlide.click();
    await fixture.whenStable();
    expect(readKioskFragment(new URL(link()!).hash).bundle?.config.secondsPer).toBe('slide');
  });

  it('refuses seconds out of range, saying why, and makes no link', async () => {
    const { element, type, link } = await render();
    await type('kiosk-token', 'tv-token-1');
    await type('kiosk-seconds', '1');
    expect(link()).toBeNull();
    expect(element.querySelector('[role="alert"]')!.textContent).toContain('3 to 3600 seconds');
  });
});
