/**
 * One live list as a small state machine, without Angular:
 *
 *   waiting ──version known──▶ buffering ──snapshot written──▶ live ⇄ reconciling
 *      ▲                          │  ▲                           │
 *      └── (version changes: start again)   └──reconnect: fresh snapshot──┘        any step ──▶ error
 *
 * Subscribe first, then take the snapshot, holding what arrives meanwhile; then write both through the writer.
 * After a reconnect take a fresh snapshot (deltas sent while the socket was down are lost); now and then compare
 * a fresh snapshot with what the deltas built (reconciliation.ts). `RtdLive` (live-query.ts) adapts it to signals.
 */
import { type DeltaWriter, type LiveListSpec, Membership, type RtdObject, type WriteTarget } from './delta-writer';
import { RECONCILE_SETTLE_MS, type Correction, findCorrections } from './reconciliation';

export type LiveListState = 'waiting' | 'buffering' | 'live' | 'reconciling' | 'error';

/** What a live list needs from the world: one typed object, so a spec can give every part. */
export interface LiveListDeps {
  readonly writer: DeltaWriter;
  /** Starts the list's subscription; returns what stops it. */
  subscribe(handlers: { next(entities: RtdObject[]): void; error(e: unknown): void; complete(): void }): () => void;
  /** Asks for a whole snapshot on the subscription's socket, not through the cache. */
  fetchSnapshot(): Promise<RtdObject[]>;
  /** One member as the list shows it now (for reconciliation); null when it has none. */
  readEntity(id: string): RtdObject | null;
  /** Whether the connection is up: a subscription the server ended starts again only then. */
  connectionLive(): boolean;
  describeError(e: unknown): string;
  /** Wall-clock ms, for "data N s old". */
  now(): number;
  /** Reports corrections a reconciliation found (should never happen: each is logged). */
  corrected(corrections: readonly Correction[]): void;
}

/** A reconciliation snapshot that has not answered by then is given up (the next one tries again). */
export const RECONCILE_TIMEOUT_MS = 30_000;
/** A subscription the server ended starts again after this long. */
export const RESTART_AFTER_COMPLETE_MS = 1_000;

export class LiveListMachine {
  state: LiveListState = 'waiting';
  /** A message for people when `state` is 'error'. */
  error: string | null = null;
  /** When the last whole snapshot arrived (wall-clock ms); null before the first. */
  snapshotAt: number | null = null;
  readonly target: WriteTarget;
  /** Hears of every change of state, error or snapshotAt. */
  onChange: () => void = () => {};

  /** Payloads held until the snapshot they follow is in; null when payloads go straight to the writer. */
  private buffer: RtdObject[][] | null = null;
  /** The payloads since a reconciliation asked for its snapshot, while it runs. */
  private recording: RtdObject[][] | null = null;
  /** Which start the current subscription and snapshot belong to: a late answer to an earlier one is ignored. */
  private generation = 0;
  /** Snapshots taken so far: one taken while a reconciliation runs makes its comparison moot. */
  private snapshots = 0;
  private unsubscribe: (() => void) | null = null;
  private subscriptionEnded = false;
  private stopped = false;

  constructor(
    readonly spec: LiveListSpec,
    private readonly deps: LiveListDeps,
  ) {
    this.target = { spec, members: new Membership() };
    deps.writer.attach(this.target);
  }

  /** The server's version is known (or changed: the operations ask for its fields): subscribe, then the snapshot. */
  start(): void {
    if (this.stopped) return;
    this.unsubscribe?.();
    this.generation++;
    this.subscriptionEnded = false;
    this.buffer = [];
    this.set('buffering');
    const generation = this.generation;
    this.unsubscribe = this.deps.subscribe({
      next: (entities) => {
        if (generation !== this.generation || !entities.length) return;
        if (this.buffer) this.buffer.push(entities);
        else this.deps.writer.enqueue(this.target, entities);
        this.recording?.push(entities);
      },
      error: (e) => {
        if (generation !== this.generation) return;
        this.subscriptionEnded = true;
        this.fail(e);
      },
      // The server ended the subscription while the socket stays up: pongs would keep the numbers looking fresh
      // while nothing updates them, so start again.
      complete: () => {
        if (generation !== this.generation) return;
        this.subscriptionEnded = true;
        if (this.deps.connectionLive()) setTimeout(() => generation === this.generation && this.start(), RESTART_AFTER_COMPLETE_MS);
      },
    });
    void this.refresh();
  }

  /** The socket came back: deltas were lost meanwhile, so a fresh snapshot (or a new start if the subscription ended). */
  reconnected(): void {
    if (this.state === 'waiting') return;
    if (this.subscriptionEnded) this.start();
    else void this.refresh();
  }

  /** A kiosk logged in again by itself: the refused socket ended the subscription, so start again. */
  sessionRenewed(): void {
    if (this.state !== 'waiting') this.start();
  }

  /** Takes a fresh snapshot now, holding payloads until it is in. */
  async refresh(): Promise<void> {
    if (this.state === 'waiting' || this.stopped) return;
    const generation = this.generation;
    this.snapshots++;
    this.buffer ??= [];
    this.deps.writer.discard(this.target);
    try {
      const entities = await this.deps.fetchSnapshot();
      if (generation !== this.generation || this.stopped) return;
      const held = this.buffer ?? [];
      this.buffer = null;
      const answeredAt = this.deps.now();
      this.deps.writer.snapshot(this.target, entities, () => {
        if (generation !== this.generation || this.stopped) return;
        this.snapshotAt = answeredAt;
        this.error = null;
        this.set('live');
      });
      for (const payload of held) this.deps.writer.enqueue(this.target, payload);
    } catch (e) {
      if (generation !== this.generation || this.stopped) return;
      this.buffer = null;
      this.fail(e);
    }
  }

  /**
   * A full snapshot compared with what the deltas built: corrections should never happen. The list goes on
   * updating meanwhile; the payloads are only recorded for the comparison.
   */
  async reconcile(): Promise<void> {
    if (this.state !== 'live' || this.subscriptionEnded || this.buffer || this.recording || !this.deps.connectionLive()) return;
    this.deps.writer.flush();
    const started = [this.generation, this.snapshots].join();
    const payloads: RtdObject[][] = [];
    this.recording = payloads;
    const before = this.target.members
      .list()
      .map((id) => this.deps.readEntity(id))
      .filter((entity): entity is RtdObject => entity !== null);
    this.set('reconciling');
    try {
      const after = await withTimeout(this.deps.fetchSnapshot(), RECONCILE_TIMEOUT_MS);
      const answeredAt = this.deps.now();
      // A message of the snapshot's instant may still be on its way, behind earlier ones.
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_SETTLE_MS));
      // A restart or a reconnect's snapshot took over meanwhile.
      if (started !== [this.generation, this.snapshots].join() || this.stopped) return;
      this.recording = null;
      const corrections = await findCorrections(this.spec, before, payloads, after, this.deps.writer.scheduler);
      if (started !== [this.generation, this.snapshots].join() || this.stopped) return;
      if (corrections.length) {
        this.deps.corrected(corrections);
        // The list is wrong: a whole snapshot, as after a reconnect, puts it right.
        void this.refresh();
      } else this.snapshotAt = answeredAt;
    } catch {
      // Not a correction: the next reconciliation, or the reconnect's snapshot, tries again.
    } finally {
      if (this.recording === payloads) this.recording = null;
      if ((this.state as LiveListState) === 'reconciling') this.set('live');
    }
  }

  /** The component showing the list is gone: nothing starts again, nothing more is written. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.unsubscribe?.();
    this.deps.writer.detach(this.target);
  }

  private fail(e: unknown): void {
    this.error = this.deps.describeError(e);
    this.set('error');
  }

  private set(state: LiveListState): void {
    this.state = state;
    this.onChange();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
