/**
 * One service's or group's day: per 15-minute interval since midnight, its service level, abandon rate and calls
 * received, with the same weekday of last week beside them, and its live figures in the header. In the browser at
 * /today/<kind>/<code>/<channel>?board=…, reached from a tile's "Today" link; on a kiosk as a "today" slide. The
 * intervals come from the wallboard server's recorder (HistoryFeed); without it the view says so in words and
 * draws no chart.
 */
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  EnvironmentInjector,
  computed,
  createEnvironmentInjector,
  effect,
  inject,
  input,
  runInInjectionContext,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { HistoryInterval } from '../../../../contract/history-format';
import type { TodaySubject } from '../../../../contract/playlist-format';
import { HistoryFeed } from '../../history/history-feed';
import { I18n, type MessageParams } from '../../i18n/i18n';
import { ServerSession } from '../../wallboard-server/server-session';
import { RtdConnection } from '../../rtd/connection';
import type { GroupStatFilter, ServiceStatFilter } from '../../rtd/generated/graphql';
import { type LiveList, RtdLive } from '../../rtd/live-query';
import { SeriesChart } from '../../shared/charts/series-chart';
import { KpiValue } from '../../shared/kpi-value/kpi-value';
import type { KpiView } from '../../shared/kpi';
import { staleness } from '../../shared/stale';
import { channelLabelKey } from '../../shared/channel';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds';
import { type BoardDefinition, groupStatFilter, noCodes, sameFilter, serviceStatFilter } from '../boards/board';
import { BOARD_ON_SCREEN, SlidePaging, TODAY_ON_SCREEN } from '../boards/board-on-screen';
import { BoardStore } from '../boards/board-store';
import { TODAY_MESSAGES, type TodayMessageKey } from './today-messages';
import { type LiveStat, TODAY_FIGURES, type TodayFigure, type TodayWords, liveFigures, localDay, sameDayLastWeek, todayChart, todayModel } from './today-view';

/** The intervals are read again this often: the interval in progress fills minute by minute. */
const RELOAD_MS = 60_000;
const KINDS = ['service', 'group'] as const;
const CHANNELS = ['CALL', 'VIDEO', 'CHAT'] as const;

type Intervals = { today: HistoryInterval[]; lastWeek: HistoryInterval[]; reason: string | null };
/** loading: first answer pending; none: no history here at all; unreachable: the server did not answer. */
type Loaded = { state: 'loading' } | { state: 'none' } | { state: 'unreachable'; kept: Intervals | null } | { state: 'ready'; intervals: Intervals };

/** The subject a URL names, or null when it names none. */
function subjectOf(kind: string | undefined, code: string | undefined, channel: string | undefined): TodaySubject | null {
  if (!code || !(KINDS as readonly (string | undefined)[]).includes(kind) || !(CHANNELS as readonly (string | undefined)[]).includes(channel)) return null;
  return { kind: kind as TodaySubject['kind'], code, channel: channel as TodaySubject['channel'] };
}

/** A board narrowed to one service or group on one channel: its filter asks the server for that stat alone. */
function narrowed(board: BoardDefinition, subject: TodaySubject): BoardDefinition {
  const codes = { ...noCodes(), [subject.channel]: [subject.code] };
  return subject.kind === 'service' ? { ...board, services: codes, groups: noCodes() } : { ...board, services: noCodes(), groups: codes };
}

@Component({
  selector: 'app-today-page',
  imports: [KpiValue, RouterLink, SeriesChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './today-page.html',
  styleUrl: './today-page.scss',
  host: { '[class.on-kiosk]': 'onKiosk', '[attr.data-today]': 'subjectKey()', '[attr.data-state]': 'loaded().state' },
})
export class TodayPage {
  protected readonly i18n = inject(I18n);
  private readonly rtd = inject(RtdLive);
  private readonly connection = inject(RtdConnection);
  protected readonly history = inject(HistoryFeed);
  private readonly server = inject(ServerSession);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly onScreen = inject(TODAY_ON_SCREEN, { optional: true });
  /** On a TV: one screen, read from across the room, no links. */
  protected readonly onKiosk = inject(SlidePaging, { optional: true }) !== null;

  /** The route's parameters (/today/:kind/:code/:channel). */
  readonly kind = input<string>();
  readonly code = input<string>();
  readonly channel = input<string>();

  protected readonly subject = computed(() => this.onScreen?.() ?? subjectOf(this.kind(), this.code(), this.channel()));
  protected readonly subjectKey = computed(() => {
    const subject = this.subject();
    return subject ? `${subject.kind}/${subject.code}/${subject.channel}` : null;
  });
  private readonly store = inject(BoardStore);
  private readonly boardOnScreen = inject(BOARD_ON_SCREEN, { optional: true });
  /** The board whose settings the live figures follow: a kiosk slide's, else the one the URL names (or the last one used). */
  protected readonly board = computed(() => {
    const onScreen = this.boardOnScreen?.();
    return onScreen ? (this.store.boards().find((board) => board.id === onScreen) ?? null) : this.store.active();
  });
  protected readonly name = computed(() => {
    const subject = this.subject();
    // As the tile's own name reads ("Service sales, Calls").
    return subject ? this.i18n.t(subject.kind === 'service' ? 'services.tileLabel' : 'groups.tileLabel', { code: subject.code, channel: this.i18n.t(channelLabelKey(subject.channel)) }) : '';
  });
  protected readonly boardLink = computed(() => (this.subject()?.kind === 'group' ? '/groups' : '/services'));

  private readonly settings = computed<TileSettings>(() => {
    const board = this.board();
    return {
      customStatKeys: [],
      serviceLevel: board?.serviceLevel ?? 'answered',
      thresholds: board?.thresholds ?? DEFAULT_THRESHOLDS,
      hasField: (type, field) => this.connection.hasField(type, field),
    };
  });
  /** The subject's live stat asked for with the board's site and sl1 setting (no site without a board). */
  private readonly liveFilter = computed<ServiceStatFilter | GroupStatFilter | null>(
    () => {
      const subject = this.subject();
      if (!subject) return null;
      const board = this.board();
      if (subject.kind === 'service') return board ? serviceStatFilter(narrowed(board, subject)) : { [subject.channel]: { services: [subject.code] } };
      return board ? groupStatFilter(narrowed(board, subject), this.connection.hasField('GroupChannelStatFilter', 'userSite')) : { [subject.channel]: { groups: [subject.code] } };
    },
    { equal: sameFilter },
  );
  private readonly list = signal<LiveList<LiveStat> | null>(null);
  protected readonly liveStatus = computed(() => this.list()?.status() ?? 'loading');
  protected readonly stale = staleness({
    status: this.liveStatus,
    updatedAt: computed(() => this.list()?.updatedAt() ?? null),
    snapshotAt: computed(() => this.list()?.snapshotAt?.() ?? null),
  });
  /** The live figures, worked out as on the tile (contract formulas, the board's thresholds and sl1 setting). */
  protected readonly figures = computed<KpiView[]>(() => {
    const subject = this.subject();
    const stat = subject
      ? this.list()
          ?.items()
          .find((entry) => entry?.code === subject.code && entry.channel === subject.channel)
      : null;
    return liveFigures(stat ?? null, this.settings());
  });

  private readonly loadedSignal = signal<Loaded>({ state: 'loading' });
  protected readonly loaded = this.loadedSignal.asReadonly();
  /** The clock the model is drawn at: moves when the intervals are read again. */
  private readonly drawnAt = signal(Date.now());
  private readonly intervals = computed(() => {
    const loaded = this.loaded();
    return loaded.state === 'ready' ? loaded.intervals : loaded.state === 'unreachable' ? loaded.kept : null;
  });
  protected readonly model = computed(() => {
    const intervals = this.intervals();
    const now = this.drawnAt();
    return intervals ? todayModel(intervals.today, intervals.lastWeek, localDay(now), now) : null;
  });
  /** Why there is no history, in words: none recorded yet today, or no recorder here; and why, when the recorder said. */
  protected readonly noHistory = computed<{ text: string; why: string | null } | null>(() => {
    const loaded = this.loaded();
    const kind = this.t(this.subject()?.kind === 'group' ? 'today.kind.group' : 'today.kind.service');
    if (loaded.state === 'none') return { text: this.t('today.noServer'), why: null };
    const intervals = this.intervals();
    if (!intervals || this.model()?.hasToday) return null;
    const reason = intervals.reason ?? this.history.reason();
    return { text: this.t('today.noHistory', { kind }), why: reason ? this.t('today.why', { reason }) : null };
  });
  private readonly weekday = computed(() => new Intl.DateTimeFormat(this.i18n.locale(), { weekday: 'long' }).format(sameDayLastWeek(localDay(this.drawnAt())).from));
  private readonly words = computed<TodayWords>(() => {
    const weekday = this.weekday();
    return {
      title: { serviceLevel: this.t('today.serviceLevel'), abandonRate: this.t('today.abandonRate'), received: this.t('today.received') },
      today: this.t('today.today'),
      lastWeek: this.t('today.lastWeek', { weekday }),
      value: (figure, value) => (figure === 'received' ? this.i18n.count(value) : this.i18n.percent(value, 0)),
      partial: (value, minutes) => this.t('today.partial', { value, minutes }),
      noValue: this.t('today.noValue'),
      gap: this.t('today.gap'),
      threshold: (level, worseWhen, value) => this.t(`today.threshold.${level}.${worseWhen}`, { value }),
    };
  });
  /** The charts, and for a figure neither day has a value of, a sentence instead of an empty chart. */
  protected readonly charts = computed(() => {
    const model = this.model();
    if (!model?.hasToday) return [];
    const kind = this.t(this.subject()?.kind === 'group' ? 'today.kind.group' : 'today.kind.service');
    return TODAY_FIGURES.map((figure) => ({
      figure,
      view: todayChart(model, figure, this.words(), this.settings().thresholds),
      missing: this.t('today.noFigure', { figure: this.t(`today.figure.${figure}` as TodayMessageKey), kind, weekday: this.weekday() }),
    }));
  });

  private readonly probe = viewChild<ElementRef<HTMLElement>>('textProbe');
  /** The canvas's text size: on a TV the kiosk's minimum text or more (measured, it follows the screen). */
  protected readonly textPx = signal(13);

  constructor() {
    // One live list per filter (the filter changes with the board: its site, its sl1 setting), closed with the view.
    const parent = inject(EnvironmentInjector);
    effect((onCleanup) => {
      const filter = this.liveFilter();
      const kind = this.subject()?.kind;
      if (!filter || !kind) return;
      untracked(() => {
        const scope = createEnvironmentInjector([], parent);
        this.list.set(runInInjectionContext(scope, () => (kind === 'group' ? this.rtd.groupStats(filter as GroupStatFilter) : this.rtd.serviceStats(filter as ServiceStatFilter))));
        onCleanup(() => scope.destroy());
      });
    });
    let timer: ReturnType<typeof setInterval> | undefined;
    let generation = 0;
    const load = async () => {
      const subject = untracked(() => this.subject());
      const state = untracked(() => this.history.state());
      const mine = ++generation;
      if (!subject) return;
      // Nobody to ask yet: wait for the session with the wallboard server, unless it is known there is none to have.
      if (state === 'off') {
        const server = untracked(() => this.server.state());
        if (server === 'unreachable') this.loadedSignal.set({ state: 'unreachable', kept: null });
        else if (server === 'signedOut' || server === 'absent') this.loadedSignal.set({ state: 'none' });
        return;
      }
      if (state === 'absent') return this.loadedSignal.set({ state: 'none' });
      const now = Date.now();
      const day = localDay(now);
      const lastWeek = sameDayLastWeek(day);
      try {
        const [today, before] = await Promise.all([
          this.history.intervals(subject.kind, subject.code, subject.channel, day.from, day.to),
          this.history.intervals(subject.kind, subject.code, subject.channel, lastWeek.from, lastWeek.to),
        ]);
        if (mine !== generation) return;
        this.drawnAt.set(now);
        if (!today || !before) this.loadedSignal.set({ state: 'none' });
        else this.loadedSignal.set({ state: 'ready', intervals: { today: today.intervals, lastWeek: before.intervals, reason: today.recorder.recording ? null : today.recorder.reason } });
      } catch {
        if (mine !== generation) return;
        this.loadedSignal.set({ state: 'unreachable', kept: this.intervals() });
      }
    };
    // A new subject (a kiosk's next today slide) starts afresh; what the feed learns (a server, a recorder) loads
    // again; and each minute, the interval in progress.
    let shownKey: string | null = null;
    effect(() => {
      const key = this.subjectKey();
      this.history.state();
      untracked(() => {
        if (key !== shownKey) this.loadedSignal.set({ state: 'loading' });
        shownKey = key;
        clearInterval(timer);
        void load();
        timer = setInterval(() => void load(), RELOAD_MS);
      });
    });

    const measure = () => {
      const probe = this.probe()?.nativeElement;
      if (probe) this.textPx.set(Math.round(Number.parseFloat(getComputedStyle(probe).fontSize)) || 13);
    };
    effect(() => {
      if (this.probe()) untracked(measure);
    });
    const resized = new ResizeObserver(measure);
    resized.observe(this.host.nativeElement);
    inject(DestroyRef).onDestroy(() => {
      generation++;
      clearInterval(timer);
      resized.disconnect();
    });
  }

  protected t(key: TodayMessageKey, params?: MessageParams): string {
    return this.i18n.tFrom(TODAY_MESSAGES, key, params);
  }

  protected chartName(figure: TodayFigure): string {
    return `today-${figure}`;
  }
}
