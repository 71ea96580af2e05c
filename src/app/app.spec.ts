import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CloseCode } from '../../contract/close-codes';
import { Router, provideRouter } from '@angular/router';
import { App, isLoginUrl } from './app';
import { LANGUAGE_STORAGE_KEY } from './i18n/i18n';
import { RtdConnection } from './rtd/connection';
import { Session, type SessionProfile } from './rtd/session';
import { renderDeferred } from './shared/testing/deferred';
import { DARK_THEME_CLASS, THEME_STORAGE_KEY } from './shared/theme';

@Component({ selector: 'app-blank', template: '<p>page</p>' })
class Blank {}

describe('App shell', () => {
  const saved = new Map<string, string | null>();
  let session: { profile: ReturnType<typeof signal<SessionProfile | null>>; loggedIn: ReturnType<typeof signal<boolean>>; logout: jasmine.Spy; expired: jasmine.Spy; loadServerInfo: jasmine.Spy };

  beforeEach(() => {
    for (const key of [LANGUAGE_STORAGE_KEY, THEME_STORAGE_KEY]) saved.set(key, localStorage.getItem(key));
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    session = {
      profile: signal<SessionProfile | null>({ username: 'admin', name: 'Admin', surname: 'Administrator', supervisor: true, language: 'EN' }),
      loggedIn: signal(true),
      logout: jasmine.createSpy('logout').and.resolveTo(),
      expired: jasmine.createSpy('expired'),
      loadServerInfo: jasmine.createSpy('loadServerInfo').and.resolveTo(),
    };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: Blank },
          { path: 'services', component: Blank },
          { path: 'agents', component: Blank },
        ]),
        { provide: Session, useValue: session },
      ],
    });
  });
  afterEach(() => {
    for (const [key, value] of saved) {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    }
    document.documentElement.classList.remove(DARK_THEME_CLASS);
  });

  async function render(url: string) {
    const fixture = TestBed.createComponent(App);
    const router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    await fixture.whenStable();
    await renderDeferred(fixture);
    return { fixture, router, element: fixture.nativeElement as HTMLElement };
  }

  it('shows the toolbar with navigation, user, server version and connection badge', async () => {
    TestBed.inject(RtdConnection).serverVersion.set('1.0.2');
    const { element } = await render('/services');
    expect(element.querySelector('mat-toolbar')).not.toBeNull();
    expect([...element.querySelectorAll('nav a')].map((a) => a.textContent!.trim())).toEqual(['support_agent Services', 'groups Groups', 'badge Agents', 'dashboard_customize Boards']);
    expect(element.querySelector('[data-testid=current-user]')!.textContent).toContain('Admin Administrator');
    expect(element.querySelector('[data-testid=server-version]')!.textContent).toContain('RTD Server 1.0.2');
    expect(element.querySelector('[data-testid=connection-badge]')).not.toBeNull();
    expect(element.querySelector('nav a[aria-current=page]')!.textContent).toContain('Services');
  });

  it('shows no toolbar on /login', async () => {
    const { element } = await render('/login?returnUrl=%2Fagents');
    expect(element.querySelector('mat-toolbar')).toBeNull();
    expect(element.textContent).toContain('page');
  });

  it('logs out, then goes to /login', async () => {
    const { element, fixture, router } = await render('/agents');
    element.querySelector<HTMLButtonElement>('[data-testid=logout]')!.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(session.logout).toHaveBeenCalled();
    expect(router.url).toBe('/login');
  });

  it('ends the session and returns to /login, remembering the page, when the server refuses the socket', async () => {
    const { fixture, router } = await render('/agents');
    TestBed.inject(RtdConnection).refused.next({ code: CloseCode.Unauthorized, reason: 'Session expired' });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(session.expired).toHaveBeenCalled();
    expect(router.url).toBe('/login?returnUrl=%2Fagents');
  });

  it('asks the server for its health again after a reconnect', async () => {
    await render('/services');
    TestBed.inject(RtdConnection).connected(true);
    expect(session.loadServerInfo).toHaveBeenCalled();
  });

  it('switches theme and language from the toolbar, and remembers both', async () => {
    const { element, fixture } = await render('/services');
    element.querySelector<HTMLButtonElement>('[data-testid=theme-toggle]')!.click();
    await fixture.whenStable();
    expect(document.documentElement.classList).toContain(DARK_THEME_CLASS);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    element.querySelectorAll<HTMLButtonElement>('[data-testid=language-switch] button')[1].click();
    await fixture.whenStable();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('it');
    expect(element.querySelector('nav')!.textContent).toContain('Servizi');
  });

  it('knows which URLs are the login page', () => {
    expect(isLoginUrl('/login')).toBeTrue();
    expect(isLoginUrl('/login?returnUrl=%2Fagents')).toBeTrue();
    expect(isLoginUrl('/services')).toBeFalse();
    expect(isLoginUrl('/loginx')).toBeFalse();
  });
});
