/**
 * The intraday recorder: the server follows every service and group its RTD access token may see, through its own
 * subscriptions to the RTD Server (graphql-transport-ws on `/rtdserver`, the token in `connection_init`), keeps each
 * one's stat as the snapshot plus the deltas, and writes what the tiles show as one sample per entity at the end of
 * every minute (and the minute in progress every 10 s), then the 15-minute intervals from those samples: the one in progress
 * each minute, as far as it has come, and each one again as it finishes.
 * A minute it did not see is absent; a failure of the recorder never stops the server.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  historySample,
  INTERVAL_MS,
  intervalStart,
  minuteStart,
  RECORDED_FIELDS,
  SAMPLE_MS,
  type HistoryChannel,
  type HistoryKind,
  type HistorySample,
  type RecordedStat,
  type RecorderStatus,
} from '../../../contract/history-format.ts';
import { CloseCode, SESSION_REFUSED_CLOSE_CODES } from '../../../contract/close-codes.ts';
import { writeIntervalFigures } from './interval-figures.ts';
import { IntervalInProgress } from './interval-in-progress.ts';
import { type RecorderLease, SOLE_RECORDER } from './recorder-lease.ts';
import { mergeDelta } from './stat-deltas.ts';
import { HistoryStore, SAMPLES_KEPT_MS } from './history-store.ts';
import type { PushHub } from '../push/push-hub.ts';

const CHANNELS: readonly HistoryChannel[] = ['CALL', 'VIDEO', 'CHAT'];

/**
 * The kiosk token of the embedded emulator's default scenario (emulator README, "Kiosk tokens"): with no token stored,
 * `npm start` records with it out of the box. A scenario without it is refused, and the status says so.
 */
export const EMULATOR_DEMO_TOKEN = 'rtd-wallboard-kiosk-demo-token';

/** The in-progress minute is written this often, so a page loaded mid-minute sees up to about now. */
const IN_PROGRESS_MS = 10_000;
/** A fresh snapshot (and a fresh look at which services and groups exist) this often: a lost delta heals. */
const RECONCILE_MS = 5 * 60_000;
/** Pruning runs this often, in batches with a pause between them. */
const PRUNE_EVERY_MS = 3600_000;
const PRUNE_PAUSE_MS = 50;
/** Reconnecting after a drop: doubling from the first wait up to the cap. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;
/** A token the RTD Server refused is tried again this seldom (a new one stored is tried at once). */
const REFUSED_RETRY_MS = 5 * 60_000;
/** An answer over the socket that takes longer than this means the connection is not working. */
const ANSWER_TIMEOUT_MS = 15_000;
/** Keep-alive: a ping this often, and the socket is given up when its pong is this late. */
const PING_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
/** A stand-by instance tries for the recording lease this often (and the recording one checks it still holds it). */
const LEASE_CHECK_MS = 15_000;
/** A stand-by instance calls the recording current while the newest sample is at most this old. */
const STANDBY_FRESH_MS = 3 * 60_000;

const DIRECTORY = 'query RecorderDirectory { users(filter: {}) { services skillsets } }';
const BARRIER = 'query RecorderBarrier { serverHealth { status } }';
const ROOT_FIELD = { service: 'serviceStats', group: 'groupStats' } as const;
const FILTER_TYPE = { service: 'ServiceStatFilter', group: 'GroupStatFilter' } as const;
const FILTER_KEY = { service: 'services', group: 'groups' } as const;

export interface RecorderOptions {
  store: HistoryStore;
  /** The RTD Server's origin, as the /rtdserver proxy has it (http://127.0.0.1:4000, https://pbx.example). */
  rtdUpstream: string;
  /** The RTD access token stored on the Displays page, read afresh on each (re)connection; null when none. */
  storedToken: () => Promise<string | null>;
  /** The token to use when none is stored: the embedded emulator's demo kiosk token; null with a real RTD Server. */
  demoToken?: string | null;
  /** Where a token saved or removed on any instance is told ('settings' events): the recorder follows it at once. */
  hub?: PushHub;
  retentionDays: number;
  /** Now, in ms: tests give the emulator's simulated clock. @default Date.now */
  now?: () => number;
  /** Sample on the wall clock's minutes, write the minute in progress, prune hourly. Tests turn it off and call sampleMinute. @default true */
  timers?: boolean;
  /** Which of the instances sharing the database records (recorder-lease.ts). @default SOLE_RECORDER */
  lease?: RecorderLease;
  /** How often the lease is tried or checked. @default LEASE_CHECK_MS */
  leaseCheckMs?: number;
  log?: (line: string) => void;
}

interface FollowedEntity {
  kind: HistoryKind;
  stat: RecordedStat;
  /** The longest wait seen since the last minute's sample (null where the channel has none). */
  longestSeen: number | null;
}

/** One connection to the RTD Server, from connect to close. */
interface Session {
  client: Client;
  token: string;
  closed: boolean;
  /** True once the snapshot is in: from then on the entities are current. */
  live: boolean;
  codes: Record<HistoryKind, string[]>;
  socket: WebSocket | null;
  /** The socket's last error (ECONNREFUSED…), for the status when it closes without a reason. */
  lastError?: string;
}

export class Recorder {
  private readonly store: HistoryStore;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly entities = new Map<string, FollowedEntity>();
  private session: Session | null = null;
  private stopped = true;
  /** Set by stop(): a prune in progress ends after its current batch. */
  private stopRequested = false;
  private reason: string | null = 'The recorder has not started yet';
  private writeError: string | null = null;
  private lastSampleAt: string | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private lastPruneAt = 0;
  private pruning = false;
  /** Writes one after another: the in-progress minute never lands after its own final sample. */
  private writes: Promise<void> = Promise.resolve();
  /** Intervals that got samples and are not yet computed as finished. */
  private readonly pendingIntervals = new Set<number>();
  /** The interval in progress's samples, kept as written: it is worked out each minute without reading them back. */
  private readonly inProgress: IntervalInProgress;
  private usingDemoToken = false;
  /** The token the last connection was made with (null: none was stored), whatever became of that connection. */
  private tokenInUse: string | null | undefined = undefined;
  private unsubscribeHub: (() => void) | null = null;
  private readonly lease: RecorderLease;
  /** True while another instance holds the lease: this one follows nothing and writes nothing. */
  private standingBy = false;
  private checkingLease = false;
  private leaseTimer: NodeJS.Timeout | undefined;
  /** While standing by: the newest sample the recording instance wrote, and how many services and groups it had. */
  private clusterLatest: { minute: string | null; entities: number } = { minute: null, entities: 0 };

  constructor(private readonly options: RecorderOptions) {
    this.store = options.store;
    this.inProgress = new IntervalInProgress(options.store);
    this.lease = options.lease ?? SOLE_RECORDER;
    this.lease.onLost(() => {
      this.log('recorder: the recording lease was lost (its database connection failed); asking for it again');
      void this.checkLease();
    });
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  status(): RecorderStatus {
    if (this.standingBy && !this.stopped) {
      const { minute, entities } = this.clusterLatest;
      const fresh = minute !== null && this.now() - Date.parse(minute) <= STANDBY_FRESH_MS;
      return {
        recording: fresh,
        reason: fresh
          ? 'Another instance of the wallboard server records the history; this one stands by'
          : `Another instance of the wallboard server holds the recording but has written nothing ${minute ? `since ${minute}` : 'yet'}`,
        lastSampleAt: minute,
        entities,
        retentionDays: this.options.retentionDays,
      };
    }
    const live = !!this.session?.live && !this.stopped;
    const recording = live && this.entities.size > 0 && this.writeError === null;
    let reason = this.writeError ?? this.reason;
    if (recording) reason = this.usingDemoToken ? "Recording with the embedded emulator's demo kiosk token (no RTD access token is stored on the Displays page)" : null;
    return {
      recording,
      reason,
      lastSampleAt: this.lastSampleAt,
      entities: new Set([...this.entities.values()].map((e) => `${e.kind}\u0000${e.stat.code}`)).size,
      retentionDays: this.options.retentionDays,
    };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopRequested = false;
    this.unsubscribeHub =
      this.options.hub?.subscribe((event) => {
        if (event === 'resync' || event.topic === 'settings') void this.tokenMayHaveChanged().catch(() => {});
      }) ?? null;
    if (this.lease.shared && !(await this.lease.acquire().catch(() => false))) await this.standBy();
    else await this.lead();
    if (this.options.timers !== false) {
      this.scheduleTick();
      this.lastPruneAt = this.now() - PRUNE_EVERY_MS + 60_000;
    }
    if (this.lease.shared) this.scheduleLeaseCheck();
  }

  /** This instance records: the interval a stopped or crashed recorder left unfinished first, then the subscriptions. */
  private async lead(): Promise<void> {
    this.standingBy = false;
    await this.enqueue(async () => {
      const latest = await this.store.latestSampleMinute();
      if (latest && intervalStart(Date.parse(latest)) < intervalStart(this.now())) await this.computeIntervals([intervalStart(Date.parse(latest))]);
    });
    void this.connect();
  }

  /** Another instance records: follow nothing, finish what was begun, and watch the newest sample for the status. */
  private async standBy(): Promise<void> {
    this.standingBy = true;
    this.closeSession();
    clearTimeout(this.retryTimer);
    this.entities.clear();
    await this.enqueue(async () => {
      try {
        await this.computeIntervals([...this.pendingIntervals]);
      } finally {
        this.inProgress.forget();
      }
    });
    await this.readClusterLatest();
  }

  private async readClusterLatest(): Promise<void> {
    this.clusterLatest = await this.store.latestSampleSummary().catch(() => this.clusterLatest);
  }

  /** Tries for the lease (or checks it is still held) and leads or stands by accordingly. */
  private async checkLease(): Promise<void> {
    if (this.stopped || this.checkingLease) return;
    this.checkingLease = true;
    try {
      const held = await this.lease.acquire().catch(() => false);
      if (this.stopped) return;
      if (held && this.standingBy) {
        this.log('recorder: this instance records the history now (the instance that did has stopped)');
        await this.lead();
      } else if (!held && !this.standingBy) {
        this.log('recorder: another instance holds the recording lease now; standing by');
        await this.standBy();
      } else if (!held) {
        await this.readClusterLatest();
      }
    } finally {
      this.checkingLease = false;
    }
  }

  private scheduleLeaseCheck(): void {
    this.leaseTimer = setTimeout(() => {
      void this.checkLease().finally(() => {
        if (!this.stopped) this.scheduleLeaseCheck();
      });
    }, this.options.leaseCheckMs ?? LEASE_CHECK_MS);
    this.leaseTimer.unref();
  }

  /** Closes the subscriptions, waits for the writes, and computes the interval in progress as a partial one. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopRequested = true;
    this.unsubscribeHub?.();
    clearTimeout(this.retryTimer);
    clearTimeout(this.tickTimer);
    clearTimeout(this.leaseTimer);
    clearInterval(this.reconcileTimer);
    this.closeSession();
    this.reason = 'The recorder is stopped';
    await this.enqueue(() => this.computeIntervals([...this.pendingIntervals]));
    // Its last interval written, the lease goes: a stand-by instance records from its next try.
    await this.lease.release().catch(() => {});
    this.standingBy = false;
  }

  /** The stored token may have changed (a supervisor saved or removed it): follow it with new subscriptions. */
  async tokenMayHaveChanged(): Promise<void> {
    if (this.stopped || this.standingBy) return;
    const token = await this.chooseToken().catch(() => undefined);
    if (token === undefined || token === this.tokenInUse) return;
    this.log('recorder: the RTD access token changed; subscribing again with the new one');
    this.closeSession();
    this.failures = 0;
    clearTimeout(this.retryTimer);
    void this.connect();
  }

  /**
   * Writes the samples of the minute starting at `minute` (ms), the figures as they stand now (its end), then every
   * interval that minute finished. Nothing when the recorder is not live: that minute is a gap. Tests call it at the
   * simulated minute; the timer calls it at each wall-clock minute.
   */
  async sampleMinute(minute: number): Promise<boolean> {
    const at = minuteStart(minute);
    if (!(await this.caughtUp())) return false;
    const samples = this.samplesAt(at, true);
    await this.enqueue(async () => {
      await this.writeSamples(samples, at);
      const finished = [...this.pendingIntervals].filter((start) => start + INTERVAL_MS <= at + SAMPLE_MS);
      await this.computeIntervals(finished);
      // The interval in progress as far as it has come (partial until it ends): the Today view shows it filling.
      if (this.pendingIntervals.has(intervalStart(at))) await this.inProgress.write();
    });
    return true;
  }

  /** Writes the minute in progress as it stands (its final sample replaces it at the minute's end). */
  async sampleInProgress(): Promise<boolean> {
    if (!this.session?.live) return false;
    const at = minuteStart(this.now());
    const samples = this.samplesAt(at, false);
    await this.enqueue(() => this.writeSamples(samples, at));
    return true;
  }

  /** Deletes samples older than 48 hours and intervals older than the retention, a batch at a time. */
  async prune(): Promise<number> {
    if (this.pruning) return 0;
    this.pruning = true;
    let deleted = 0;
    try {
      const now = this.now();
      const samplesBefore = new Date(now - SAMPLES_KEPT_MS).toISOString();
      const intervalsBefore = new Date(now - this.options.retentionDays * 86_400_000).toISOString();
      for (;;) {
        const batch = await this.store.pruneBatch(samplesBefore, intervalsBefore);
        deleted += batch;
        if (batch === 0 || this.stopRequested) break;
        // Other queries (the API's, the next sample) get their turn between batches.
        await new Promise((resolve) => setTimeout(resolve, PRUNE_PAUSE_MS));
      }
    } finally {
      this.pruning = false;
    }
    return deleted;
  }

  // ---- the connection ----

  /** The stored token, else the demo token (embedded emulator), else null. */
  private async chooseToken(): Promise<string | null> {
    const stored = await this.options.storedToken();
    return stored ?? this.options.demoToken ?? null;
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.standingBy || this.session) return;
    let token: string | null;
    try {
      token = await this.chooseToken();
    } catch (error) {
      this.reason = `The recorder cannot read its RTD access token from the database (${(error as Error).message}); trying again`;
      return this.retryLater(RETRY_MAX_MS);
    }
    if (this.stopped || this.standingBy || this.session) return;
    this.tokenInUse = token;
    if (!token) {
      this.reason = "No RTD access token is stored: a supervisor stores one on the Displays page (the displays' token serves the recorder too)";
      this.entities.clear();
      return;
    }
    this.usingDemoToken = token === this.options.demoToken;
    const url = `${this.options.rtdUpstream.replace(/^http/, 'ws')}/rtdserver`;
    this.reason = `Connecting to the RTD Server at ${this.options.rtdUpstream}`;
    const session: Session = { client: null as unknown as Client, token, closed: false, live: false, codes: { service: [], group: [] }, socket: null };
    let pongTimer: NodeJS.Timeout | undefined;
    session.client = createClient({
      url,
      webSocketImpl: UpstreamSocket,
      connectionParams: { accessToken: token },
      lazy: false,
      retryAttempts: 0,
      keepAlive: PING_MS,
      onNonLazyError: () => {},
      on: {
        connected: (socket) => {
          session.socket = socket as WebSocket;
        },
        ping: (received) => {
          if (!received) pongTimer = setTimeout(() => session.socket?.close(CloseCode.PongTimeout, 'Pong timeout'), PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
        closed: (event) => {
          clearTimeout(pongTimer);
          this.onClosed(session, event as { code?: number; reason?: string });
        },
        error: (error) => {
          session.lastError = (error as { message?: string })?.message ?? (error as { error?: Error })?.error?.message;
        },
      },
    });
    this.session = session;
    try {
      const directory = await this.request<{ users: ({ services?: string[] | null; skillsets?: string[] | null } | null)[] | null }>(session, DIRECTORY);
      session.codes = revealedCodes(directory.users);
      for (const kind of ['service', 'group'] as const) if (session.codes[kind].length) this.follow(session, kind);
      await this.snapshot(session);
      if (session.closed) return;
      session.live = true;
      this.failures = 0;
      this.reason = session.codes.service.length + session.codes.group.length ? null : "The RTD Server shows no services or groups to the token's user: nothing to record";
      this.log(
        `recorder: following ${session.codes.service.length} services and ${session.codes.group.length} groups at ${this.options.rtdUpstream}${this.usingDemoToken ? " with the embedded emulator's demo kiosk token" : ''}`,
      );
      this.reconcileTimer = setInterval(() => void this.reconcile(session), RECONCILE_MS);
      this.reconcileTimer.unref();
    } catch (error) {
      // A close (a refused token, a drop) says why itself; anything else (no answer, an error answer) is told here.
      const event = error as { code?: unknown };
      this.onClosed(session, typeof event?.code === 'number' ? (error as { code: number; reason?: string }) : { code: 0, reason: describe(error) });
      void session.client.dispose();
    }
  }

  /** A snapshot of everything followed, over the same socket as the deltas: those sent before it are in it. */
  private async snapshot(session: Session): Promise<void> {
    const kinds = (['service', 'group'] as const).filter((kind) => session.codes[kind].length);
    if (!kinds.length) return this.entities.clear();
    const document = `query RecorderSnapshot(${kinds.map((k) => `$${k}: ${FILTER_TYPE[k]}!`).join(', ')}) { ${kinds.map((k) => `${ROOT_FIELD[k]}(filter: $${k}) { ${RECORDED_FIELDS[k]} }`).join(' ')} }`;
    const variables = Object.fromEntries(kinds.map((k) => [k, filterOf(k, session.codes[k])]));
    const data = await this.request<Record<string, (RecordedStat | null)[] | null>>(session, document, variables);
    if (session.closed) return;
    const seen = new Set<string>();
    for (const kind of kinds)
      for (const stat of data[ROOT_FIELD[kind]] ?? []) {
        if (!stat?.code || !stat.channel) continue;
        const key = entityKey(kind, stat.code, stat.channel);
        seen.add(key);
        const known = this.entities.get(key);
        const wait = longestWaitOf(stat);
        this.entities.set(key, { kind, stat, longestSeen: maxOf(known?.longestSeen ?? null, wait) });
      }
    for (const key of this.entities.keys()) if (!seen.has(key)) this.entities.delete(key);
  }

  private follow(session: Session, kind: HistoryKind): void {
    const document = `subscription RecorderFollows($filter: ${FILTER_TYPE[kind]}!) { ${ROOT_FIELD[kind]}(filter: $filter) { ${RECORDED_FIELDS[kind]} } }`;
    session.client.subscribe(
      { query: document, variables: { filter: filterOf(kind, session.codes[kind]) } },
      {
        next: (result) => {
          // Until the snapshot is in, deltas are older than it: it holds them already.
          if (!session.live || session.closed) return;
          const stats = (result.data as Record<string, (RecordedStat | null)[] | null> | null | undefined)?.[ROOT_FIELD[kind]];
          for (const delta of stats ?? []) this.apply(kind, delta);
        },
        error: (error) => {
          if (!session.closed) this.log(`recorder: the ${ROOT_FIELD[kind]} subscription ended: ${describe(error)}`);
        },
        complete: () => {},
      },
    );
  }

  private apply(kind: HistoryKind, delta: RecordedStat | null): void {
    if (!delta?.code || !delta.channel) return;
    const key = entityKey(kind, delta.code, delta.channel);
    const known = this.entities.get(key);
    const stat = (known ? mergeDelta(known.stat, delta) : delta) as RecordedStat;
    this.entities.set(key, { kind, stat, longestSeen: maxOf(known?.longestSeen ?? null, longestWaitOf(stat)) });
  }

  /** Every RECONCILE_MS: the same services and groups? A fresh snapshot; else subscriptions for the new ones. */
  private async reconcile(session: Session): Promise<void> {
    if (session.closed || !session.live) return;
    try {
      const directory = await this.request<{ users: ({ services?: string[] | null; skillsets?: string[] | null } | null)[] | null }>(session, DIRECTORY);
      const codes = revealedCodes(directory.users);
      if (JSON.stringify(codes) !== JSON.stringify(session.codes)) {
        this.log('recorder: the services or groups changed; subscribing again');
        this.closeSession();
        return void this.connect();
      }
      await this.snapshot(session);
    } catch (error) {
      if (!session.closed) this.log(`recorder: a periodic snapshot failed (${describe(error)})`);
    }
  }

  private onClosed(session: Session, event: { code?: number; reason?: string }): void {
    if (session.closed) return;
    session.closed = true;
    session.live = false;
    clearInterval(this.reconcileTimer);
    if (this.session === session) this.session = null;
    if (this.stopped) return;
    const code = event?.code ?? 0;
    const why = event?.reason || session.lastError || `closed with code ${code}`;
    if (SESSION_REFUSED_CLOSE_CODES.has(code)) {
      this.reason = this.usingDemoToken
        ? `The embedded emulator refused its demo kiosk token (${why}): store an RTD access token on the Displays page`
        : `The RTD Server refused the recorder's RTD access token (${why}): a supervisor stores a valid one on the Displays page`;
      this.log(`recorder: ${this.reason}`);
      return this.retryLater(REFUSED_RETRY_MS);
    }
    const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.failures);
    this.failures++;
    const what = code === 0 ? 'did not answer the recorder as expected' : 'cannot be reached';
    this.reason = `The RTD Server at ${this.options.rtdUpstream} ${what} (${why}); trying again in ${Math.round(wait / 1000)} s`;
    if (this.failures === 1 || this.failures % 10 === 0) this.log(`recorder: ${this.reason}`);
    this.retryLater(wait);
  }

  private retryLater(ms: number): void {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), ms);
    this.retryTimer.unref();
  }

  private closeSession(): void {
    const session = this.session;
    this.session = null;
    clearInterval(this.reconcileTimer);
    if (!session) return;
    session.closed = true;
    session.live = false;
    void session.client.dispose();
  }

  /** A query over the session's socket; its data, or a rejection with the errors in words. */
  private request<T>(session: Session, query: string, variables?: Record<string, unknown>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let data: unknown;
      let errors: readonly { message: string }[] | undefined;
      const timer = setTimeout(() => {
        cancel();
        reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`));
      }, ANSWER_TIMEOUT_MS);
      timer.unref();
      const cancel = session.client.subscribe(
        { query, variables },
        {
          next: (result) => {
            data = result.data;
            errors = result.errors;
          },
          error: (error) => {
            clearTimeout(timer);
            reject(error);
          },
          complete: () => {
            clearTimeout(timer);
            if (errors?.length) reject(new Error(errors.map((e) => e.message).join('; ')));
            else if (data) resolve(data as T);
            else reject(new Error('an empty answer'));
          },
        },
      );
    });
  }

  /**
   * True once every delta the RTD Server sent before now is merged: a tiny query's answer comes after them on the
   * socket. False when the recorder is not live (that minute is then not recorded).
   */
  private async caughtUp(): Promise<boolean> {
    const session = this.session;
    if (!session?.live) return false;
    try {
      await this.request(session, BARRIER);
    } catch {
      // A slow answer is the connection's problem (the keep-alive will tell): the figures are as fresh as they can be.
    }
    return !!this.session?.live && !this.stopped;
  }

  // ---- samples and intervals ----

  private samplesAt(minute: number, endOfMinute: boolean): HistorySample[] {
    const samples: HistorySample[] = [];
    for (const entity of this.entities.values()) {
      samples.push(historySample(entity.kind, entity.stat, minute, entity.longestSeen));
      // The next minute's longest wait starts from the wait going on now.
      if (endOfMinute) entity.longestSeen = longestWaitOf(entity.stat);
    }
    return samples;
  }

  private async writeSamples(samples: HistorySample[], minute: number): Promise<void> {
    if (!samples.length) return;
    await this.store.upsertSamples(samples);
    this.lastSampleAt = new Date(minute).toISOString();
    this.pendingIntervals.add(intervalStart(minute));
    await this.inProgress.keep(minute, samples);
  }

  /**
   * Each interval from its samples (and the minute before it), written over whatever was computed before: the one
   * held in memory from there, any other (one a previous run left unfinished) from the samples stored.
   */
  private async computeIntervals(starts: number[]): Promise<void> {
    for (const start of starts.sort((a, b) => a - b)) {
      if (this.inProgress.holds(start)) await this.inProgress.write();
      else await writeIntervalFigures(this.store, start);
      this.pendingIntervals.delete(start);
    }
  }

  /** Runs `write` after the writes before it; a database failure is reported in the status, never thrown. */
  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write).then(
      () => {
        this.writeError = null;
      },
      (error: Error) => {
        this.writeError = `The history cannot be written to the database (${error.message}); trying again at the next minute`;
        this.log(`recorder: ${this.writeError}`);
      },
    );
    this.writes = next;
    return next;
  }

  // ---- the clock ----

  /** Every 10 s on the wall clock: the minute that just ended at :00, the minute in progress otherwise. */
  private scheduleTick(): void {
    const now = this.now();
    const next = Math.floor(now / IN_PROGRESS_MS) * IN_PROGRESS_MS + IN_PROGRESS_MS;
    this.tickTimer = setTimeout(() => {
      if (this.stopped) return;
      this.scheduleTick();
      void this.tick(next).catch((error: Error) => this.log(`recorder: ${error.stack ?? error}`));
    }, next - now);
    this.tickTimer.unref();
  }

  private async tick(at: number): Promise<void> {
    if (at % SAMPLE_MS !== 0) {
      await this.sampleInProgress();
      return;
    }
    await this.sampleMinute(at - SAMPLE_MS);
    await this.tokenMayHaveChanged();
    if (!this.standingBy && this.now() - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = this.now();
      const deleted = await this.prune().catch((error: Error) => {
        this.log(`recorder: pruning failed (${error.message}); trying again in an hour`);
        return 0;
      });
      if (deleted) this.log(`recorder: pruned ${deleted} rows of history past its retention`);
    }
  }
}

/** The `ws` socket graphql-ws opens: a TVox host on a LAN often has a self-signed certificate (as the proxy allows). */
class UpstreamSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols, { rejectUnauthorized: false });
  }
}

function entityKey(kind: HistoryKind, code: string, channel: string): string {
  return `${kind}\u0000${code}\u0000${channel}`;
}

/** Services and groups (skillsets) the RTD Server reveals through the agents it shows, sorted. */
function revealedCodes(users: ({ services?: string[] | null; skillsets?: string[] | null } | null)[] | null): Record<HistoryKind, string[]> {
  const services = new Set<string>();
  const groups = new Set<string>();
  for (const user of users ?? []) {
    user?.services?.forEach((code) => services.add(code));
    user?.skillsets?.forEach((code) => groups.add(code));
  }
  return { service: [...services].sort(), group: [...groups].sort() };
}

/** Every channel, the same codes: an entity the RTD Server lacks on a channel is simply not in its answer. */
function filterOf(kind: HistoryKind, codes: string[]): Record<string, unknown> {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, { [FILTER_KEY[kind]]: codes }]));
}

function longestWaitOf(stat: RecordedStat): number | null {
  const wait = stat.channelStats?.maxTimeCallOnQueue;
  return typeof wait === 'number' ? wait : null;
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const event = error as { code?: number; reason?: string; message?: string } | null;
  if (event?.reason) return event.reason;
  if (event?.message) return event.message;
  if (typeof event?.code === 'number') return `closed with code ${event.code}`;
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e?.message).join('; ');
  return String(error);
}
