/**
 * The agents as a grid: status chips with counts and a search box above, sortable column headers, and rows
 * drawn by a CDK virtual scroll viewport (fixed row height) so thousands of agents scroll smoothly; on a kiosk,
 * the screenful on show instead, whole rows only. One row is in the tab order at a time; arrows move between rows,
 * Enter or Space opens the agent.
 */
import { SortedOrder } from '../../../shared/sorted-order';
import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Directive,
  ElementRef,
  Injector,
  afterNextRender,
  afterRenderEffect,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { I18n } from '../../../i18n/i18n';
import { Clock } from '../../../shared/clock';
import { StatusChip } from '../../../shared/status-chip/status-chip';
import {
  AGENT_COLUMNS,
  type AgentColumnId,
  type AgentSort,
  COARSE_STATUSES,
  COARSE_STATUS_LABELS,
  type CoarseStatus,
  DEFAULT_SORT,
  type StatusCounts,
  ariaSort,
  nextSort,
  visibleAgentRows,
} from '../agent-grid-view';
import { type AgentRowView, secondsInStatus } from '../agent-row-view';
import { SlidePaging } from '../../boards/board-on-screen';
import { rowsPerScreenful, screenfulCount, screenfulRange } from '../../boards/screenful';

/** Row height in rem (the CSS uses the same), so rows grow with a wall screen's larger root font. */
export const AGENT_ROW_REM = 3.25;

/** Agent rows drawn on a kiosk before the first measure, which runs before the browser paints (screenful-tiles.ts). */
const ROWS_BEFORE_MEASURING = 16;

/**
 * Agent rows a kiosk adds a frame while it draws a new screenful: the first drawing of a slide in steps (a few
 * frames), since at once it was a 200-350 ms task on a TV's processor (4x throttle), the screen frozen meanwhile.
 */
const ROWS_PER_FRAME = 6;

/** Types the agent row template's context (`let-row`, `let-i="index"`) for the template checker. */
@Directive({ selector: 'ng-template[appAgentRowTemplate]' })
export class AgentRowTemplate {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Angular reads the guard's signature; the parameter names the narrowed context.
  static ngTemplateContextGuard(_template: AgentRowTemplate, context: unknown): context is { $implicit: AgentRowView; index: number } {
    return true;
  }
}

/** The row height in px at the page's root font size: the virtual scroll viewport's item size. */
function rowHeightPx(): number {
  const rootPx = Number.parseFloat(globalThis.getComputedStyle?.(document.documentElement).fontSize ?? '') || 16;
  return Math.round(AGENT_ROW_REM * rootPx);
}

@Component({
  selector: 'app-agent-grid',
  imports: [AgentRowTemplate, NgTemplateOutlet, ScrollingModule, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agent-grid.html',
  styleUrl: './agent-grid.scss',
})
export class AgentGrid {
  protected readonly i18n = inject(I18n);
  private readonly clock = inject(Clock);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Every agent of the board, in any order. */
  readonly rows = input.required<readonly AgentRowView[]>();
  readonly counts = input.required<StatusCounts>();
  /** The user asked for an agent's details (click, Enter or Space on its row). */
  readonly openAgent = output<string>();

  protected readonly columns = AGENT_COLUMNS;
  /** The columns that each show one server number. */
  protected readonly figureColumns = AGENT_COLUMNS.filter((column) => column.figure);
  protected readonly coarseStatuses = COARSE_STATUSES;
  protected readonly coarseLabels = COARSE_STATUS_LABELS;
  protected readonly rowHeight = rowHeightPx();
  /** On a kiosk slide: one screenful of agents at a time, as the slide says; no scrolling. */
  protected readonly paging = inject(SlidePaging, { optional: true });
  /** Whole agent rows per screenful on a kiosk, measured from the layout. */
  private readonly perScreenful = signal(ROWS_BEFORE_MEASURING);
  private readonly screenfulRange = computed(() => screenfulRange(this.paging?.page() ?? 0, this.visible().length, this.perScreenful()));
  protected readonly screenfulStart = computed(() => this.screenfulRange().start);
  /** How many of the screenful's rows are drawn yet: it grows a few a frame after each new screenful. */
  private readonly drawnUpTo = signal(ROWS_PER_FRAME);
  /** The rows a kiosk draws: the screenful on show, the others not in the DOM. */
  protected readonly screenful = computed(() => {
    const { start, end } = this.screenfulRange();
    return this.visible().slice(start, Math.min(end, start + this.drawnUpTo()));
  });
  private readonly screenfulBody = viewChild<ElementRef<HTMLElement>>('screenfulBody');

  constructor() {
    const paging = this.paging;
    if (!paging) return;
    // Said again at every step: a slide that comes round again (a one-slide kiosk) keeps its count.
    effect(() => {
      paging.page();
      const count = screenfulCount(this.visible().length, this.perScreenful());
      untracked(() => paging.pageCount.set(count));
    });
    // As many whole rows as fit between the grid's top and the slide's bottom edge; again when a size changes.
    const resized = signal(0);
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => resized.update((n) => n + 1)) : null;
    observer?.observe(this.host.nativeElement);
    inject(DestroyRef).onDestroy(() => observer?.disconnect());
    // A new screenful (the next step) is drawn ROWS_PER_FRAME rows a frame; a change of figures draws nothing anew.
    let growing = 0;
    effect(() => {
      this.screenfulStart();
      untracked(() => {
        cancelAnimationFrame(growing);
        this.drawnUpTo.set(ROWS_PER_FRAME);
        const grow = () => {
          const { start, end } = this.screenfulRange();
          // The last step draws them all, and so does any later change of the screenful's size.
          if (this.drawnUpTo() + ROWS_PER_FRAME >= end - start) return this.drawnUpTo.set(Infinity);
          this.drawnUpTo.update((n) => n + ROWS_PER_FRAME);
          growing = requestAnimationFrame(grow);
        };
        growing = requestAnimationFrame(grow);
      });
    });
    inject(DestroyRef).onDestroy(() => cancelAnimationFrame(growing));
    // Measured again when the screenful's first row changes or a size does, not at every change of a figure or row
    // added: each measure forces a layout, and on a TV's processor a layout of the slide is tens of milliseconds.
    const firstRow = computed(() => `${this.screenfulStart()}:${this.screenful()[0]?.username ?? ''}`);
    afterRenderEffect(() => {
      firstRow();
      resized();
      const frame = paging.frame();
      const body = this.screenfulBody()?.nativeElement;
      if (!frame || !body) return;
      observer?.observe(frame);
      const rowHeight = body.firstElementChild?.getBoundingClientRect().height || this.rowHeight;
      const height = frame.getBoundingClientRect().bottom - body.getBoundingClientRect().top;
      this.perScreenful.set(rowsPerScreenful(height, rowHeight));
    });
  }

  protected readonly sort = signal<AgentSort>(DEFAULT_SORT);
  protected readonly statuses = signal<ReadonlySet<CoarseStatus>>(new Set());
  protected readonly search = signal('');
  /** Rows keep their places while their sort values stay the same: no full sort every frame. */
  private readonly order = new SortedOrder<AgentRowView>();
  protected readonly visible = computed(() => visibleAgentRows(this.rows(), { statuses: this.statuses(), search: this.search() }, this.sort(), this.order));
  /** The row in the tab order: the last one focused, else the first. */
  private readonly activeUsername = signal<string | null>(null);
  protected readonly tabbableUsername = computed(() => {
    const active = this.activeUsername();
    const rows = this.visible();
    return active !== null && rows.some((row) => row.username === active) ? active : (rows[0]?.username ?? null);
  });

  private readonly viewport = viewChild(CdkVirtualScrollViewport);
  protected readonly trackByUsername = (_: number, row: AgentRowView) => row.username;

  protected ariaSort(column: AgentColumnId) {
    return ariaSort(this.sort(), column);
  }

  protected sortBy(column: AgentColumnId): void {
    this.sort.update((current) => nextSort(current, column));
  }

  protected toggleStatus(status: CoarseStatus): void {
    this.statuses.update((current) => {
      const next = new Set(current);
      if (!next.delete(status)) next.add(status);
      return next;
    });
  }

  protected onSearch(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
  }

  protected timeInStatus(row: AgentRowView): string {
    return this.i18n.duration(secondsInStatus(row.statusSince, this.clock.now()));
  }

  protected onRowFocus(row: AgentRowView): void {
    this.activeUsername.set(row.username);
  }

  protected onRowKeydown(event: KeyboardEvent, index: number): void {
    const rows = this.visible();
    const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1, PageDown: index + 10, PageUp: index - 10 }[event.key];
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.openAgent.emit(rows[index].username);
    } else if (target !== undefined) {
      event.preventDefault();
      this.focusRow(Math.max(0, Math.min(rows.length - 1, target)));
    }
  }

  /** Scrolls a row into the rendered range if needed, then focuses it. */
  private focusRow(index: number): void {
    const row = this.visible()[index];
    if (!row) return;
    this.activeUsername.set(row.username);
    const viewport = this.viewport();
    const range = viewport?.getRenderedRange();
    if (viewport && range && (index < range.start + 1 || index >= range.end - 1)) viewport.scrollToIndex(index);
    const focus = () => this.host.nativeElement.querySelector<HTMLElement>(`[data-username="${CSS.escape(row.username)}"]`)?.focus();
    const element = this.host.nativeElement.querySelector<HTMLElement>(`[data-username="${CSS.escape(row.username)}"]`);
    if (element) element.focus();
    else afterNextRender(focus, { injector: this.injector });
  }
}
