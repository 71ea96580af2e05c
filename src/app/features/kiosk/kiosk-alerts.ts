/**
 * The kiosk's alert sound: two short tones when a tile turns critical (after its hold time), repeated at most every
 * few minutes while any tile stays critical; one softer tone, once, when a tile shows a breach warning ("critical in
 * ~N min"); with mute. The tones are synthesised (Web Audio), so no file is fetched. Browsers refuse sound before a user gesture; a kiosk Chromium started with
 * `--autoplay-policy=no-user-gesture-required` plays it, and otherwise `blocked` says so until someone clicks.
 */
import { Injectable, type OnDestroy, signal } from '@angular/core';

export const ALERT_REPEAT_MS = 3 * 60_000;

/**
 * Critical: two short falling tones, loud enough across a room, gentle enough to hear all day. A breach warning: one
 * lower tone at half the loudness, a heads-up rather than an alarm.
 */
const TONES = {
  critical: {
    gain: 0.25,
    tones: [
      [880, 0],
      [660, 0.25],
    ],
  },
  warning: { gain: 0.12, tones: [[587, 0]] },
} as const satisfies Record<string, { gain: number; tones: readonly (readonly [frequency: number, start: number])[] }>;
const MUTE_KEY = 'rtd-wallboard.kiosk.muted';

/**
 * Decides when to sound, apart from the audio: pure and testable. A tile counts once it has been reported
 * critical for the hold time without a break (a slide that just appeared shows its first level at once, and a
 * spike must not sound); a sound is due when a tile counts, at most once per repeat time, so it repeats every
 * repeat time while any tile stays critical.
 */
export class AlertRule {
  /** Per source, when each of its critical tiles was first reported critical. */
  private critical = new Map<string, Map<string, number>>();
  /** Per source, the tiles whose breach warning has sounded. */
  private readonly warned = new Map<string, Set<string>>();
  private lastSound = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly repeatMs = ALERT_REPEAT_MS,
    private readonly holdMs = 5_000,
  ) {}

  /** A source's critical tiles now; true when a sound is due. */
  report(source: string, ids: readonly string[], now: number): boolean {
    const before = this.critical.get(source) ?? new Map<string, number>();
    const next = new Map<string, number>();
    for (const id of ids) next.set(id, before.get(id) ?? now);
    this.critical.set(source, next);
    return this.check(now);
  }

  /** A periodic check: a tile that reached its hold time, or the repeat while tiles stay critical. */
  repeat(now: number): boolean {
    return this.check(now);
  }

  /**
   * A source's tiles showing a breach warning now; true when one of them is new. A warning sounds once however long
   * it stays up (its tile's WarningHold already held it), and again only after a report without it: a source that
   * stops reporting (its slide left, its numbers stale) keeps what sounded.
   */
  warnings(source: string, ids: readonly string[]): boolean {
    const before = this.warned.get(source);
    const fresh = ids.some((id) => !before?.has(id));
    if (ids.length || before?.size) this.warned.set(source, new Set(ids));
    return fresh;
  }

  anyCritical(): boolean {
    return [...this.critical.values()].some((ids) => ids.size > 0);
  }

  private check(now: number): boolean {
    const counting = [...this.critical.values()].some((ids) => [...ids.values()].some((since) => now - since >= this.holdMs));
    if (!counting || now - this.lastSound < this.repeatMs) return false;
    this.lastSound = now;
    return true;
  }
}

@Injectable()
export class KioskAlerts implements OnDestroy {
  private readonly rule = new AlertRule();
  private audio: AudioContext | null = null;
  private readonly timer = setInterval(() => this.repeatIfDue(), 2_000);
  readonly muted = signal(readMuted());
  /** The browser refused to play sound (no user gesture yet, no autoplay flag). */
  readonly blocked = signal(false);
  /** How many times an alert was due (sounded, unless muted or blocked); an attribute for tests. */
  readonly sounded = signal(0);
  /** How many times a breach warning's softer tone was due (the same way). */
  readonly warningsSounded = signal(0);
  enabled = true;

  report(source: string, ids: readonly string[]): void {
    if (this.rule.report(source, ids, Date.now())) void this.sound('critical');
  }

  /** A slide's tiles showing a breach warning now (see AlertRule.warnings). */
  reportWarnings(source: string, ids: readonly string[]): void {
    if (this.rule.warnings(source, ids)) void this.sound('warning');
  }

  setMuted(muted: boolean): void {
    this.muted.set(muted);
    try {
      localStorage.setItem(MUTE_KEY, String(muted));
    } catch {
      // Storage refused: muted for this visit.
    }
  }

  /**
   * Whether the browser would play an alert now, asked once as the first slide shows (not at the first alert,
   * which may come hours later, when nobody is there to click): sets `blocked`.
   */
  async probe(): Promise<void> {
    if (!this.enabled || this.muted()) return;
    try {
      this.audio ??= new AudioContext();
      if (this.audio.state !== 'running') await Promise.race([this.audio.resume(), new Promise((resolve) => setTimeout(resolve, 300))]);
      this.blocked.set(this.audio.state !== 'running');
    } catch {
      this.blocked.set(true);
    }
  }

  /** After a click or key press on the kiosk: the browser now allows sound. */
  unlock(): void {
    void this.audio?.resume().then(() => this.blocked.set(this.audio?.state !== 'running'));
  }

  ngOnDestroy(): void {
    clearInterval(this.timer);
    void this.audio?.close();
  }

  private repeatIfDue(): void {
    if (this.rule.repeat(Date.now())) void this.sound('critical');
  }

  private async sound(kind: keyof typeof TONES): Promise<void> {
    if (!this.enabled || this.muted()) return;
    (kind === 'critical' ? this.sounded : this.warningsSounded).update((n) => n + 1);
    try {
      this.audio ??= new AudioContext();
      if (this.audio.state !== 'running') await Promise.race([this.audio.resume(), new Promise((resolve) => setTimeout(resolve, 300))]);
      this.blocked.set(this.audio.state !== 'running');
      if (this.blocked()) return;
      const { gain: loudness, tones } = TONES[kind];
      for (const [frequency, start] of tones) {
        const oscillator = this.audio.createOscillator();
        const gain = this.audio.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(loudness, this.audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.001, this.audio.currentTime + start + 0.22);
        oscillator.connect(gain).connect(this.audio.destination);
        oscillator.start(this.audio.currentTime + start);
        oscillator.stop(this.audio.currentTime + start + 0.22);
      }
    } catch {
      this.blocked.set(true);
    }
  }
}

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === 'true';
  } catch {
    return false;
  }
}
