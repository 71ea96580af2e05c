/**
 * The agents as a grid: status chips with counts and a search box above, sortable column headers, and rows
 * drawn by a CDK virtual scroll viewport (fixed row height) so thousands of agents scroll smoothly. The ARIA grid
 * pattern: one Tab stop, arrows between cells, Enter or Space opens the agent (or sorts, on a header); the name,
 * site and status stay pinned at the left while the figures scroll. On a kiosk: the room's few columns, no
 * controls, the screenful on show, whole rows only.
 */
import { SortedOrder } from '../../../shared/sorted-order';
import type { ListRange } from '@angular/cdk/collections';
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
  type AgentColumnId,
  type AgentSort,
  COARSE_STATUSES,
  COARSE_STATUS_LABELS,
  type CoarseStatus,
  DEFAULT_SORT,
  type StatusCounts,
  agentColumns,
  ariaSort,
  gridMove,
  nextSort,
  visibleAgentRows,
} from '../agent-grid-view';
import { type AgentRowView, secondsInStatus } from '../agent-row-view';
import { SlidePaging } from '../../boards/board-on-screen';
import { rowsPerScreenful, screenfulCount, screenfulRange } from '../../boards/screenful';
import { roomBelow } from '../../boards/screenful-tiles';

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
  host: { '[class.on-kiosk]': 'paging !== null' },
  templateUrl: './agent-grid.html',
  styleUrl: './agent-grid.scss',
})
export class AgentGrid {
  protected readonly i18n = inject(I18n);
  private readonly clock = inject(Clock);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly destroyRef = inject(DestroyRef);

  /** Every agent of the board, in any order. */
  readonly rows = input.required<readonly AgentRowView[]>();
  readonly counts = input.required<StatusCounts>();
  /** The user asked for an agent's details (click, Enter or Space on its row). */
  readonly openAgent = output<string>();

  protected readonly coarseStatuses = COARSE_STATUSES;
  protected readonly coarseLabels = COARSE_STATUS_LABELS;
  protected readonly rowHeight = rowHeightPx();
  /** On a kiosk slide: one screenful of agents at a time, as the slide says; no scrolling. */
  protected readonly paging = inject(SlidePaging, { optional: true });
  protected readonly columns = agentColumns(this.paging !== null);
  /** Name, site and status: pinned at the left at a desk, so a row's figures never show without whose they are. */
  protected readonly pinnedColumns = this.paging ? 0 : 3;
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
    // The pinned cells follow the table's horizontal scroll: CSS sticky cannot, as the rows scroll vertically in
    // the virtual scroll viewport inside it. A plain listener: a scroll is no reason to check the view.
    afterNextRender(() => {
      const frame = this.tableFrame()?.nativeElement;
      if (!frame || this.paging) return;
      const follow = () => frame.style.setProperty('--scroll-x', `${frame.scrollLeft}px`);
      frame.addEventListener('scroll', follow, { passive: true });
      this.destroyRef.onDestroy(() => frame.removeEventListener('scroll', follow));
    });
    effect((onCleanup) => {
      const viewport = this.viewport();
      if (!viewport) return;
      const subscription = viewport.renderedRangeStream.subscribe((range) => this.renderedRange.set(range));
      onCleanup(() => subscription.unsubscribe());
    });
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
      this.perScreenful.set(rowsPerScreenful(roomBelow(body, frame), rowHeight));
    });
  }

  protected readonly sort = signal<AgentSort>(DEFAULT_SORT);
  protected readonly statuses = signal<ReadonlySet<CoarseStatus>>(new Set());
  protected readonly search = signal('');
  /** Rows keep their places while their sort values stay the same: no full sort every frame. */
  private readonly order = new SortedOrder<AgentRowView>();
  protected readonly visible = computed(() => visibleAgentRows(this.rows(), { statuses: this.statuses(), search: this.search() }, this.sort(), this.order));
  /**
   * The grid's cell in the tab order: the last one focused (by username, so it follows its agent; null for the
   * header row, after a Home with Ctrl or an arrow up to it), else, while none was, the first row's.
   */
  private readonly activeCell = signal<{ username: string | null; column: number } | null>(null);
  private readonly tabbableCell = computed(() => {
    const active = this.activeCell();
    if (active?.username === null) return active;
    const username = active?.username ?? null;
    const column = active?.column ?? 0;
    const rows = this.visible();
    // The row must be drawn to be a Tab stop: one scrolled out of the viewport's range gives way to the first drawn.
    const range = this.renderedRange();
    const index = username === null ? -1 : rows.findIndex((row) => row.username === username);
    const drawn = index >= 0 && (!range || (index >= range.start && index < range.end));
    const first = range ? Math.min(range.start, rows.length - 1) : 0;
    return { username: drawn ? username : (rows[Math.max(0, first)]?.username ?? null), column };
  });
  /** The rows the virtual scroll viewport draws at a desk (null on a kiosk, which draws its screenful). */
  private readonly renderedRange = signal<ListRange | null>(null);
  /** The status chip in the tab order: the chips are one Tab stop, arrows move between them. */
  protected readonly activeChip = signal(0);
  private readonly tableFrame = viewChild<ElementRef<HTMLElement>>('tableFrame');

  protected isTabbable(username: string | null, column: number): boolean {
    const cell = this.tabbableCell();
    return cell.username === username && cell.column === column;
  }

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

  /**
   * A click opens the agent. The clicked cell (or the row's name, for a click between cells) takes the focus
   * first, so the grid's Tab stop moves there and the detail gives the focus back to it when it closes.
   */
  protected onRowClick(event: MouseEvent, username: string): void {
    if (this.paging) return;
    const row = event.currentTarget as HTMLElement;
    if (!row.contains(document.activeElement)) {
      ((event.target as HTMLElement).closest<HTMLElement>('[data-grid-column]') ?? row.querySelector<HTMLElement>('[data-grid-column]'))?.focus();
    }
    this.openAgent.emit(username);
  }

  /** A cell took the focus (arrow, click or Tab): it becomes the grid's Tab stop. */
  protected onGridFocus(event: FocusEvent): void {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-grid-column]');
    if (!cell) return;
    const username = cell.closest('[data-username]')?.getAttribute('data-username') ?? null;
    this.activeCell.set({ username, column: Number(cell.dataset['gridColumn']) });
  }

  protected onGridKeydown(event: KeyboardEvent): void {
    if (this.paging) return;
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-grid-column]');
    const row = cell?.closest<HTMLElement>('[data-grid-row]');
    if (!cell || !row) return;
    const column = Number(cell.dataset['gridColumn']);
    const rowIndex = Number(row.dataset['gridRow']);
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (rowIndex === 0) this.sortBy(this.columns[column].id);
      else this.openAgent.emit(this.visible()[rowIndex - 1].username);
      return;
    }
    const target = gridMove(event.key, event.ctrlKey || event.metaKey, { row: rowIndex, column }, this.visible().length, this.columns.length);
    if (!target) return;
    event.preventDefault();
    this.focusCell(target.row, target.column);
  }

  /** Arrows move between the chips; the chips are one Tab stop. */
  protected onChipKeydown(event: KeyboardEvent): void {
    const last = this.coarseStatuses.length - 1;
    const next = { ArrowRight: this.activeChip() + 1, ArrowLeft: this.activeChip() - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.activeChip.set(Math.max(0, Math.min(last, next)));
    this.host.nativeElement.querySelector<HTMLElement>(`[data-coarse-status="${this.coarseStatuses[this.activeChip()]}"]`)?.focus();
  }

  /** Focuses a cell: row 0 is the header; an agent's row is scrolled into the rendered range first if needed. */
  private focusCell(rowIndex: number, column: number): void {
    if (rowIndex === 0) {
      this.activeCell.set({ username: null, column });
      this.host.nativeElement.querySelector<HTMLElement>(`[role="columnheader"][data-grid-column="${column}"]`)?.focus();
      return;
    }
    const row = this.visible()[rowIndex - 1];
    if (!row) return;
    this.activeCell.set({ username: row.username, column });
    const index = rowIndex - 1;
    const viewport = this.viewport();
    const range = viewport?.getRenderedRange();
    if (viewport && range && (index < range.start + 1 || index >= range.end - 1)) viewport.scrollToIndex(index);
    const find = () => this.host.nativeElement.querySelector<HTMLElement>(`[data-username="${CSS.escape(row.username)}"] [data-grid-column="${column}"]`);
    const focus = () => find()?.focus();
    if (find()) focus();
    else afterNextRender(focus, { injector: this.injector });
  }
}
