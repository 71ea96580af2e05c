/**
 * The wallboard on a TV: full screen, dark, no menus; plays its slides in turn, pages through long agent grids,
 * sounds an alert when a tile turns critical, shifts a few pixels now and then against burn-in. It provisions
 * itself from a kiosk link (`/kiosk#token=…&kiosk=…`) and logs in by itself; without a link, where the team's
 * wallboard server is, it pairs with it as a display and plays the playlist the server gives it (kiosk-display.ts).
 */
import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, ElementRef, Injector, type Type, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { DEFAULT_KIOSK_CONFIG, DISPLAY_HEARTBEAT_SECONDS, STATUS_ERROR_MAX, STATUS_SLIDE_MAX, formatPairingCode } from '../../../../contract/playlist-format';
import { I18n, type MessageKey } from '../../i18n/i18n';
import { RtdConnection } from '../../rtd/connection';
import { RtdLive } from '../../rtd/live-query';
import { KioskCredentials } from '../../rtd/kiosk-credentials';
import { QuietReload } from '../../rtd/quiet-reload';
import { Session } from '../../rtd/session';
import { Clock } from '../../shared/clock';
import { Freshness } from '../../shared/freshness/freshness';
import { ConnectionBadge } from '../../shared/connection-badge/connection-badge';
import { FIGURE_TOOLTIPS } from '../../shared/kpi-value/kpi-value';
import { STALE_AFTER_SECONDS } from '../../shared/stale';
import { Theme } from '../../shared/theme';
import { WallboardApi } from '../../wallboard-server/wallboard-api';
import { WallboardPush } from '../../wallboard-server/wallboard-push';
import { BOARD_ON_SCREEN, CRITICAL_TILES, SlidePaging, TODAY_ON_SCREEN, WARNED_TILES } from '../boards/board-on-screen';
import { BoardStore } from '../boards/board-store';
import { KioskAlerts } from './kiosk-alerts';
import { KIOSK_PAGES, type SlidePage as KioskPageName, boardSlides, loadKioskConfig, readKioskFragment, saveKioskConfig } from './kiosk-config';
import type { KioskDisplay } from './kiosk-display';
import { type RotationPosition, burnInOffset, nextPosition, playableSlides, previousPosition, screenfulSeconds } from './kiosk-rotation';

/**
 * Each kind of slide's page, loaded when a slide first needs it: a TV's first load carries only its first slide's
 * code (the agent grid and its chart stay out of a services slide's start).
 */
const PAGES: Record<KioskPageName, { load: () => Promise<Type<unknown>>; titleKey: MessageKey }> = {
  services: { load: () => import('../services/services-page').then((m) => m.ServicesPage), titleKey: 'services.title' },
  groups: { load: () => import('../groups/groups-page').then((m) => m.GroupsPage), titleKey: 'groups.title' },
  agents: { load: () => import('../agents/agents-page').then((m) => m.AgentsPage), titleKey: 'agents.title' },
  // One service's or group's day (its ECharts load with its first chart).
  today: { load: () => import('../today/today-page').then((m) => m.TodayPage), titleKey: 'today.title' },
};
const IDLE_CURSOR_MS = 3_000;
const LOAD_OTHER_PAGES_MS = 15_000;
const BURN_IN_MS = 5 * 60_000;
/** How long the setup hint (a link not read, or the sound blocked) shows, once, in the bar's corner, after the first slide. */
export const SETUP_HINT_MS = 12_000;
export const KIOSK_CLASS = 'kiosk';

interface SetupHint {
  icon: string;
  messageKey: MessageKey;
  testId: string;
}
const SETUP_HINTS = {
  link: { icon: 'link_off', messageKey: 'kiosk.linkProblem', testId: 'link-problem' },
  sound: { icon: 'volume_off', messageKey: 'kiosk.soundBlocked', testId: 'sound-blocked' },
} satisfies Record<string, SetupHint>;

type Phase = 'starting' | 'needs-link' | 'pairing' | 'rejected' | 'unreachable' | 'playing';

@Component({
  selector: 'app-kiosk-page',
  imports: [NgComponentOutlet, ConnectionBadge],
  providers: [KioskAlerts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-page.html',
  styleUrl: './kiosk-page.scss',
  host: {
    '[class.idle]': 'idle()',
    '[attr.data-phase]': 'phase()',
    '[attr.data-slide]': 'slideKey()',
    '[attr.data-alerts]': 'alerts.sounded()',
    '[attr.data-warning-alerts]': 'alerts.warningsSounded()',
    '[attr.data-corrections]': 'corrections()',
    '[style.transform]': '"translate(" + offset().x + "px, " + offset().y + "px)"',
    '(document:mousemove)': 'wake()',
    '(document:keydown)': 'wake(); alerts.unlock(); stepByKey($event)',
    '(document:click)': 'alerts.unlock()',
  },
})
export class KioskPage {
  protected readonly i18n = inject(I18n);
  protected readonly connection = inject(RtdConnection);
  protected readonly alerts = inject(KioskAlerts);
  private readonly store = inject(BoardStore);
  private readonly session = inject(Session);
  private readonly credentials = inject(KioskCredentials);
  private readonly quietReload = inject(QuietReload);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly clock = inject(Clock);
  private readonly destroyRef = inject(DestroyRef);

  /** `/kiosk/<board>`: that board's pages only. */
  readonly board = input<string | undefined>(undefined);

  /** Set once the display has shown its board: later session renewals keep it on screen (the badge tells). */
  private readonly played = signal(false);
  /** The first login attempt is over; still not logged in means the server is not answering. */
  private readonly attempted = signal(false);
  /** A TV without a kiosk link, paired (or pairing) with the wallboard server; loaded only then. */
  protected readonly display = signal<KioskDisplay | null>(null);
  protected readonly phase = computed<Phase>(() => {
    const display = this.display()?.mode();
    if (display === 'pairing') return 'pairing';
    if (display === 'probing') return 'starting';
    if (display === 'unreachable') return 'unreachable';
    if (this.session.kioskTokenRejected()) return 'rejected';
    if (this.played() || this.session.loggedIn()) return 'playing';
    if (display === 'playing') return this.attempted() ? 'playing' : 'starting';
    if (!this.credentials.token()) return 'needs-link';
    return this.attempted() ? 'unreachable' : 'starting';
  });
  private readonly linkConfig = signal(loadKioskConfig());
  /** A display plays its playlist's config; a kiosk link its own. */
  private readonly config = computed(() => {
    const display = this.display();
    if (!display) return this.linkConfig();
    return display.playback()?.playlist?.playlist ?? DEFAULT_KIOSK_CONFIG;
  });
  protected readonly linkProblem = signal<string | null>(null);
  protected readonly slides = computed(() => {
    const display = this.display();
    if (display) return display.slides();
    return playableSlides(
      this.config().slides,
      this.store.boards().map((b) => b.id),
      this.board() ?? null,
      (board) => boardSlides(board),
    );
  });
  private readonly position = signal<RotationPosition>({ slide: 0, page: 0 });
  private readonly paging = new SlidePaging();
  protected readonly slide = computed(() => this.slides()[this.position().slide % Math.max(1, this.slides().length)] ?? null);
  protected readonly slideKey = computed(() => {
    const slide = this.slide();
    return slide ? `${slide.board}/${slide.page}${slide.today ? `:${slide.today.kind}:${slide.today.code}:${slide.today.channel}` : ''}/${this.position().page}` : '';
  });
  protected readonly slideIndex = computed(() => this.position().slide % Math.max(1, this.slides().length));
  /** Where in the slide's screenfuls the TV is (the dots say which slide). */
  protected readonly screenful = computed(() => ({ index: Math.min(this.position().page, this.paging.pageCount() - 1), count: this.paging.pageCount() }));
  /** For screen readers: "Slide 1 of 3, screen 2 of 5". */
  protected readonly positionLabel = computed(() => {
    const slide = this.i18n.t('kiosk.slideOf', { slide: this.slideIndex() + 1, count: this.slides().length });
    const { index, count } = this.screenful();
    return count > 1 ? `${slide}, ${this.i18n.t('kiosk.screenfulOf', { screenful: index + 1, count })}` : slide;
  });
  /** The setup hint's time is running (once, after the first slide appears). */
  private readonly setupHintTime = signal(false);
  /** What the person setting up needs to hear, during that time: a link that was not read first, then blocked sound. */
  protected readonly setupHint = computed<SetupHint | null>(() => {
    if (!this.setupHintTime()) return null;
    if (this.linkProblem()) return SETUP_HINTS.link;
    return this.alerts.blocked() && !this.alerts.muted() ? SETUP_HINTS.sound : null;
  });
  protected readonly boardName = computed(() => this.store.boards().find((b) => b.id === this.slide()?.board)?.name ?? '');
  protected readonly pageTitle = computed(() => {
    const slide = this.slide();
    return slide ? this.i18n.t(PAGES[slide.page].titleKey) : '';
  });
  protected readonly time = computed(() => this.i18n.time(this.clock.now()));
  protected readonly idle = signal(false);
  /** Differences the periodic reconciliation found between the live data and a fresh snapshot: should stay 0. */
  protected readonly corrections = inject(RtdLive).corrections;
  private readonly freshness = inject(Freshness);
  private readonly api = inject(WallboardApi);
  private readonly push = inject(WallboardPush);
  private readonly slideContainer = viewChild<ElementRef<HTMLElement>>('slideContainer');
  protected readonly offset = signal({ x: 0, y: 0 });

  /** The page component of the slide on screen, in an injector that names its board (and its paging). */
  protected readonly outlet = computed(() => {
    const slide = this.slide();
    if (!slide || this.phase() !== 'playing') return null;
    const component = this.slideComponent();
    if (!component) return null;
    const board = signal(slide.board);
    const injector = Injector.create({
      parent: this.injector,
      providers: [
        { provide: BOARD_ON_SCREEN, useValue: board.asReadonly() },
        { provide: SlidePaging, useValue: this.paging },
        { provide: STALE_AFTER_SECONDS, useValue: this.config().staleSeconds },
        // Nobody hovers a TV: no tooltips, nor their code.
        { provide: FIGURE_TOOLTIPS, useValue: false },
        { provide: CRITICAL_TILES, useValue: (source: string, ids: readonly string[]) => this.alerts.report(`${slide.board}/${source}`, ids) },
        { provide: WARNED_TILES, useValue: (source: string, ids: readonly string[]) => this.alerts.reportWarnings(`${slide.board}/${source}`, ids) },
        { provide: TODAY_ON_SCREEN, useValue: signal(slide.today ?? null).asReadonly() },
      ],
    });
    return { component, injector, key: `${slide.board}/${slide.page}` };
  });

  /** The pages loaded so far (PAGES). */
  private readonly pages = signal<Partial<Record<KioskPageName, Type<unknown>>>>({});
  /** The slide's page once loaded: unchanged when another page loads, so the slide on screen is not made again. */
  private readonly slideComponent = computed(() => {
    const slide = this.slide();
    return (slide && this.pages()[slide.page]) ?? null;
  });
  private readonly loading = new Map<KioskPageName, Promise<void>>();

  /** Loads a page once; a load that failed (the network was down) is tried again next time. */
  private loadPage(page: KioskPageName): Promise<void> {
    let loading = this.loading.get(page);
    if (!loading) {
      loading = PAGES[page].load().then(
        (component) => this.pages.update((pages) => ({ ...pages, [page]: component })),
        () => void this.loading.delete(page),
      );
      this.loading.set(page, loading);
    }
    return loading;
  }

  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private stepTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const theme = inject(Theme);
    theme.impose('dark');
    this.document.documentElement.classList.add(KIOSK_CLASS);
    // The slide's page first, while the kiosk logs in (the link says which it is), so that its lists can start
    // as soon as the session is there; the other pages a little later, so they neither delay the first numbers
    // nor make a later slide wait for the network.
    effect(() => {
      const slide = this.slide();
      if (!slide) return;
      untracked(() => void this.loadPage(slide.page));
    });
    // The board pages, and a today view only when the playlist has one (its chunk is of no use otherwise).
    const loadOthers = setTimeout(() => new Set<KioskPageName>([...KIOSK_PAGES, ...this.slides().map((slide) => slide.page)]).forEach((page) => void this.loadPage(page)), LOAD_OTHER_PAGES_MS);
    inject(DestroyRef).onDestroy(() => clearTimeout(loadOthers));
    // Optional safety valve: a reload at the configured hour, at a quiet moment.
    const daily = setInterval(() => {
      const hour = this.config().dailyReloadHour;
      if (hour !== null && new Date().getHours() === hour && performance.now() > 3_600_000) this.quietReload.requestReload('daily reload');
    }, 60_000);
    const burnIn = setInterval(() => this.offset.set(this.config().burnIn ? burnInOffset(Math.random) : { x: 0, y: 0 }), BURN_IN_MS);
    inject(DestroyRef).onDestroy(() => {
      theme.impose(null);
      this.document.documentElement.classList.remove(KIOSK_CLASS);
      clearInterval(burnIn);
      clearTimeout(this.idleTimer);
      clearTimeout(this.stepTimer);
      clearInterval(daily);
    });
    this.alerts.enabled = this.config().sound;
    this.wake();

    let playedSlides = '';
    // A display's playlist as the server sends it: its boards join the store (the slides read them there), its
    // sound choice applies, and a rotation past the new end starts again from the first slide.
    effect(() => {
      const playback = this.display()?.playback();
      if (!playback) return;
      untracked(() => {
        this.store.adopt(playback.boards);
        this.alerts.enabled = this.config().sound;
        const slides = JSON.stringify(this.slides());
        if (slides !== playedSlides || this.position().slide >= this.slides().length) this.go({ slide: 0, page: 0 });
        playedSlides = slides;
      });
    });

    // A long slide pages by screenful, measured against the element the slide is drawn in (screenful.ts).
    effect(() => this.paging.frame.set(this.slideContainer()?.nativeElement ?? null));

    // Each slide (and each screenful of a paged slide) shows for its time, then the next. Timed per slide, a
    // screenful's share changes when the slide learns how many it has: the wait is counted from the step's start.
    let stepStarted = 0;
    let stepOf: RotationPosition | null = null;
    effect(() => {
      const slide = this.slide();
      const position = this.position();
      const pageCount = this.paging.pageCount();
      if (!slide || this.phase() !== 'playing') return;
      untracked(() => {
        if (stepOf !== position) {
          stepOf = position;
          stepStarted = performance.now();
        }
        const wait = screenfulSeconds(slide.seconds, this.config().secondsPer, pageCount) * 1000 - (performance.now() - stepStarted);
        clearTimeout(this.stepTimer);
        this.stepTimer = setTimeout(() => this.go(nextPosition(position, this.slides().length, this.paging.pageCount())), Math.max(0, wait));
      });
    });

    // Once, as the first slide appears: if the browser blocks sound, the person setting up the TV is told, in
    // the bar's corner for a few seconds (never over the tiles, never again on later slides).
    let hinted = false;
    effect(() => {
      if (hinted || !this.outlet()) return;
      hinted = true;
      untracked(() => {
        void this.alerts.probe();
        this.setupHintTime.set(true);
        const hide = setTimeout(() => this.setupHintTime.set(false), SETUP_HINT_MS);
        this.destroyRef.onDestroy(() => clearTimeout(hide));
      });
    });

    // Once logged in: a first board if the link brought none, and from then on the display stays on its board.
    effect(() => {
      if (!this.session.loggedIn()) return;
      untracked(() => {
        // A display plays what its server sends, nothing made up here.
        if (!this.display()) void this.store.ensureStartingBoard().catch(() => undefined);
        this.played.set(true);
      });
    });
    // A new RTD Server version: reload at a quiet moment, so the app asks for what the new server has.
    effect(() => {
      const upgraded = this.connection.serverUpgraded();
      if (upgraded) untracked(() => this.quietReload.requestReload(`RTD Server ${upgraded.from} → ${upgraded.to}`));
    });
    void this.provision();
  }

  protected wake(): void {
    this.idle.set(false);
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.idle.set(true), IDLE_CURSOR_MS);
  }

  /** Shows a step of the rotation now; its time starts again from there. */
  private go(next: RotationPosition): void {
    // A new slide starts unpaged; its page says how many screenfuls it has.
    if (next.slide !== this.position().slide) this.paging.pageCount.set(1);
    this.paging.page.set(next.page);
    this.position.set(next);
  }

  /**
   * The person setting up the TV checks every screenful without waiting: → or Page Down the next step, ← or Page
   * Up the one before, Home and End a slide's first and last screenful. Keys a focused control uses are left alone.
   */
  protected stepByKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || this.phase() !== 'playing') return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable], [role="grid"], [role="listbox"], [role="slider"]')) return;
    const position = this.position();
    const count = this.slides().length;
    const pages = this.paging.pageCount();
    const steps: Record<string, () => RotationPosition> = {
      ArrowRight: () => nextPosition(position, count, pages),
      PageDown: () => nextPosition(position, count, pages),
      ArrowLeft: () => previousPosition(position, count),
      PageUp: () => previousPosition(position, count),
      Home: () => ({ slide: position.slide, page: 0 }),
      End: () => ({ slide: position.slide, page: Math.max(0, pages - 1) }),
    };
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    this.go(step());
  }

  protected toggleMute(): void {
    this.alerts.setMuted(!this.alerts.muted());
  }

  /** Takes the token and boards from the link (then removes them from the address bar and history), logs in. */
  private async provision(): Promise<void> {
    const fragment = readKioskFragment(this.document.location.hash);
    if (this.document.location.hash) {
      // Replace, not push: the entry with the token in it leaves the history too.
      this.document.defaultView?.history.replaceState(null, '', this.document.location.pathname + this.document.location.search);
    }
    if (fragment.problem) this.linkProblem.set(fragment.problem);
    if (fragment.bundle) {
      this.store.adopt(fragment.bundle.boards);
      saveKioskConfig(fragment.bundle.config);
      this.linkConfig.set(fragment.bundle.config);
      this.alerts.enabled = fragment.bundle.config.sound;
    }
    // The session renews itself from here on (expiry, refused socket, rejected token retried every minute).
    if (fragment.token) await this.session.loginAsKiosk(fragment.token);
    else if (this.credentials.token()) await this.session.restore();
    else await this.startDisplay();
    this.attempted.set(true);
  }

  /** No link and no token: a display of the wallboard server, if there is one (else the link is still the way). */
  private async startDisplay(): Promise<void> {
    const { KioskDisplay } = await import('./kiosk-display');
    const display = new KioskDisplay({
      api: this.api,
      session: this.session,
      i18n: this.i18n,
      push: this.push,
      document: this.document,
      contract: { heartbeatSeconds: DISPLAY_HEARTBEAT_SECONDS, slideMax: STATUS_SLIDE_MAX, errorMax: STATUS_ERROR_MAX, formatCode: formatPairingCode },
    });
    this.destroyRef.onDestroy(() => display.stop());
    display.screen = () => ({ playing: this.phase() === 'playing', board: this.boardName(), page: this.pageTitle(), screenful: this.screenful(), dataAsOf: this.freshness.view().asOf });
    this.display.set(display);
    await display.start();
  }
}
