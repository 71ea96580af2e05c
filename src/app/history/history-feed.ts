/**
 * The intraday history the wallboard server's recorder keeps (contract/history-format.ts), as signals: for each kind
 * someone watches (services, groups), at first the last 30 minutes of samples, then each minute the new ones (the
 * minute in progress, which the recorder rewrites, is read again). Asked only where there is a server to ask (signed in to it, or a paired display): with none, as with
 * `ng serve` straight at a TVox host, it sends nothing, logs nothing and says "no history"; a server without a
 * recorder, or one not recording, says so too. Tiles read it for their sparklines, the Today view for its intervals,
 * the breach forecast for the recent minutes of each CALL service.
 */
import { DestroyRef, Injectable, type Signal, computed, effect, inject, signal, untracked } from '@angular/core';
import { type HistoryChannel, type HistoryIntervalsAnswer, type HistoryKind, type HistorySample, type HistorySamplesAnswer, type RecorderStatus, SAMPLE_MS } from '../../../contract/history-format';
import { KioskCredentials } from '../rtd/kiosk-credentials';
import { ApiFailure, WallboardApi } from '../wallboard-server/wallboard-api';
import { ServerSession } from '../wallboard-server/server-session';
import { HISTORY_WINDOW_MS, type SamplesByEntity, entityKey, mergeSamples, nextSince } from './history-samples';

export { HISTORY_WINDOW_MS, entityKey } from './history-samples';

/**
 * off: nobody to ask (not signed in to a wallboard server, not a paired display); waiting: asked, no answer yet (or
 * the server did not answer: asked again each minute); absent: no history here (no wallboard server, or one without
 * a recorder); idle: the recorder is there but records nothing (its status says why); recording: samples are coming.
 */
export type HistoryState = 'off' | 'waiting' | 'absent' | 'idle' | 'recording';

/** Seconds after each minute's end the new minute is asked for, so the recorder has written it. */
const POLL_AFTER_MINUTE_MS = 5_000;
const NO_SAMPLES: readonly HistorySample[] = Object.freeze([]);

@Injectable({ providedIn: 'root' })
export class HistoryFeed {
  private readonly api = inject(WallboardApi);
  private readonly server = inject(ServerSession);
  private readonly kiosk = inject(KioskCredentials);
  private readonly held = signal<SamplesByEntity>(new Map());
  private readonly stateSignal = signal<HistoryState>('off');
  private readonly statusSignal = signal<RecorderStatus | null>(null);
  private readonly watched = new Map<string, Signal<readonly HistorySample[]>>();
  /** The kinds asked for: a services page needs no group's samples (on a large board, most of the answer). */
  private readonly kinds = new Set<HistoryKind>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped when the feed stops, so an answer to an earlier request is dropped. */
  private generation = 0;
  private fetching: Promise<void> | null = null;
  private fetchAgain = false;

  readonly state = this.stateSignal.asReadonly();
  /** The recorder's own account (recording or not, and why not); null until it answered, or with no recorder. */
  readonly status = this.statusSignal.asReadonly();
  /** Every entity's recent samples, oldest first (an entity's array is replaced only when its samples changed). */
  readonly all = this.held.asReadonly();
  /** Whether there is history to show: the recorder records, or recorded minutes are held. */
  readonly available = computed(() => this.stateSignal() === 'recording' || this.held().size > 0);
  /** Why there is no history, in the recorder's words (e.g. no RTD access token stored); null when none was given. */
  readonly reason = computed(() => (this.stateSignal() === 'idle' ? (this.statusSignal()?.reason ?? null) : null));

  /** Whether a wallboard server is there to ask, and lets this browser read its history. */
  private readonly readable = computed(() => this.server.signedIn() || this.kiosk.display());

  constructor() {
    effect(() => {
      const readable = this.readable();
      const absent = this.server.state() === 'absent';
      untracked(() => {
        if (readable) this.start();
        else this.stop(absent ? 'absent' : 'off');
      });
    });
    inject(DestroyRef).onDestroy(() => this.stop('off'));
  }

  /**
   * Starts following `kind`'s samples (its last 30 minutes now if the feed runs, then each minute with the others).
   * Not a signal write: safe to call from a computed.
   */
  watch(kind: HistoryKind): void {
    if (this.kinds.has(kind)) return;
    this.kinds.add(kind);
    if (this.timer !== undefined || this.fetching) void this.refresh();
  }

  /**
   * One entity's recent samples, oldest first: the same signal for the same entity, the same array while unchanged.
   * Follows its kind from then on (watch).
   */
  samples(kind: HistoryKind, code: string, channel: HistoryChannel): Signal<readonly HistorySample[]> {
    this.watch(kind);
    const key = entityKey(kind, code, channel);
    let watched = this.watched.get(key);
    if (!watched) this.watched.set(key, (watched = computed(() => this.held().get(key) ?? NO_SAMPLES)));
    return watched;
  }

  /**
   * One entity's 15-minute intervals starting in [from, to) (ms); null when there is no history to ask (no server, no
   * recorder, not allowed). Other failures throw ApiFailure, for the view to say it could not load them.
   */
  async intervals(kind: HistoryKind, code: string, channel: HistoryChannel, from: number, to: number): Promise<HistoryIntervalsAnswer | null> {
    if (!this.readable() || this.stateSignal() === 'absent') return null;
    const query = new URLSearchParams({ kind, code, channel, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    try {
      const answer = await this.api.request<HistoryIntervalsAnswer>('GET', `/history/intervals?${query}`);
      this.statusSignal.set(answer.recorder);
      return answer;
    } catch (error) {
      if (noHistory(error)) return null;
      throw error;
    }
  }

  /**
   * Asks, for each kind watched, for the minutes since the last one held (the window's start at first); a call while
   * a read is in flight is folded into one more read after it.
   */
  refresh(now?: number): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return this.fetching;
    }
    this.fetching = this.fetch(now ?? Date.now()).finally(() => {
      this.fetching = null;
      if (this.fetchAgain) {
        this.fetchAgain = false;
        void this.refresh();
      }
    });
    return this.fetching;
  }

  private start(): void {
    if (this.timer !== undefined || this.fetching) return;
    if (this.stateSignal() === 'off' || this.stateSignal() === 'absent') this.stateSignal.set('waiting');
    void this.refresh().then(() => this.schedule());
  }

  private stop(state: HistoryState): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held.set(new Map());
    this.statusSignal.set(null);
    this.stateSignal.set(state);
  }

  /** The next minute's read, a few seconds after the minute ends; none once the feed stopped or found no history. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.readable() || this.stateSignal() === 'absent') return;
    const now = Date.now();
    const wait = SAMPLE_MS - (now % SAMPLE_MS) + POLL_AFTER_MINUTE_MS;
    this.timer = setTimeout(() => void this.refresh().then(() => this.schedule()), wait);
  }

  private async fetch(now: number): Promise<void> {
    const generation = this.generation;
    const kinds = [...this.kinds];
    if (!kinds.length) return;
    try {
      const answers = await Promise.all(
        kinds.map((kind) => {
          const since = new Date(nextSince(ofKind(this.held(), kind), now)).toISOString();
          return this.api.request<HistorySamplesAnswer>('GET', `/history/samples?since=${encodeURIComponent(since)}&kind=${kind}`);
        }),
      );
      if (generation !== this.generation) return;
      let held = this.held();
      for (const answer of answers) held = mergeSamples(held, answer.samples ?? [], Date.now() - HISTORY_WINDOW_MS);
      const recorder = answers[answers.length - 1].recorder;
      this.statusSignal.set(recorder);
      this.held.set(held);
      this.stateSignal.set(recorder?.recording ? 'recording' : 'idle');
    } catch (error) {
      if (generation !== this.generation) return;
      // No server, no recorder on it, or not ours to read: nothing to show, and nothing to ask again until that changes.
      if (noHistory(error)) {
        this.generation++;
        this.held.set(new Map());
        this.statusSignal.set(null);
        this.stateSignal.set('absent');
      }
      // Unreachable for now: what is held stays (its minutes age out of the window), and the next minute asks again.
    }
  }
}

/** The samples held of one kind's entities. */
function ofKind(held: SamplesByEntity, kind: HistoryKind): SamplesByEntity {
  return new Map([...held].filter(([key]) => key.startsWith(`${kind}|`)));
}

/** A refusal that means there is no history to read here (not a passing failure). */
function noHistory(error: unknown): boolean {
  if (!(error instanceof ApiFailure)) return false;
  return error.absent || error.status === 404 || error.status === 401 || error.status === 403;
}
