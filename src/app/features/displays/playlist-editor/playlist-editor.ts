/**
 * Edits one playlist of the wallboard server: its name, the board pages it plays and for how long, and the TV
 * options a kiosk link has (seconds per screen or page, stale threshold, daily reload, sound, burn-in). The same
 * choices as the kiosk link editor, saved on the server for every display that plays it.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { PLAYLIST_NAME_MAX, SLIDE_SECONDS_MAX, SLIDE_SECONDS_MIN, type StoredPlaylist } from '../../../../../contract/playlist-format';
import { I18n, type MessageKey, type MessageParams } from '../../../i18n/i18n';
import { ApiFailure } from '../../../wallboard-server/wallboard-api';
import { boardId } from '../../boards/board';
import { DisplaysDesk } from '../displays-desk';
import { DEFAULT_KIOSK_CONFIG, DEFAULT_SLIDE_SECONDS, KIOSK_PAGES, type KioskConfig, type KioskPage, SECONDS_PER, type SecondsPer, todayChoiceKey, todaySlides } from '../../kiosk/kiosk-config';
import { TodayChoice } from '../../kiosk/today-choice/today-choice';
import type { BoardDefinition } from '../../boards/board';
import { MIN_SCREENFUL_SECONDS, screenfulSeconds } from '../../kiosk/kiosk-rotation';
import { DISPLAYS_MESSAGES, type DisplaysMessageKey } from '../displays-messages';

const PAGE_LABELS: Record<KioskPage, MessageKey> = { services: 'nav.services', groups: 'nav.groups', agents: 'nav.agents' };
/** Each way of counting a page's seconds, and what it means for a page taller than the TV (as the kiosk link editor says it). */
const SECONDS_PER_TEXT: Record<SecondsPer, { label: MessageKey; meaning: MessageKey }> = {
  screenful: { label: 'kioskLink.perScreenful', meaning: 'kioskLink.perScreenfulMeaning' },
  slide: { label: 'kioskLink.perSlide', meaning: 'kioskLink.perSlideMeaning' },
};

@Component({
  selector: 'app-playlist-editor',
  imports: [MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, TodayChoice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './playlist-editor.html',
  styleUrl: './playlist-editor.scss',
})
export class PlaylistEditor {
  protected readonly i18n = inject(I18n);
  private readonly desk = inject(DisplaysDesk);
  /** The playlist to edit; null for a new one. */
  readonly playlist = input<StoredPlaylist | null>(null);
  /** The team's boards (BoardStore): what a playlist can show. */
  readonly boards = input.required<readonly Pick<BoardDefinition, 'id' | 'name' | 'services' | 'groups'>[]>();
  readonly closed = output<StoredPlaylist | null>();

  protected readonly pages = KIOSK_PAGES;
  protected readonly pageLabels = PAGE_LABELS;
  protected readonly secondsPerChoices = SECONDS_PER;
  protected readonly secondsPerText = SECONDS_PER_TEXT;
  /** The words' example at the seconds typed: a page of 3 screens per screen, of 4 screens per page. */
  protected readonly secondsPerExample = computed(() => {
    const seconds = this.seconds();
    return { seconds, total: seconds * 3, share: Math.round(screenfulSeconds(seconds, 'slide', 4) * 10) / 10, min: Math.min(MIN_SCREENFUL_SECONDS, seconds) };
  });
  protected readonly hours = Array.from({ length: 24 }, (_, hour) => hour);
  protected readonly nameMax = PLAYLIST_NAME_MAX;

  private readonly config = computed<KioskConfig>(() => this.playlist()?.playlist ?? DEFAULT_KIOSK_CONFIG);
  protected readonly name = linkedSignal(() => this.playlist()?.name ?? '');
  protected readonly selected = linkedSignal(() => new Set(this.config().slides.map((slide) => `${slide.board}/${slide.page}`)));
  /** The today slides chosen, as todayChoiceKey ("board|kind|channel|code"). */
  protected readonly todayChosen = linkedSignal<ReadonlySet<string>>(
    () => new Set(this.config().slides.flatMap((slide) => (slide.page === 'today' && slide.today ? [todayChoiceKey(slide.board, slide.today)] : []))),
  );
  protected readonly seconds = linkedSignal(() => this.config().slides[0]?.seconds ?? DEFAULT_SLIDE_SECONDS);
  protected readonly secondsPer = linkedSignal(() => this.config().secondsPer);
  protected readonly staleSeconds = linkedSignal(() => this.config().staleSeconds);
  protected readonly reloadHour = linkedSignal(() => (this.config().dailyReloadHour === null ? '' : String(this.config().dailyReloadHour)));
  protected readonly sound = linkedSignal(() => this.config().sound);
  protected readonly burnIn = linkedSignal(() => this.config().burnIn);
  /** The version this edit started from; after a conflict, the one now stored (saving again overwrites it). */
  private readonly baseVersion = linkedSignal(() => this.playlist()?.version ?? null);

  protected readonly saving = signal(false);
  protected readonly problem = signal<string | null>(null);

  /** Slides in the order of the boards, then pages, as the kiosk link editor makes them. */
  protected readonly slides = computed(() =>
    this.boards().flatMap((board) => [
      ...KIOSK_PAGES.filter((page) => this.selected().has(`${board.id}/${page}`)).map((page) => ({ board: board.id, page, seconds: this.seconds() })),
      ...todaySlides(board, this.todayChosen(), this.seconds()),
    ]),
  );
  /** Why the playlist cannot be saved yet, in words; null when it can. */
  protected readonly invalid = computed<string | null>(() => {
    if (!this.name().trim()) return this.t('playlists.nameMissing');
    const seconds = this.seconds();
    if (!Number.isFinite(seconds) || seconds < SLIDE_SECONDS_MIN || seconds > SLIDE_SECONDS_MAX) return this.i18n.t('kioskLink.secondsRange');
    const stale = this.staleSeconds();
    if (!Number.isFinite(stale) || stale < 3 || stale > 600) return this.i18n.t('kioskLink.staleRange');
    return null;
  });

  protected t(key: DisplaysMessageKey, params?: MessageParams): string {
    return this.i18n.tFrom(DISPLAYS_MESSAGES, key, params);
  }

  protected toggle(board: string, page: KioskPage, on: boolean): void {
    const next = new Set(this.selected());
    if (on) next.add(`${board}/${page}`);
    else next.delete(`${board}/${page}`);
    this.selected.set(next);
  }

  protected async save(): Promise<void> {
    if (this.invalid() || this.saving()) return;
    const hour = this.reloadHour();
    const playlist: KioskConfig = {
      slides: this.slides(),
      secondsPer: this.secondsPer(),
      sound: this.sound(),
      burnIn: this.burnIn(),
      staleSeconds: this.staleSeconds(),
      dailyReloadHour: hour === '' ? null : Number(hour),
    };
    const id = this.playlist()?.id ?? boardId(this.name(), new Set(this.desk.playlists().map((p) => p.id)));
    this.saving.set(true);
    this.problem.set(null);
    try {
      this.closed.emit(await this.desk.savePlaylist(id, this.name(), playlist, this.baseVersion()));
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : null;
      const current = failure?.details['current'] as StoredPlaylist | undefined;
      if (failure?.code === 'VERSION_CONFLICT' && current) {
        // Nothing typed is lost: the next save replaces what the other supervisor saved.
        this.baseVersion.set(current.version);
        this.problem.set(this.t('playlists.conflict', { name: current.updatedBy }));
      } else {
        this.problem.set(failure?.field ? `${failure.message} (${failure.field})` : ((error as Error).message ?? String(error)));
      }
    } finally {
      this.saving.set(false);
    }
  }
}
