/** One ticking "now" for everything that shows a live duration, so every clock on the board moves together. */
import { DestroyRef, Injectable, inject, signal } from '@angular/core';

const TICK_MS = 1_000;

@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly current = signal(Date.now());
  readonly now = this.current.asReadonly();

  constructor() {
    const timer = setInterval(() => this.current.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
