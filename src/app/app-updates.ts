/**
 * The service worker (sw.js, written by scripts/build-sw.mjs after `ng build`) and new-build detection.
 * Production builds only: the worker keeps the app shell so a TV that boots offline shows the app, and a new deploy
 * is noticed by the worker's update check; the page then reloads at a quiet moment instead of running an old build
 * for weeks. In development (`ng serve`) nothing registers: a cached shell would hide the code being edited.
 */
import { DestroyRef, Injectable, InjectionToken, type EnvironmentProviders, inject, isDevMode, provideEnvironmentInitializer, signal } from '@angular/core';
import { QuietReload } from './rtd/quiet-reload';

/** Where the service worker is served; `scope` is the whole app. */
export const SERVICE_WORKER_URL = '/sw.js';
/** How often a long-running page asks whether sw.js changed: browsers only check by themselves on navigation. */
export const UPDATE_CHECK_MS = 15 * 60_000;
/**
 * How long after the page's load the worker registers. Its first install fetches and stores the whole app (about
 * 2 MB), which must not compete with a TV's first numbers for its processor and network.
 */
export const REGISTER_AFTER_LOAD_MS = 10_000;

/** Reloads the page when it suits the screen: the data layer's QuietReload (no input lately, not just loaded). */
export interface PageReloader {
  requestReload(reason: string): void;
}

export const PAGE_RELOADER = new InjectionToken<PageReloader>('PAGE_RELOADER', { providedIn: 'root', factory: () => inject(QuietReload) });

@Injectable({ providedIn: 'root' })
export class AppUpdates {
  private readonly reloader = inject(PAGE_RELOADER);
  private readonly destroyRef = inject(DestroyRef);

  /** The app shell is cached: the next start works without the network. */
  readonly offlineReady = signal(false);
  /** A newly deployed build has taken over the service worker; this page still runs the old one until it reloads. */
  readonly newBuildReady = signal(false);

  /** Registers the worker (production builds in a browser that has service workers) and watches for new builds. */
  start(container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker): void {
    if (isDevMode() || !container) return;
    // A page that was already controlled when it started sees a controller change only when a new worker (a new
    // build, with skipWaiting) takes over; the very first install on a fresh TV is not a new build.
    let hadController = !!container.controller;
    const onControllerChange = () => {
      if (hadController && !this.newBuildReady()) {
        this.newBuildReady.set(true);
        // A TV reloads by itself at a quiet moment; a supervisor's page offers a reload (the shell's banner), so
        // an edit in progress is never thrown away.
        if (/^\/kiosk(?:[/?#]|$)/.test(globalThis.location?.pathname ?? '')) this.reloader.requestReload('a new build of the app was deployed');
        else console.info('A new build of the app was deployed: the page offers a reload');
      }
      hadController = true;
    };
    container.addEventListener('controllerchange', onControllerChange);
    this.destroyRef.onDestroy(() => container.removeEventListener('controllerchange', onControllerChange));

    const register = () =>
      container
        .register(SERVICE_WORKER_URL, { scope: '/' })
        .then(async (registration) => {
          const timer = setInterval(() => registration.update().catch(() => {}), UPDATE_CHECK_MS);
          this.destroyRef.onDestroy(() => clearInterval(timer));
          await container.ready;
          this.offlineReady.set(true);
        })
        // No worker (plain HTTP on a LAN address, private mode, a server without sw.js): the app still runs online.
        .catch((error: unknown) => console.warn('Service worker not registered; the app will not start offline.', error));
    // A page that a worker already controls registers as soon as it has loaded: nothing is left to install.
    const delay = container.controller ? 0 : REGISTER_AFTER_LOAD_MS;
    const registerLater = () => {
      const timer = setTimeout(() => void register(), delay);
      this.destroyRef.onDestroy(() => clearTimeout(timer));
    };
    if (globalThis.document?.readyState === 'complete') registerLater();
    else globalThis.addEventListener?.('load', registerLater, { once: true });
  }
}

/** Registers the service worker at startup, production builds only. */
export function provideAppUpdates(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => inject(AppUpdates).start());
}
