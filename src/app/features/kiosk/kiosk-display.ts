/**
 * A TV paired with the team's wallboard server (a display): without a kiosk link it asks the server for a pairing
 * code, shows it until a supervisor types it on the Displays page, then plays the playlist the server gives it,
 * follows every change pushed to it (its playlist, a board in it, a command), and reports its health every 10 s.
 * Its credential is an HttpOnly cookie it never reads; its RTD traffic is authenticated by the server. Loaded only
 * by a kiosk without a link, so a kiosk link's first load carries none of it.
 */
import { DOCUMENT, DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import {
  DISPLAY_HEARTBEAT_SECONDS,
  type DisplayPlayback,
  type DisplayStatusReport,
  type PairingStarted,
  type PairingState,
  STATUS_ERROR_MAX,
  STATUS_SLIDE_MAX,
} from '../../../../contract/playlist-format';
import { Session } from '../../rtd/session';
import { backoffMs } from '../../rtd/socket-timing';
import { browserStorage } from '../../shared/browser-storage';
import { ApiFailure, WallboardApi } from '../../wallboard-server/wallboard-api';
import { type PushMessage, WallboardPush } from '../../wallboard-server/wallboard-push';
import type { BoardDefinition } from '../boards/board';
import { playbackBoardsNamed } from './kiosk-display-view';

/**
 * probing: asking the server whether this TV is paired; absent: no wallboard server (the kiosk link is the way);
 * unreachable: a server that does not answer, and nothing played before; pairing: showing a code; playing.
 */
export type DisplayMode = 'probing' | 'absent' | 'unreachable' | 'pairing' | 'playing';

/** Why no code shows: the server limits new codes per address, or did not answer. */
export type PairingProblem = { kind: 'tooMany'; retryAt: number } | { kind: 'unreachable' };

/** What the kiosk page knows of the screen, for the heartbeat. */
export interface ScreenReport {
  slide: string | null;
  dataAgeSeconds: number | null;
}

export type Playback = DisplayPlayback<BoardDefinition>;

/** The last playlist played, so a TV whose server is away keeps showing it (greyed as its data ages). */
export const PLAYBACK_KEY = 'rtd-wallboard.display';
export const PAIRING_POLL_MS = 2_000;
export const IDENTIFY_MS = 10_000;
const RETRY = { retryBaseMs: 1_000, retryMaxMs: 15_000 };

@Injectable()
export class KioskDisplay {
  private readonly api = inject(WallboardApi);
  private readonly push = inject(WallboardPush);
  private readonly session = inject(Session);
  private readonly document = inject(DOCUMENT);

  readonly mode = signal<DisplayMode>('probing');
  readonly pairing = signal<PairingStarted | null>(null);
  readonly pairingProblem = signal<PairingProblem | null>(null);
  readonly playback = signal<Playback | null>(readPlayback());
  /** The display's name while a supervisor asks it to identify itself (for IDENTIFY_MS). */
  readonly identifying = signal<string | null>(null);
  /** What the kiosk page says is on screen; set by the page. */
  report: () => ScreenReport = () => ({ slide: null, dataAgeSeconds: null });

  private lastError: string | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private codeTimer: ReturnType<typeof setTimeout> | undefined;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private identifyTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pushed: Subscription | null = null;
  private fetching: Promise<void> | null = null;
  private fetchAgain = false;
  private fetchFailures = 0;
  private stopped = false;

  constructor() {
    const window = this.document.defaultView;
    const onError = (event: ErrorEvent) => this.noteError(event.message);
    const onRejection = (event: PromiseRejectionEvent) => this.noteError(String((event.reason as Error)?.message ?? event.reason));
    window?.addEventListener('error', onError);
    window?.addEventListener('unhandledrejection', onRejection);
    inject(DestroyRef).onDestroy(() => {
      this.stopped = true;
      window?.removeEventListener('error', onError);
      window?.removeEventListener('unhandledrejection', onRejection);
      this.stopPlaying();
      this.stopPairing();
      clearTimeout(this.identifyTimer);
    });
  }

  /** Is this TV paired? Plays if so, shows a code if not; with no server at all, says so (`absent`). */
  start(): Promise<void> {
    return this.fetchPlayback();
  }

  /** What the playlist plays: asked once at start, and again after each change the server pushes. */
  private fetchPlayback(): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return this.fetching;
    }
    clearTimeout(this.fetchTimer);
    this.fetching = this.api
      .request<Playback>('GET', '/display')
      .then(
        (playback) => {
          this.fetchFailures = 0;
          this.play(playback);
        },
        (error: unknown) => this.fetchFailed(error),
      )
      .finally(() => {
        this.fetching = null;
        if (this.fetchAgain && !this.stopped) {
          this.fetchAgain = false;
          void this.fetchPlayback();
        }
      });
    return this.fetching;
  }

  private fetchFailed(error: unknown): void {
    const failure = error instanceof ApiFailure ? error : null;
    // Not paired, or revoked: back to a code at once.
    if (failure?.status === 401) return this.unpair();
    if (failure?.absent && !this.playback()) return this.mode.set('absent');
    this.noteError((error as Error).message);
    // The server is away: keep playing what was played last (its numbers grey as they age), ask again later.
    if (this.playback()) this.play(this.playback()!);
    else this.mode.set('unreachable');
    if (this.stopped) return;
    this.fetchTimer = setTimeout(() => void this.fetchPlayback(), backoffMs(this.fetchFailures++, RETRY));
  }

  private play(playback: Playback): void {
    if (this.stopped) return;
    this.stopPairing();
    this.playback.set(playback);
    writePlayback(playback);
    if (this.mode() === 'playing') return;
    this.mode.set('playing');
    void this.session.startDisplay();
    this.pushed = this.push.messages.subscribe((message) => this.onPush(message));
    this.heartbeat = setInterval(() => void this.sendStatus(), DISPLAY_HEARTBEAT_SECONDS * 1000);
    void this.sendStatus();
  }

  private onPush(message: PushMessage): void {
    const playback = this.playback();
    if (message.topic === 'revoked') return this.unpair();
    if (message.topic === 'resync') return void this.fetchPlayback();
    if (!playback) return;
    if (message.topic === 'displays' && message.id === playback.id) {
      if (message.action === 'revoked') return this.unpair();
      if (message.action === 'command' && message.command === 'reload') return this.document.defaultView?.location.reload();
      if (message.action === 'command' && message.command === 'identify') return this.identify(playback.name);
      if (message.action === 'saved') void this.fetchPlayback();
      return;
    }
    if (message.topic === 'playlists' && message.id === playback.playlist?.id) return void this.fetchPlayback();
    if (message.topic === 'boards' && message.id && playbackBoardsNamed(playback).has(message.id)) void this.fetchPlayback();
  }

  private identify(name: string): void {
    clearTimeout(this.identifyTimer);
    this.identifying.set(name);
    this.identifyTimer = setTimeout(() => this.identifying.set(null), IDENTIFY_MS);
  }

  private async sendStatus(): Promise<void> {
    const screen = this.report();
    const status: DisplayStatusReport = {
      slide: screen.slide?.slice(0, STATUS_SLIDE_MAX) ?? null,
      dataAgeSeconds: screen.dataAgeSeconds,
      appVersion: appBuild(this.document),
      memoryMb: memoryMb(),
      lastError: this.lastError?.slice(0, STATUS_ERROR_MAX) ?? null,
    };
    try {
      await this.api.request('POST', '/display/status', status);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401) this.unpair();
      // Unreachable: the fetch's retry brings the TV back; the heartbeat simply goes on.
    }
  }

  /** Revoked (or never paired): nothing of the old pairing stays; a new code shows at once. */
  private unpair(): void {
    this.stopPlaying();
    browserStorage()?.removeItem(PLAYBACK_KEY);
    this.playback.set(null);
    this.identifying.set(null);
    if (this.session.kioskMode()) void this.session.stopDisplay();
    this.mode.set('pairing');
    void this.requestCode();
  }

  private stopPlaying(): void {
    this.pushed?.unsubscribe();
    this.pushed = null;
    clearInterval(this.heartbeat);
    clearTimeout(this.fetchTimer);
  }

  private stopPairing(): void {
    clearTimeout(this.pollTimer);
    clearTimeout(this.codeTimer);
    this.pairing.set(null);
    this.pairingProblem.set(null);
  }

  /** A new code (the first, or after the last expired). */
  private async requestCode(): Promise<void> {
    this.stopPairing();
    if (this.stopped) return;
    try {
      const started = await this.api.request<PairingStarted>('POST', '/pairing');
      if (this.stopped || this.mode() !== 'pairing') return;
      this.pairing.set(started);
      this.pollTimer = setTimeout(() => void this.poll(started), PAIRING_POLL_MS);
    } catch (error) {
      if (this.stopped || this.mode() !== 'pairing') return;
      const failure = error instanceof ApiFailure ? error : null;
      if (failure?.absent) return this.mode.set('absent');
      const retryAfterSeconds = Number(failure?.details['retryAfterSeconds']);
      const waitMs = failure?.status === 429 ? (Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 60) * 1000 : 5_000;
      this.pairingProblem.set(failure?.status === 429 ? { kind: 'tooMany', retryAt: Date.now() + waitMs } : { kind: 'unreachable' });
      this.codeTimer = setTimeout(() => void this.requestCode(), waitMs);
    }
  }

  /** Every PAIRING_POLL_MS while the code shows: has a supervisor typed it? */
  private async poll(started: PairingStarted): Promise<void> {
    if (this.stopped || this.pairing() !== started) return;
    try {
      const state = await this.api.request<PairingState>('GET', `/pairing/${encodeURIComponent(started.secret)}`);
      if (this.pairing() !== started) return;
      // The answer set the display cookie: the TV is one now.
      if (state.status === 'paired') return void this.fetchPlayback();
      this.pairingProblem.set(null);
      if (Date.parse(state.expiresAt) <= Date.now()) return void this.requestCode();
    } catch (error) {
      if (this.pairing() !== started) return;
      const failure = error instanceof ApiFailure ? error : null;
      // Expired (410) or gone (404, e.g. a server whose database was replaced): a new code.
      if (failure?.status === 410 || failure?.status === 404) return void this.requestCode();
      this.pairingProblem.set({ kind: 'unreachable' });
    }
    this.pollTimer = setTimeout(() => void this.poll(started), PAIRING_POLL_MS);
  }

  private noteError(message: string): void {
    this.lastError = message;
  }
}

function readPlayback(): Playback | null {
  try {
    const playback = JSON.parse(browserStorage()?.getItem(PLAYBACK_KEY) ?? 'null') as Playback | null;
    return playback && typeof playback.id === 'string' && Array.isArray(playback.boards) ? playback : null;
  } catch {
    return null;
  }
}

function writePlayback(playback: Playback): void {
  try {
    browserStorage()?.setItem(PLAYBACK_KEY, JSON.stringify(playback));
  } catch {
    // Storage refused: after a reload with no server the TV shows the unreachable message instead.
  }
}

/** The build this TV runs: the hash in its main script's name (a fleet's TVs on different builds stand out). */
export function appBuild(document: Document): string {
  const script = [...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src') ?? '').find((src) => /(^|\/)main[-.]/.test(src));
  const hash = script?.match(/main-([A-Za-z0-9]+)\.js/)?.[1];
  return hash ? `build ${hash}` : 'development';
}

/** The page's JavaScript heap where Chromium tells it (performance.memory), in MB. */
export function memoryMb(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? Math.round(memory.usedJSHeapSize / 1_048_576) : null;
}
