/**
 * Makes a kiosk link for a TV: the wallboard account's access token, which board pages to play and for how long,
 * sound and burn-in protection. The token and the boards travel in the link's fragment, never to a server log.
 */
import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { I18n, type MessageKey } from '../../../i18n/i18n';
import { BoardStore } from '../../boards/board-store';
import { DEFAULT_KIOSK_CONFIG, DEFAULT_SLIDE_SECONDS, KIOSK_PAGES, type KioskPage, type KioskSlide, SECONDS_PER, type SecondsPer, kioskLink, todaySlides } from '../kiosk-config';
import { TodayChoice } from '../today-choice/today-choice';
import { MIN_SCREENFUL_SECONDS, screenfulSeconds } from '../kiosk-rotation';

const PAGE_LABELS: Record<KioskPage, MessageKey> = { services: 'nav.services', groups: 'nav.groups', agents: 'nav.agents' };
/** Each way of counting a page's seconds, and what it means for a page taller than the TV, in words. */
const SECONDS_PER_TEXT: Record<SecondsPer, { label: MessageKey; meaning: MessageKey }> = {
  screenful: { label: 'kioskLink.perScreenful', meaning: 'kioskLink.perScreenfulMeaning' },
  slide: { label: 'kioskLink.perSlide', meaning: 'kioskLink.perSlideMeaning' },
};

@Component({
  selector: 'app-kiosk-link-editor',
  imports: [MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, TodayChoice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-link-editor.html',
  styleUrl: './kiosk-link-editor.scss',
})
export class KioskLinkEditor {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  private readonly document = inject(DOCUMENT);
  protected readonly pages = KIOSK_PAGES;
  protected readonly pageLabels = PAGE_LABELS;

  protected readonly token = signal('');
  protected readonly seconds = signal(DEFAULT_SLIDE_SECONDS);
  protected readonly secondsPerChoices = SECONDS_PER;
  protected readonly secondsPerText = SECONDS_PER_TEXT;
  protected readonly secondsPer = signal<SecondsPer>(DEFAULT_KIOSK_CONFIG.secondsPer);
  protected readonly sound = signal(DEFAULT_KIOSK_CONFIG.sound);
  protected readonly burnIn = signal(DEFAULT_KIOSK_CONFIG.burnIn);
  protected readonly staleSeconds = signal(DEFAULT_KIOSK_CONFIG.staleSeconds);
  /** The daily reload hour as typed: empty for none. */
  protected readonly reloadHour = signal('');
  protected readonly hours = Array.from({ length: 24 }, (_, hour) => hour);
  /** "board/page" of the slides chosen; by default every board's services page. */
  private readonly chosen = signal<ReadonlySet<string> | null>(null);
  protected readonly copied = signal(false);
  /** The today slides chosen, as todayChoiceKey ("board|kind|channel|code"); none by default. */
  protected readonly todayChosen = signal<ReadonlySet<string>>(new Set());

  protected readonly selected = computed(() => this.chosen() ?? new Set(this.store.boards().map((board) => `${board.id}/services`)));
  protected readonly slides = computed<KioskSlide[]>(() =>
    this.store
      .boards()
      .flatMap((board) => [
        ...KIOSK_PAGES.filter((page) => this.selected().has(`${board.id}/${page}`)).map((page) => ({ board: board.id, page, seconds: this.seconds() })),
        ...todaySlides(board, this.todayChosen(), this.seconds()),
      ]),
  );
  /** The words' example at the seconds typed: a page of 3 screens per screen, of 4 screens per page. */
  protected readonly secondsPerExample = computed(() => {
    const seconds = this.seconds();
    return { seconds, total: seconds * 3, share: Math.round(screenfulSeconds(seconds, 'slide', 4) * 10) / 10, min: Math.min(MIN_SCREENFUL_SECONDS, seconds) };
  });
  protected readonly secondsValid = computed(() => Number.isFinite(this.seconds()) && this.seconds() >= 3 && this.seconds() <= 3600);
  protected readonly staleValid = computed(() => Number.isFinite(this.staleSeconds()) && this.staleSeconds() >= 3 && this.staleSeconds() <= 600);
  protected readonly link = computed(() => {
    const token = this.token().trim();
    const slides = this.slides();
    if (!token || !slides.length || !this.secondsValid() || !this.staleValid()) return null;
    const boards = this.store.boards().filter((board) => slides.some((slide) => slide.board === board.id));
    const hour = this.reloadHour();
    const config = {
      ...DEFAULT_KIOSK_CONFIG,
      slides,
      secondsPer: this.secondsPer(),
      sound: this.sound(),
      burnIn: this.burnIn(),
      staleSeconds: this.staleSeconds(),
      dailyReloadHour: hour === '' ? null : Number(hour),
    };
    return kioskLink(this.document.location.origin, token, { config, boards });
  });

  protected toggle(board: string, page: KioskPage, on: boolean): void {
    const next = new Set(this.selected());
    if (on) next.add(`${board}/${page}`);
    else next.delete(`${board}/${page}`);
    this.chosen.set(next);
  }

  protected async copy(): Promise<void> {
    const link = this.link();
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      this.copied.set(true);
    } catch {
      this.copied.set(false);
    }
  }
}
