/**
 * The agents as a grid: status chips with counts and a search box above, sortable column headers, and rows
 * drawn by a CDK virtual scroll viewport (fixed row height) so thousands of agents scroll smoothly. One row
 * is in the tab order at a time; arrows move between rows, Enter or Space opens the agent.
 */
import { SortedOrder } from '../../../shared/sorted-order';
import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, effect, inject, input, output, signal, viewChild } from '@angular/core';
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

/** Row height in rem (the CSS uses the same), so rows grow with a wall screen's larger root font. */
export const AGENT_ROW_REM = 3.25;

/** The row height in px at the page's root font size: the virtual scroll viewport's item size. */
function rowHeightPx(): number {
  const rootPx = Number.parseFloat(globalThis.getComputedStyle?.(document.documentElement).fontSize ?? '') || 16;
  return Math.round(AGENT_ROW_REM * rootPx);
}

@Component({
  selector: 'app-agent-grid',
  imports: [ScrollingModule, StatusChip],
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
  /** On a kiosk slide: show one page of agents at a time, as the slide says. */
  private readonly paging = inject(SlidePaging, { optional: true });

  constructor() {
    // A kiosk pages through its agents: as many whole rows as the viewport holds, one page per step.
    effect(() => {
      const paging = this.paging;
      const viewport = this.viewport();
      if (!paging || !viewport) return;
      const perPage = Math.max(1, Math.floor(viewport.getViewportSize() / this.rowHeight));
      paging.pageCount.set(Math.max(1, Math.ceil(this.visible().length / perPage)));
      viewport.scrollToOffset(Math.min(paging.page(), paging.pageCount() - 1) * perPage * this.rowHeight);
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
