import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { I18n, LANGUAGE_STORAGE_KEY } from '../../i18n/i18n';
import type { RtdErrorInfo } from '../../rtd/rtd-errors';
import { LoginFailure, Session, type SessionProfile } from '../../rtd/session';
import type { SessionEnd } from '../../rtd/session-end';
import { LoginPage } from './login-page';

const PROFILE: SessionProfile = { username: 'user_2', name: 'Marco', surname: 'Ricci', supervisor: false, language: 'IT' };

describe('LoginPage', () => {
  let session: jasmine.SpyObj<Pick<Session, 'login' | 'loginWithAccessToken' | 'dismissEnded'>> & { ended: ReturnType<typeof signal<SessionEnd | null>> };
  let navigateByUrl: jasmine.Spy;
  let savedLanguage: string | null;

  beforeEach(() => {
    savedLanguage = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const ended = signal<SessionEnd | null>(null);
    session = Object.assign(jasmine.createSpyObj('Session', ['login', 'loginWithAccessToken', 'dismissEnded']), { ended });
    session.dismissEnded.and.callFake(() => ended.set(null));
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: Session, useValue: session }] });
    navigateByUrl = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
  });
  afterEach(() => {
    if (savedLanguage === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    else localStorage.setItem(LANGUAGE_STORAGE_KEY, savedLanguage);
  });

  async function render(returnUrl?: string) {
    const fixture = TestBed.createComponent(LoginPage);
    if (returnUrl !== undefined) fixture.componentRef.setInput('returnUrl', returnUrl);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const query = <T extends Element>(selector: string) => element.querySelector<T>(selector);
    const type = async (selector: string, value: string) => {
      const input = query<HTMLInputElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    /** What pressing Enter in a field does: submit its form. */
    const pressEnter = async (selector: string) => {
      query<HTMLInputElement>(selector)!.form!.requestSubmit();
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    return { fixture, element, query, type, pressEnter };
  }

  async function failWith(info: RtdErrorInfo) {
    session.login.and.rejectWith(new LoginFailure(info));
    const page = await render();
    await page.type('input[name=username]', 'admin');
    await page.type('input[name=password]', 'secret');
    await page.pressEnter('input[name=password]');
    return page;
  }

  const cases: { info: RtdErrorInfo; text: string }[] = [
    { info: { kind: 'invalid-credentials', message: 'Invalid username or password' }, text: 'Wrong username or password' },
    { info: { kind: 'locked', message: 'Too many attempts', retryAfterSeconds: 60 }, text: 'Try again in 1 minute' },
    { info: { kind: 'unreachable', message: 'Http failure response: 504' }, text: 'cannot be reached' },
    { info: { kind: 'server', message: 'Unexpected error' }, text: 'because of an error on its side' },
  ];
  for (const { info, text } of cases) {
    it(`shows its own message for "${info.kind}" and clears the password`, async () => {
      const { query } = await failWith(info);
      const alert = query<HTMLElement>('[role=alert][data-testid=login-error]');
      expect(alert).withContext('an alert is shown').not.toBeNull();
      expect(alert!.getAttribute('data-kind')).toBe(info.kind);
      expect(alert!.textContent).toContain(text);
      expect(query<HTMLInputElement>('input[name=password]')!.value).toBe('');
      expect(query<HTMLInputElement>('input[name=username]')!.value).toBe('admin');
      expect(navigateByUrl).not.toHaveBeenCalled();
    });
  }

  it('gives each failure kind a different message', async () => {
    const messages = new Set<string>();
    for (const { info } of cases) {
      const { query, fixture } = await failWith(info);
      messages.add(query('[data-testid=login-error]')!.textContent!.trim());
      fixture.destroy();
    }
    expect(messages.size).toBe(cases.length);
  });

  it("shows the server's own words under a server error", async () => {
    const { query } = await failWith({ kind: 'server', message: 'Database on fire' });
    expect(query('[data-testid=login-error]')!.textContent).toContain('Database on fire');
  });

  it('shows the failure in Italian when the page is in Italian', async () => {
    TestBed.inject(I18n).setLanguage('it');
    const { query } = await failWith({ kind: 'invalid-credentials', message: 'x' });
    expect(query('[data-testid=login-error]')!.textContent).toContain('Nome utente o password errati');
  });

  it("submits with Enter, then goes to the returnUrl and adopts the user's language", async () => {
    session.login.and.resolveTo(PROFILE);
    const page = await render('/agents');
    await page.type('input[name=username]', ' user_2 ');
    await page.type('input[name=password]', 'user_2');
    await page.pressEnter('input[name=password]');
    expect(session.login).toHaveBeenCalledOnceWith('user_2', 'user_2');
    expect(navigateByUrl).toHaveBeenCalledOnceWith('/agents');
    expect(TestBed.inject(I18n).language()).toBe('it');
  });

  it('goes to /services when there is no returnUrl, or one outside the app', async () => {
    session.login.and.resolveTo(PROFILE);
    for (const returnUrl of [undefined, 'https://elsewhere.example/']) {
      const page = await render(returnUrl);
      await page.type('input[name=username]', 'admin');
      await page.type('input[name=password]', 'admin');
      await page.pressEnter('input[name=password]');
      expect(navigateByUrl).toHaveBeenCalledWith('/services');
      page.fixture.destroy();
    }
  });

  it('shows progress and cannot be submitted twice while the server answers', async () => {
    let answer!: (profile: SessionProfile) => void;
    session.login.and.returnValue(new Promise<SessionProfile>((resolve) => (answer = resolve)));
    const page = await render();
    await page.type('input[name=username]', 'admin');
    await page.type('input[name=password]', 'admin');
    await page.pressEnter('input[name=password]');
    const button = page.query<HTMLButtonElement>('[data-testid=login-submit]')!;
    expect(button.disabled).toBeTrue();
    expect(button.querySelector('mat-progress-spinner')).not.toBeNull();
    expect(button.textContent).toContain('Signing in');
    await page.pressEnter('input[name=password]');
    expect(session.login).toHaveBeenCalledTimes(1);
    answer(PROFILE);
    await page.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await page.fixture.whenStable();
    expect(button.disabled).toBeFalse();
  });

  it('does not call the server with an empty form, and says what is missing', async () => {
    const page = await render();
    await page.pressEnter('input[name=password]');
    expect(session.login).not.toHaveBeenCalled();
    expect(page.element.textContent).toContain('Enter your username');
    expect(page.element.textContent).toContain('Enter your password');
  });

  it('logs in with an access token from its tab', async () => {
    session.loginWithAccessToken.and.resolveTo(PROFILE);
    const page = await render('/groups');
    const tabs = page.element.querySelectorAll<HTMLElement>('[role=tab]');
    expect(tabs.length).toBe(2);
    tabs[1].click();
    await page.fixture.whenStable();
    await page.type('input[name=accessToken]', 'kiosk-token-0123456789');
    await page.pressEnter('input[name=accessToken]');
    expect(session.loginWithAccessToken).toHaveBeenCalledOnceWith('kiosk-token-0123456789');
    expect(navigateByUrl).toHaveBeenCalledOnceWith('/groups');
  });

  it('says a refused access token was refused, and clears it', async () => {
    session.loginWithAccessToken.and.rejectWith(new LoginFailure({ kind: 'unauthenticated', reason: 'TOKEN_UNKNOWN', message: 'Unknown token' }));
    const page = await render();
    page.element.querySelectorAll<HTMLElement>('[role=tab]')[1].click();
    await page.fixture.whenStable();
    await page.type('input[name=accessToken]', 'wrong-token-0123456789');
    await page.pressEnter('input[name=accessToken]');
    expect(page.query('[data-testid=login-error]')!.textContent).toContain('did not accept this access token');
    expect(page.query<HTMLInputElement>('input[name=accessToken]')!.value).toBe('');
  });

  it('clears the last failure once the user edits a field, so it never stands beside new field errors', async () => {
    const page = await failWith({ kind: 'invalid-credentials', message: 'Invalid username or password' });
    expect(page.query('[data-testid=login-error]')).withContext('the failure is shown').not.toBeNull();
    await page.type('input[name=username]', 'admn');
    expect(page.query('[data-testid=login-error]')).withContext('gone once the username is edited').toBeNull();
  });

  it('clears the last failure when a submit finds a field missing', async () => {
    const page = await failWith({ kind: 'invalid-credentials', message: 'Invalid username or password' });
    await page.pressEnter('input[name=password]');
    expect(page.element.textContent).toContain('Enter your password');
    expect(page.query('[data-testid=login-error]')).toBeNull();
  });

  const endings: { end: SessionEnd; en: string; it: string }[] = [
    { end: 'unknown', en: 'no longer knows your session (it has probably restarted)', it: 'probabilmente è stato riavviato' },
    { end: 'expired', en: 'Your session expired', it: 'La tua sessione è scaduta' },
    { end: 'ended', en: 'The server ended your session', it: 'Il server ha chiuso la tua sessione' },
  ];
  for (const { end, en, it: italian } of endings) {
    it(`says why the session ended ("${end}") in both languages, until the user types`, async () => {
      session.ended.set(end);
      const page = await render('/agents');
      const notice = () => page.query<HTMLElement>('[data-testid=session-ended]');
      expect(notice()?.getAttribute('role')).toBe('status');
      expect(notice()!.textContent).toContain(en);
      TestBed.inject(I18n).setLanguage('it');
      await page.fixture.whenStable();
      expect(notice()!.textContent).toContain(italian);
      await page.type('input[name=username]', 'admin');
      expect(session.dismissEnded).toHaveBeenCalled();
      expect(notice()).toBeNull();
    });
  }

  it('shows no word about an ended session on a plain visit', async () => {
    const page = await render();
    expect(page.query('[data-testid=session-ended]')).toBeNull();
  });

  it('labels every field for assistive technology', async () => {
    const page = await render();
    for (const name of ['username', 'password']) {
      const input = page.query<HTMLInputElement>(`input[name=${name}]`)!;
      const label = page.element.querySelector(`label[for="${input.id}"]`);
      expect(label?.textContent?.trim()).withContext(name).toBeTruthy();
    }
  });
});
