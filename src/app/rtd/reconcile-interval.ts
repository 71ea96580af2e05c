/** How often live lists reconcile (reconciliation.ts), for the app: five minutes, or what localStorage says. */
import { InjectionToken } from '@angular/core';
import { browserStorage } from '../shared/browser-storage';

/** Where a developer or an operator can shorten the interval, in seconds (tests use it; see the README). */
export const RECONCILE_SECONDS_KEY = 'rtd-wallboard.reconcile-seconds';

/** Milliseconds between reconciliations of each live list: 5 minutes, unless set in localStorage. */
export const RECONCILE_INTERVAL_MS = new InjectionToken<number>('live list reconciliation interval', {
  factory: () => {
    const seconds = Number(browserStorage()?.getItem(RECONCILE_SECONDS_KEY) ?? NaN);
    return Number.isFinite(seconds) && seconds >= 1 ? seconds * 1000 : 5 * 60_000;
  },
});
