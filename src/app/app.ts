/**
 * The shell: a toolbar (ShellToolbar: the boards, the server's version, the connection badge, who is logged in,
 * the language and theme switches and logout); none on /login or /kiosk. When the server refuses the live
 * socket's credentials, the session is over: back to /login, and afterwards back here.
 */
import { AppUpdates } from './app-updates';
import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { I18n } from './i18n/i18n';
import { RtdConnection } from './rtd/connection';
import { Session } from './rtd/session';
import { ShellToolbar } from './shell-toolbar/shell-toolbar';
import { Theme } from './shared/theme';

/** How often the shell asks the server for its health (and version) while someone is logged in. */
const SERVER_INFO_REFRESH_MS = 30_000;

export function isLoginUrl(url: string): boolean {
  return /^\/login(?:[/?#]|$)/.test(url);
}

/** The kiosk is full screen: no toolbar. */
export function isKioskUrl(url: string): boolean {
  return /^\/kiosk(?:[/?#]|$)/.test(url);
}

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, MatButton, ShellToolbar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  protected readonly connection = inject(RtdConnection);
  protected readonly updates = inject(AppUpdates);
  private readonly router = inject(Router);

  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map((event) => event.urlAfterRedirects),
    ),
    // Before the first navigation ends the router says "/": the address bar already knows, so a kiosk or the
    // login page never starts the toolbar's code loading.
    { initialValue: inject(Location).path() || this.router.url },
  );
  protected readonly showShell = computed(() => !isLoginUrl(this.url()) && !isKioskUrl(this.url()));

  constructor() {
    // Created here so that the saved theme applies from the first frame on every page.
    inject(Theme);
    this.connection.refused.pipe(takeUntilDestroyed()).subscribe(({ reason }) => this.sessionEnded(reason));
    // The health is only known from a query: ask again after a reconnect, and now and then, so that the badge's
    // FAIL state comes and goes with the server's.
    this.connection.reconnected.pipe(takeUntilDestroyed()).subscribe(() => void this.session.loadServerInfo());
    const timer = setInterval(() => {
      if (this.session.loggedIn()) void this.session.loadServerInfo();
    }, SERVER_INFO_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  /** The skip link: focus the page's main region, staying on this page. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected reload(): void {
    location.reload();
  }

  private sessionEnded(reason: string): void {
    const current = this.router.url;
    this.session.expired(reason);
    // The kiosk logs in again by itself with its token; a TV never shows the login page.
    if (isLoginUrl(current) || isKioskUrl(current)) return;
    void this.router.navigate(['/login'], { queryParams: { returnUrl: current } });
  }
}
