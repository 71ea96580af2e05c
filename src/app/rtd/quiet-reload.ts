/**
 * Reloads the page at a quiet moment, for a new server version or app build on a TV that nobody reloads: only
 * when nobody has touched it for a while (a person using the screen is not interrupted) and never soon after
 * the page loaded (a version that keeps differing must not cause a reload loop).
 */
import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';

export interface QuietReloadOptions {
  /** No reload within this long after a keypress, click, touch or wheel. */
  quietMs: number;
  /** No reload within this long after the page loaded. */
  minUptimeMs: number;
  /** How often a pending reload checks whether the moment has come. */
  checkEveryMs: number;
}

export const DEFAULT_QUIET_RELOAD: QuietReloadOptions = { quietMs: 30_000, minUptimeMs: 60_000, checkEveryMs: 5_000 };
export const QUIET_RELOAD_OPTIONS = new InjectionToken<QuietReloadOptions>('quiet reload options', { factory: () => DEFAULT_QUIET_RELOAD });
/** The clock (ms since epoch); replaced in tests. */
export const RELOAD_CLOCK = new InjectionToken<() => number>('quiet reload clock', { factory: () => () => Date.now() });
/** What reloading is; replaced in tests, where a real reload would end the test run. */
export const RELOAD_PAGE = new InjectionToken<() => void>('reload the page', { factory: () => reloadWhenReachable });

/**
 * Reloads once the page can be fetched again (from the server, or the service worker's copy): a reload while
 * both are out of reach would leave a TV on the browser's error page.
 */
async function reloadWhenReachable(): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(globalThis.location.href, { cache: 'no-store' })).ok) break;
    } catch {
      // Not reachable yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
  globalThis.location.reload();
}

const USER_INPUT = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/** Whether a reload may happen at `now`, given when the page loaded and the last user input (null: none). */
export function isQuietMoment(now: number, loadedAt: number, lastInputAt: number | null, options: Pick<QuietReloadOptions, 'quietMs' | 'minUptimeMs'>): boolean {
  return now - loadedAt >= options.minUptimeMs && (lastInputAt === null || now - lastInputAt >= options.quietMs);
}

@Injectable({ providedIn: 'root' })
export class QuietReload {
  private readonly options = inject(QUIET_RELOAD_OPTIONS);
  private readonly now = inject(RELOAD_CLOCK);
  private readonly reloadPage = inject(RELOAD_PAGE);
  private readonly loadedAt = this.now();
  private lastInputAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly pendingReason = signal<string | null>(null);
  /** Why a reload is waiting for its moment; null when none is. */
  readonly pending = this.pendingReason.asReadonly();

  constructor() {
    const onInput = () => this.noteInput();
    for (const type of USER_INPUT) globalThis.addEventListener?.(type, onInput, { capture: true, passive: true });
    inject(DestroyRef).onDestroy(() => {
      clearInterval(this.timer);
      for (const type of USER_INPUT) globalThis.removeEventListener?.(type, onInput, { capture: true });
    });
  }

  /** A person used the screen: no reload for a while. */
  noteInput(): void {
    this.lastInputAt = this.now();
  }

  /** Reloads now if the moment is quiet, else at the first quiet moment. The first reason given is kept. */
  requestReload(reason: string): void {
    if (this.pendingReason() === null) {
      console.info(`Reloading when idle: ${reason}`);
      this.pendingReason.set(reason);
    }
    if (this.check()) return;
    this.timer ??= setInterval(() => this.check(), this.options.checkEveryMs);
  }

  /** Reloads if a reload is pending and the moment is quiet; true if it did. */
  check(): boolean {
    const reason = this.pendingReason();
    if (reason === null || !isQuietMoment(this.now(), this.loadedAt, this.lastInputAt, this.options)) return false;
    clearInterval(this.timer);
    this.timer = undefined;
    console.info(`Reloading the wallboard: ${reason}`);
    this.reloadPage();
    return true;
  }
}
