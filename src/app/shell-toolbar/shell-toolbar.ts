/**
 * The shell's toolbar: the boards, the server's version, the connection badge, who is logged in, the language and
 * theme switches and logout. The shell loads it apart (`@defer`): the pages without it, the kiosk above all, start
 * without its buttons, toggles and forms.
 */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { I18n, type MessageKey } from '../i18n/i18n';
import { RtdConnection } from '../rtd/connection';
import { Session } from '../rtd/session';
import { ConnectionBadge } from '../shared/connection-badge/connection-badge';
import { displayName } from '../shared/display-name';
import { LanguageSwitch } from '../shared/language-switch/language-switch';
import { ThemeToggle } from '../shared/theme-toggle/theme-toggle';
import { ServerSession } from '../wallboard-server/server-session';

interface NavLink {
  path: string;
  labelKey: MessageKey;
  icon: string;
}

@Component({
  selector: 'app-shell-toolbar',
  imports: [RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, ConnectionBadge, LanguageSwitch, ThemeToggle],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell-toolbar.html',
  styleUrl: './shell-toolbar.scss',
})
export class ShellToolbar {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  protected readonly connection = inject(RtdConnection);
  private readonly router = inject(Router);

  private readonly server = inject(ServerSession);

  private readonly pages: readonly NavLink[] = [
    { path: '/services', labelKey: 'nav.services', icon: 'support_agent' },
    { path: '/groups', labelKey: 'nav.groups', icon: 'groups' },
    { path: '/agents', labelKey: 'nav.agents', icon: 'badge' },
    { path: '/boards', labelKey: 'nav.boards', icon: 'dashboard_customize' },
  ];
  /** The TV fleet is a supervisor's, and lives on the wallboard server: its page shows only then. */
  protected readonly links = computed<readonly NavLink[]>(() =>
    this.server.signedIn() && this.server.supervisor() ? [...this.pages, { path: '/displays', labelKey: 'nav.displays', icon: 'tv' }] : this.pages,
  );

  protected readonly userName = computed(() => {
    const profile = this.session.profile();
    return profile ? displayName(profile) : null;
  });

  protected async logout(): Promise<void> {
    await this.session.logout();
    await this.router.navigate(['/login']);
  }
}
