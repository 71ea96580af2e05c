/**
 * The Displays page's view of the fleet on the wallboard server: the displays with their last report, the
 * playlists, and whether displays have an RTD token (the boards a playlist can show are BoardStore's, the team's). Fetched again when the push
 * channel says something changed, and every 10 s for online/offline (a TV that goes silent sends nothing).
 */
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import {
  DISPLAY_HEARTBEAT_SECONDS,
  type DisplayCommandName,
  type DisplaySummary,
  type DisplayTokenState,
  type KioskConfig,
  type StoredPlaylist,
  normalizePairingCode,
} from '../../../../contract/playlist-format';
import { ApiFailure, WallboardApi } from '../../wallboard-server/wallboard-api';
import { WallboardPush } from '../../wallboard-server/wallboard-push';

@Injectable()
export class DisplaysDesk {
  private readonly api = inject(WallboardApi);
  private readonly push = inject(WallboardPush);
  private readonly destroyRef = inject(DestroyRef);

  readonly displays = signal<DisplaySummary[]>([]);
  readonly playlists = signal<StoredPlaylist[]>([]);
  readonly token = signal<DisplayTokenState | null>(null);
  /** The last refresh failed: what the server (or the network) said. */
  readonly loadProblem = signal<ApiFailure | null>(null);
  readonly loaded = signal(false);

  /** Fetches everything, then keeps it current while the page is open. */
  start(): void {
    void this.refresh();
    const pushed = this.push.messages.subscribe((message) => {
      if (message.topic === 'resync') return void this.refresh();
      if (message.topic === 'displays') return void this.refreshDisplays();
      if (message.topic === 'playlists') return void Promise.all([this.refreshPlaylists(), this.refreshDisplays()]);
      if (message.topic === 'settings') return void this.refreshToken();
    });
    const poll = setInterval(() => void this.refreshDisplays(), DISPLAY_HEARTBEAT_SECONDS * 1000);
    this.destroyRef.onDestroy(() => {
      pushed.unsubscribe();
      clearInterval(poll);
    });
  }

  async refresh(): Promise<void> {
    await Promise.all([this.refreshDisplays(), this.refreshPlaylists(), this.refreshToken()]);
    this.loaded.set(true);
  }

  private async load<T>(path: string, into: (value: T) => void): Promise<void> {
    try {
      into(await this.api.request<T>('GET', path));
      this.loadProblem.set(null);
    } catch (error) {
      this.loadProblem.set(error instanceof ApiFailure ? error : new ApiFailure(0, 'UNREACHABLE', String(error)));
    }
  }

  refreshDisplays(): Promise<void> {
    return this.load<DisplaySummary[]>('/displays', (displays) => this.displays.set(displays));
  }

  refreshPlaylists(): Promise<void> {
    return this.load<StoredPlaylist[]>('/playlists', (playlists) => this.playlists.set(playlists));
  }

  refreshToken(): Promise<void> {
    return this.load<DisplayTokenState>('/settings/display-token', (token) => this.token.set(token));
  }

  // Each action throws the server's ApiFailure for the page to say; on success the lists are fetched again.

  async pair(code: string, name: string, playlistId: string | null): Promise<DisplaySummary> {
    const display = await this.api.request<DisplaySummary>('POST', '/displays', { code: normalizePairingCode(code) ?? code, name: name.trim(), playlistId });
    await this.refreshDisplays();
    return display;
  }

  async changeDisplay(id: string, change: { name?: string; playlistId?: string | null }): Promise<void> {
    await this.api.request('PATCH', `/displays/${encodeURIComponent(id)}`, change);
    await this.refreshDisplays();
  }

  command(id: string, command: DisplayCommandName): Promise<unknown> {
    return this.api.request('POST', `/displays/${encodeURIComponent(id)}/commands`, { command });
  }

  async revoke(id: string): Promise<void> {
    await this.api.request('DELETE', `/displays/${encodeURIComponent(id)}`);
    await this.refreshDisplays();
  }

  async saveToken(accessToken: string): Promise<void> {
    this.token.set(await this.api.request<DisplayTokenState>('PUT', '/settings/display-token', { accessToken: accessToken.trim() }));
  }

  /** Creates (`baseVersion` null) or updates a playlist; a stale version is refused with VERSION_CONFLICT. */
  async savePlaylist(id: string, name: string, playlist: KioskConfig, baseVersion: number | null): Promise<StoredPlaylist> {
    const saved = await this.api.request<StoredPlaylist>('PUT', `/playlists/${encodeURIComponent(id)}`, { name: name.trim(), playlist, baseVersion });
    await Promise.all([this.refreshPlaylists(), this.refreshDisplays()]);
    return saved;
  }

  async deletePlaylist(playlist: StoredPlaylist): Promise<void> {
    await this.api.request('DELETE', `/playlists/${encodeURIComponent(playlist.id)}?baseVersion=${playlist.version}`);
    await Promise.all([this.refreshPlaylists(), this.refreshDisplays()]);
  }
}
