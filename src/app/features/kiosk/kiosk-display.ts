/**
 * A TV paired with the team's wallboard server (a display): without a kiosk link it asks the server for a pairing
 * code, shows it until a supervisor types it on the Displays page, then plays the playlist the server gives it,
 * follows every change pushed to it (its playlist, a board in it, a command), and reports its health every 10 s.
 * Its credential is an HttpOnly cookie it never reads; its RTD traffic is authenticated by the server. Loaded only
 * by a kiosk without a link, so a kiosk link's first load carries none of it.
 */
import { computed, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { DisplayPlayback, DisplayStatusReport, PairingStarted, PairingState } from '../../../../contract/playlist-format';
import type { I18n, MessageParams } from '../../i18n/i18n';
import type { Session } from '../../rtd/session';
import type { ApiFailure, WallboardApi } from '../../wallboard-server/wallboard-api';
import type { PushMessage, WallboardPush } from '../../wallboard-server/wallboard-push';
import type { BoardDefinition } from '../boards/board';
import { dataAge, displaySlides, playbackBoardsNamed, slideReport, timeLeft } from './kiosk-display-view';
import { PAIRING_MESSAGES, type PairingMessageKey } from './pairing-messages';

/**
 * What the kiosk page hands a display: the services it already has, and the contract's bounds. Only types are
 * imported from them here, so this chunk, loaded by a kiosk without a link, shares no module with the rest of the
 * app: it never splits the chunks a kiosk link's first load is made of (each extra file costs a request).
 */
export interface KioskDisplayDeps {
  api: Pick<WallboardApi, 'request'>;
  session: Pick<Session, 'startDisplay' | 'stopDisplay' | 'kioskMode'>;
  i18n: Pick<I18n, 'tFrom' | 'language'>;
  push: Pick<WallboardPush, 'messages'>;
  document: Document;
  /** contract/playlist-format.ts: DISPLAY_HEARTBEAT_SECONDS, STATUS_SLIDE_MAX, STATUS_ERROR_MAX, formatPairingCode. */
  contract: { heartbeatSeconds: number; slideMax: number; errorMax: number; formatCode: (code: string) => string };
}

/**
 * probing: asking the server whether this TV is paired; absent: no wallboard server (the kiosk link is the way);
 * unreachable: a server that does not answer, and nothing played before; pairing: showing a code; playing.
 */
export type DisplayMode = 'probing' | 'absent' | 'unreachable' | 'pairing' | 'playing';

/** Why no code shows: the server limits new codes per address, or did not answer. */
export type PairingProblem = { kind: 'tooMany'; retryAt: number } | { kind: 'unreachable' };

/** What the kiosk page knows of the screen, for the heartbeat. */
export interface ScreenState {
  playing: boolean;
  board: string;
  page: string;
  screenful: { index: number; count: number };
  /** Up to when the data on screen is known good (Freshness); null before there is any. */
  dataAsOf: number | null;
}

export type Playback = DisplayPlayback<BoardDefinition>;

/** The last playlist played, so a TV whose server is away keeps showing it (greyed as its data ages). */
export const PLAYBACK_KEY = 'rtd-wallboard.display';
export const PAIRING_POLL_MS = 2_000;
export const IDENTIFY_MS = 10_000;
/** Asking again for the playlist while the server is away: 1 s, doubling, at most 15 s. */
function retryMs(attempt: number): number {
  return Math.min(15_000, 1_000 * 2 ** Math.min(attempt, 4));
}

/** The server's refusal (ApiFailure, told by its shape: this chunk imports no class of the app's). */
function failureOf(error: unknown): ApiFailure | null {
  return error instanceof Error && 'status' in error && 'code' in error ? (error as ApiFailure) : null;
}

export class KioskDisplay {
  private readonly api: KioskDisplayDeps['api'];
  private readonly session: KioskDisplayDeps['session'];
  private readonly document: Document;

  readonly mode = signal<DisplayMode>('probing');
  readonly pairing = signal<PairingStarted | null>(null);
  readonly pairingProblem = signal<PairingProblem | null>(null);
  readonly playback = signal<Playback | null>(readPlayback());
  /** The slides it plays (none without a playlist: never boards left from an earlier one). */
  readonly slides = computed(() => {
    const playback = this.playback();
    return playback ? displaySlides(playback) : [];
  });
  /** The display's name while a supervisor asks it to identify itself (for IDENTIFY_MS). */
  readonly identifying = signal<string | null>(null);
  private readonly now = signal(Date.now());
  /** The pairing screen's words, in the page's language (its messages load with this chunk, not with every kiosk). */
  readonly pairingView = computed(() => {
    const t = (key: PairingMessageKey, params?: MessageParams) => this.deps.i18n.tFrom(PAIRING_MESSAGES, key, params);
    const pairing = this.pairing();
    const problem = this.pairingProblem();
    const code = pairing ? this.deps.contract.formatCode(pairing.code) : null;
    return {
      title: t('display.pairTitle'),
      code,
      codeLabel: code ? t('display.codeLabel', { code: code.split('').join(' ') }) : '',
      instruction: code ? t('display.pairInstruction', { url: `${this.document.location.origin}/displays` }) : '',
      left: pairing ? t('display.codeLeft', { time: timeLeft(pairing.expiresAt, this.now()) }) : '',
      problem: problem?.kind === 'tooMany' ? t('display.tooManyCodes', { seconds: Math.max(0, Math.ceil((problem.retryAt - this.now()) / 1000)) }) : problem ? t('display.serverUnreachable') : null,
      waiting: t('display.codeComing'),
    };
  });

  /** Why nothing plays yet when its server does not answer and nothing was played before (the RTD Server is not the one away). */
  readonly unreachableText = computed(() => this.deps.i18n.tFrom(PAIRING_MESSAGES, 'display.serverUnreachable'));

  /** What the kiosk page says is on screen; set by the page. */
  screen: () => ScreenState = () => ({ playing: false, board: '', page: '', screenful: { index: 0, count: 1 }, dataAsOf: null });

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

  constructor(private readonly deps: KioskDisplayDeps) {
    this.api = deps.api;
    this.session = deps.session;
    this.document = deps.document;
    const window = this.document.defaultView;
    const onError = (event: ErrorEvent) => this.noteError(event.message);
    const onRejection = (event: PromiseRejectionEvent) => this.noteError(String((event.reason as Error)?.message ?? event.reason));
    window?.addEventListener('error', onError);
    window?.addEventListener('unhandledrejection', onRejection);
    // The pairing screen's clock: the time left on the code.
    const tick = setInterval(() => this.now.set(Date.now()), 1_000);
    this.stop = () => {
      this.stopped = true;
      clearInterval(tick);
      window?.removeEventListener('error', onError);
      window?.removeEventListener('unhandledrejection', onRejection);
      this.stopPlaying();
      this.stopPairing();
      clearTimeout(this.identifyTimer);
    };
  }

  /** Ends everything it runs (the kiosk page is gone). */
  readonly stop: () => void;

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
    const failure = failureOf(error);
    // Not paired, or revoked: back to a code at once.
    if (failure?.status === 401) return this.unpair();
    if (failure?.absent && !this.playback()) return this.mode.set('absent');
    this.noteError((error as Error).message);
    // The server is away: keep playing what was played last (its numbers grey as they age), ask again later.
    if (this.playback()) this.play(this.playback()!);
    else this.mode.set('unreachable');
    if (this.stopped) return;
    this.fetchTimer = setTimeout(() => void this.fetchPlayback(), retryMs(this.fetchFailures++));
  }

  private play(playback: Playback): void {
    if (this.stopped) return;
    this.stopPairing();
    this.playback.set(playback);
    writePlayback(playback);
    if (this.mode() === 'playing') return;
    this.mode.set('playing');
    void this.session.startDisplay();
    this.listen();
    this.heartbeat = setInterval(() => void this.sendStatus(), this.deps.contract.heartbeatSeconds * 1000);
    void this.sendStatus();
  }

  /** The push channel: what changed for this display, as it changes. */
  private listen(): void {
    if (this.stopped || this.pushed) return;
    this.pushed = this.deps.push.messages.subscribe((message) => this.onPush(message));
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
    const screen = this.screen();
    const status: DisplayStatusReport = {
      slide: screen.playing ? (slideReport(screen.board, screen.page, screen.screenful)?.slice(0, this.deps.contract.slideMax) ?? null) : null,
      dataAgeSeconds: dataAge(screen.dataAsOf, Date.now()),
      appVersion: appBuild(this.document),
      memoryMb: memoryMb(),
      lastError: this.lastError?.slice(0, this.deps.contract.errorMax) ?? null,
    };
    try {
      await this.api.request('POST', '/display/status', status);
    } catch (error) {
      if (failureOf(error)?.status === 401) this.unpair();
      // Unreachable: the fetch's retry brings the TV back; the heartbeat simply goes on.
    }
  }

  /** Revoked (or never paired): nothing of the old pairing stays; a new code shows at once. */
  private unpair(): void {
    this.stopPlaying();
    storage()?.removeItem(PLAYBACK_KEY);
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
      const failure = failureOf(error);
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
      const failure = failureOf(error);
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

/** localStorage, or null where privacy settings disable it (as shared/browser-storage.ts, not imported: see KioskDisplayDeps). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readPlayback(): Playback | null {
  try {
    const playback = JSON.parse(storage()?.getItem(PLAYBACK_KEY) ?? 'null') as Playback | null;
    return playback && typeof playback.id === 'string' && Array.isArray(playback.boards) ? playback : null;
  } catch {
    return null;
  }
}

function writePlayback(playback: Playback): void {
  try {
    storage()?.setItem(PLAYBACK_KEY, JSON.stringify(playback));
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
