/**
 * The agent grid's rules, without Angular: its columns and how each sorts, the coarse statuses of the filter
 * chips and the donut, the status filter with the search box, and the counts per status.
 */
import type { SortedOrder } from '../../shared/sorted-order';
import type { MessageKey } from '../../i18n/i18n';
import type { AgentStatusView } from '../../shared/agent-status';
import type { ChartView } from '../../shared/charts/chart-view';
import type { AgentRowView } from './agent-row-view';
import { naturalOrder, naturalOrderIgnoringCase } from '../../shared/natural-order';

/** The statuses a supervisor filters by: the server's buckets, with ringing (BOOKED) apart from busy. */
export type CoarseStatus = 'ready' | 'booked' | 'busy' | 'not-ready' | 'post-call' | 'unknown';
export const COARSE_STATUSES: readonly CoarseStatus[] = ['ready', 'booked', 'busy', 'not-ready', 'post-call', 'unknown'];
export const COARSE_STATUS_LABELS: Record<CoarseStatus, MessageKey> = {
  ready: 'agents.coarse.ready',
  booked: 'agents.coarse.booked',
  busy: 'agents.coarse.busy',
  'not-ready': 'agents.coarse.notReady',
  'post-call': 'agents.coarse.postCall',
  unknown: 'agents.coarse.unknown',
};

export function coarseStatus(status: AgentStatusView): CoarseStatus {
  return status.status === 'BOOKED' ? 'booked' : status.bucket;
}

export type AgentColumnId =
  | 'name'
  | 'site'
  | 'status'
  | 'timeInState'
  | 'activityCode'
  | 'currentService'
  | 'currentGroup'
  | 'callsIn'
  | 'callsOut'
  | 'serviceAnswered'
  | 'serviceNotAnswered'
  | 'timeReady'
  | 'timeNotReady'
  | 'timeBusy'
  | 'timeWnr';

export interface AgentColumn {
  id: AgentColumnId;
  labelKey: MessageKey;
  /** Numbers align to the end and sort as numbers. */
  numeric: boolean;
  /** What the column sorts by; null sorts last whatever the direction. */
  sortValue(row: AgentRowView): string | number | null;
  /** A column showing one server number: its field (the e2e hook) and how it is written. */
  figure?: { field: AgentFigureField; format: 'count' | 'duration' };
}

export type AgentFigureField = {
  [K in keyof AgentRowView]: AgentRowView[K] extends number | null ? K : never;
}[keyof AgentRowView];

/** A column that shows and sorts by the number in `field`. */
function figureColumn(id: AgentColumnId, labelKey: MessageKey, field: AgentFigureField, format: 'count' | 'duration'): AgentColumn {
  return { id, labelKey, numeric: true, sortValue: (row) => row[field], figure: { field, format } };
}

const STATUS_ORDER = new Map(COARSE_STATUSES.map((status, index) => [status, index]));

export const AGENT_COLUMNS: readonly AgentColumn[] = [
  { id: 'name', labelKey: 'agents.name', numeric: false, sortValue: (row) => row.displayName },
  { id: 'site', labelKey: 'agents.site', numeric: true, sortValue: (row) => row.site },
  // By coarse status (ready first), then by the exact status, so sub-states sit together.
  { id: 'status', labelKey: 'agents.status', numeric: false, sortValue: (row) => `${STATUS_ORDER.get(coarseStatus(row.status))}|${row.status.status ?? ''}` },
  // Longest in status last when ascending: an earlier start is a longer time.
  { id: 'timeInState', labelKey: 'agents.timeInState', numeric: true, sortValue: (row) => (row.statusSince === null ? null : -row.statusSince) },
  { id: 'activityCode', labelKey: 'agents.activityCode', numeric: false, sortValue: (row) => row.activityCode },
  { id: 'currentService', labelKey: 'agents.currentService', numeric: false, sortValue: (row) => row.currentService },
  { id: 'currentGroup', labelKey: 'agents.currentGroup', numeric: false, sortValue: (row) => row.currentGroup },
  figureColumn('callsIn', 'agents.callsIn', 'numberCallIn', 'count'),
  figureColumn('callsOut', 'agents.callsOut', 'numberCallOut', 'count'),
  figureColumn('serviceAnswered', 'agents.serviceAnswered', 'numberCallFromServiceAnswered', 'count'),
  figureColumn('serviceNotAnswered', 'agents.serviceNotAnswered', 'numberCallFromServiceNotAnswered', 'count'),
  figureColumn('timeReady', 'agents.timeReady', 'timeInStateReady', 'duration'),
  figureColumn('timeNotReady', 'agents.timeNotReady', 'timeInStateNotReady', 'duration'),
  figureColumn('timeBusy', 'agents.timeBusy', 'timeInStateBusy', 'duration'),
  figureColumn('timeWnr', 'agents.timeWnr', 'timeInStateWNR', 'duration'),
];

/**
 * The columns a room watches on a TV, readable from across it: who (name), what they are doing and for how long
 * (status, time in it, the activity code that says why someone is not ready), and two counts of the day: the calls
 * they took and the service calls they let ring unanswered. The rest (site, the call's service and group, calls
 * out, time totals) is for a supervisor at a desk, and would not fit the width at a size a room can read.
 */
export const KIOSK_AGENT_COLUMNS: readonly AgentColumnId[] = ['name', 'status', 'timeInState', 'activityCode', 'callsIn', 'serviceNotAnswered'];

/** The grid's columns: all of them at a desk, the room's few on a TV. */
export function agentColumns(onKiosk: boolean): readonly AgentColumn[] {
  return onKiosk ? KIOSK_AGENT_COLUMNS.map((id) => AGENT_COLUMNS.find((column) => column.id === id)!) : AGENT_COLUMNS;
}

export type SortDirection = 'asc' | 'desc';
export interface AgentSort {
  column: AgentColumnId;
  direction: SortDirection;
}
export const DEFAULT_SORT: AgentSort = { column: 'name', direction: 'asc' };

const byUsername = (a: AgentRowView, b: AgentRowView) => naturalOrder(a.username, b.username);

/** How two rows compare for a column and direction; missing values last either way, then by username. */
export function agentComparator(sort: AgentSort): (a: AgentRowView, b: AgentRowView) => number {
  const column = AGENT_COLUMNS.find((c) => c.id === sort.column);
  if (!column) throw new Error(`Unknown agent grid column "${sort.column}"`);
  const sign = sort.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = column.sortValue(a);
    const y = column.sortValue(b);
    if (x === null || y === null) return x === y ? byUsername(a, b) : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : naturalOrderIgnoringCase(String(x), String(y));
    return sign * order || byUsername(a, b);
  };
}

/** The next sort when a column header is pressed: the same column flips, another starts ascending. */
export function nextSort(current: AgentSort, column: AgentColumnId): AgentSort {
  return current.column === column ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: 'asc' };
}

/** `aria-sort` of a column header. */
export function ariaSort(sort: AgentSort, column: AgentColumnId): 'ascending' | 'descending' | 'none' {
  return sort.column !== column ? 'none' : sort.direction === 'asc' ? 'ascending' : 'descending';
}

export interface AgentFilter {
  /** The chips turned on; none on shows every status. */
  statuses: ReadonlySet<CoarseStatus>;
  /** Words of the search box, matched against name, surname and username. */
  search: string;
}

/** The rows the grid shows: those of a chosen status whose name contains every word searched, in order. */
const comparators = new WeakMap<AgentSort, (a: AgentRowView, b: AgentRowView) => number>();

/**
 * The rows the filter lets through, in the sort's order. With an `order`, rows whose sort value did not change
 * keep their places between calls (live data changes a few agents a frame; sorting 2,000 with a collator each
 * time would not fit in one).
 */
export function visibleAgentRows(rows: readonly AgentRowView[], filter: AgentFilter, sort: AgentSort, order?: SortedOrder<AgentRowView>): AgentRowView[] {
  const words = filter.search
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  const shown = rows.filter((row) => (filter.statuses.size === 0 || filter.statuses.has(coarseStatus(row.status))) && words.every((word) => row.searchText.includes(word)));
  let compare = comparators.get(sort);
  if (!compare) comparators.set(sort, (compare = agentComparator(sort)));
  const column = AGENT_COLUMNS.find((c) => c.id === sort.column)!;
  return order ? order.sort(shown, (row) => row.username, column.sortValue, compare) : shown.sort(compare);
}

export type StatusCounts = Record<CoarseStatus, number>;

export function countByStatus(rows: readonly AgentRowView[]): StatusCounts {
  const counts: StatusCounts = { ready: 0, booked: 0, busy: 0, 'not-ready': 0, 'post-call': 0, unknown: 0 };
  for (const row of rows) counts[coarseStatus(row.status)]++;
  return counts;
}

export function sameCounts(a: StatusCounts, b: StatusCounts): boolean {
  return COARSE_STATUSES.every((status) => a[status] === b[status]);
}

/** The donut of agents by status; statuses nobody is in are left out. */
export function statusDonutView(counts: StatusCounts, title: string, label: (key: MessageKey) => string): ChartView {
  return {
    kind: 'donut',
    title,
    data: COARSE_STATUSES.filter((status) => counts[status] > 0).map((status) => ({
      key: status,
      label: label(COARSE_STATUS_LABELS[status]),
      value: counts[status],
      display: String(counts[status]),
      colour: status,
    })),
  };
}

/** A cell of the grid: row 0 is the column headers, rows 1… the agents shown; columns from 0. */
export interface GridCell {
  row: number;
  column: number;
}

/** Rows PageUp and PageDown move by. */
export const GRID_PAGE_ROWS = 10;

/**
 * Where a key moves the focus in the grid (the ARIA grid pattern): arrows by a cell, Home/End to the row's first or
 * last cell (with Ctrl, the grid's first or last row), PageUp/PageDown by ten rows, never past an edge. Null for a
 * key the grid does not move on, so the browser keeps it (Tab leaves the grid).
 */
export function gridMove(key: string, ctrlKey: boolean, from: GridCell, rowCount: number, columnCount: number): GridCell | null {
  const lastRow = rowCount; // the header row is 0, so the last agent's row is rowCount
  const lastColumn = columnCount - 1;
  const to = (row: number, column: number): GridCell => ({ row: Math.max(0, Math.min(lastRow, row)), column: Math.max(0, Math.min(lastColumn, column)) });
  switch (key) {
    case 'ArrowDown':
      return to(from.row + 1, from.column);
    case 'ArrowUp':
      return to(from.row - 1, from.column);
    case 'ArrowRight':
      return to(from.row, from.column + 1);
    case 'ArrowLeft':
      return to(from.row, from.column - 1);
    case 'Home':
      return ctrlKey ? to(0, 0) : to(from.row, 0);
    case 'End':
      return ctrlKey ? to(lastRow, lastColumn) : to(from.row, lastColumn);
    case 'PageDown':
      return to(Math.max(1, from.row + GRID_PAGE_ROWS), from.column);
    case 'PageUp':
      return to(Math.max(from.row === 0 ? 0 : 1, from.row - GRID_PAGE_ROWS), from.column);
    default:
      return null;
  }
}
