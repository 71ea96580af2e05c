/**
 * The Displays page (supervisors): pair a TV by the code it shows, see every display's health (online since when,
 * the slide on screen, the age of its data, its build, memory and last error), rename it, change its playlist,
 * reload, identify or revoke it; edit the playlists; store the RTD access token displays use. Live: refreshed on each
 * push about displays or playlists, and every 10 s for online/offline.
 */
import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, type ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { DISPLAY_NAME_MAX, type DisplayCommandName, type StoredPlaylist } from '../../../../../contract/playlist-format';
import { I18n, type MessageParams } from '../../../i18n/i18n';
import { ApiFailure } from '../../../wallboard-server/wallboard-api';
import { ServerSession } from '../../../wallboard-server/server-session';
import { type DisplayRow, displayRow, pairingFormProblem, pairingProblem } from '../display-row';
import { DisplaysDesk } from '../displays-desk';
import { DISPLAYS_MESSAGES, type DisplaysMessageKey } from '../displays-messages';
import { BoardStore } from '../../boards/board-store';
import { PlaylistEditor } from '../playlist-editor/playlist-editor';

interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

@Component({
  selector: 'app-displays-page',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink, PlaylistEditor],
  providers: [DisplaysDesk],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './displays-page.html',
  styleUrl: './displays-page.scss',
})
export class DisplaysPage {
  protected readonly i18n = inject(I18n);
  protected readonly server = inject(ServerSession);
  protected readonly desk = inject(DisplaysDesk);
  /** The team's boards, which playlists show. */
  protected readonly boards = inject(BoardStore);
  /** Now, for online/offline between two polls (the list is fetched every 10 s). */
  private readonly now = signal(Date.now());
  protected readonly kioskUrl = `${inject(DOCUMENT).location.origin}/kiosk`;
  protected readonly nameMax = DISPLAY_NAME_MAX;

  protected readonly rows = computed(() => this.desk.displays().map((display) => displayRow(display, this.now())));

  // Pairing a TV.
  protected readonly code = signal('');
  protected readonly name = signal('');
  protected readonly playlistId = signal('');
  protected readonly pairing = signal(false);
  protected readonly pairNotice = signal<Notice | null>(null);

  // Actions on a display, and their outcome.
  protected readonly confirmingRevoke = signal<string | null>(null);
  /** The display whose name is being edited, and the name typed. */
  protected readonly renaming = signal<string | null>(null);
  protected readonly renameTo = signal('');
  protected readonly renameSaving = signal(false);
  private readonly renameInput = viewChild<ElementRef<HTMLInputElement>>('renameInput');
  protected readonly notice = signal<Notice | null>(null);

  // Playlists: the one being edited ('new' for a new one).
  protected readonly editing = signal<StoredPlaylist | 'new' | null>(null);
  protected readonly confirmingDelete = signal<string | null>(null);
  protected readonly playlistNotice = signal<Notice | null>(null);

  // The display token.
  protected readonly tokenTyped = signal('');
  protected readonly tokenSaving = signal(false);
  protected readonly tokenNotice = signal<Notice | null>(null);

  protected t(key: DisplaysMessageKey, params?: MessageParams): string {
    return this.i18n.tFrom(DISPLAYS_MESSAGES, key, params);
  }

  constructor() {
    // After a reload the server session is checked by the guard; a supervisor's page starts at once.
    if (this.server.state() === 'unknown') void this.server.check();
    this.desk.start();
    // The name field takes the focus as it opens, its text selected: typing replaces it.
    effect(() => this.renameInput()?.nativeElement.select());
    const tick = setInterval(() => this.now.set(Date.now()), 5_000);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }

  /** A moment as the page says it: the time of day when today, else the date too. */
  protected since(moment: number | string | null): string {
    if (moment === null) return '';
    const ms = typeof moment === 'string' ? Date.parse(moment) : moment;
    const today = new Date(ms).toDateString() === new Date(this.now()).toDateString();
    return today ? this.i18n.time(ms) : new Intl.DateTimeFormat(this.i18n.locale(), { dateStyle: 'short', timeStyle: 'short' }).format(ms);
  }

  protected presence(row: DisplayRow): string {
    if (row.online) return this.t('displays.onlineSince', { since: this.since(row.since) });
    return row.since === null ? this.t('displays.neverSeen') : this.t('displays.offlineSince', { since: this.since(row.since) });
  }

  protected async pair(): Promise<void> {
    const problem = pairingFormProblem(this.code(), this.name());
    if (problem) return this.pairNotice.set({ kind: 'error', text: this.t(problem) });
    this.pairing.set(true);
    this.pairNotice.set(null);
    try {
      const display = await this.desk.pair(this.code(), this.name(), this.playlistId() || null);
      this.pairNotice.set({ kind: 'ok', text: this.t('displays.paired', { name: display.name }) });
      this.code.set('');
      this.name.set('');
    } catch (error) {
      const failure = asFailure(error);
      const { key, params } = pairingProblem(failure);
      this.pairNotice.set({ kind: 'error', text: this.t(key, params) });
    } finally {
      this.pairing.set(false);
    }
  }

  protected async changePlaylist(row: DisplayRow, playlistId: string): Promise<void> {
    await this.act(() => this.desk.changeDisplay(row.id, { playlistId: playlistId || null }), this.t('displays.playlistChanged', { name: row.name }));
  }

  protected startRename(row: DisplayRow): void {
    this.renameTo.set(row.name);
    this.renaming.set(row.id);
  }

  protected async rename(row: DisplayRow): Promise<void> {
    const name = this.renameTo().trim();
    if (!name) return this.notice.set({ kind: 'error', text: this.t('displays.nameMissing') });
    if (name === row.name) return this.renaming.set(null);
    this.renameSaving.set(true);
    try {
      // Refused (a name too long, the display revoked meanwhile), the field stays open with what was typed.
      if (await this.act(() => this.desk.changeDisplay(row.id, { name }), this.t('displays.renamed', { old: row.name, name }))) this.renaming.set(null);
    } finally {
      this.renameSaving.set(false);
    }
  }

  protected async command(row: DisplayRow, command: DisplayCommandName): Promise<void> {
    await this.act(() => this.desk.command(row.id, command), this.t(command === 'reload' ? 'displays.reloadSent' : 'displays.identifySent', { name: row.name }));
  }

  protected async revoke(row: DisplayRow): Promise<void> {
    if (this.confirmingRevoke() !== row.id) return this.confirmingRevoke.set(row.id);
    this.confirmingRevoke.set(null);
    await this.act(() => this.desk.revoke(row.id), this.t('displays.revoked', { name: row.name }));
  }

  /** Does it and says so, or says why not; whether it was done. */
  private async act(action: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await action();
      this.notice.set({ kind: 'ok', text: done });
      return true;
    } catch (error) {
      this.notice.set({ kind: 'error', text: asFailure(error).message });
      return false;
    }
  }

  protected playlistClosed(saved: StoredPlaylist | null): void {
    this.editing.set(null);
    if (saved) this.playlistNotice.set({ kind: 'ok', text: this.t('playlists.saved', { name: saved.name }) });
  }

  protected async deletePlaylist(playlist: StoredPlaylist): Promise<void> {
    if (this.confirmingDelete() !== playlist.id) return this.confirmingDelete.set(playlist.id);
    this.confirmingDelete.set(null);
    try {
      await this.desk.deletePlaylist(playlist);
      this.playlistNotice.set({ kind: 'ok', text: this.t('playlists.deleted', { name: playlist.name }) });
    } catch (error) {
      const failure = asFailure(error);
      this.playlistNotice.set({ kind: 'error', text: failure.code === 'VERSION_CONFLICT' ? this.t('playlists.deleteConflict', { name: playlist.name }) : failure.message });
    }
  }

  protected async saveToken(): Promise<void> {
    const token = this.tokenTyped().trim();
    if (!token || this.tokenSaving()) return;
    this.tokenSaving.set(true);
    this.tokenNotice.set(null);
    try {
      await this.desk.saveToken(token);
      this.tokenTyped.set('');
      this.tokenNotice.set({ kind: 'ok', text: this.t('displayToken.saved', { username: this.desk.token()?.username ?? '' }) });
    } catch (error) {
      const failure = asFailure(error);
      this.tokenNotice.set({ kind: 'error', text: failure.status === 400 ? this.t('displayToken.refused') : failure.message });
    } finally {
      this.tokenSaving.set(false);
    }
  }

  protected slideCount(playlist: StoredPlaylist): string {
    return this.i18n.pluralFrom(DISPLAYS_MESSAGES, 'playlists.slides', playlist.playlist.slides.length);
  }
}

function asFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure(0, 'UNREACHABLE', (error as Error)?.message ?? String(error));
}
