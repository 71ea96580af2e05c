import { agentStatusView } from '../../shared/agent-status';
import type { UserStatus } from '../../rtd/generated/graphql';
import {
  AGENT_COLUMNS,
  type AgentColumnId,
  KIOSK_AGENT_COLUMNS,
  agentColumns,
  agentComparator,
  gridMove,
  ariaSort,
  coarseStatus,
  countByStatus,
  nextSort,
  statusDonutView,
  visibleAgentRows,
} from './agent-grid-view';
import type { AgentRowView } from './agent-row-view';

function row(username: string, extra: Partial<AgentRowView> & { statusOf?: UserStatus | null } = {}): AgentRowView {
  const { statusOf, ...rest } = extra;
  return {
    username,
    displayName: username,
    status: agentStatusView(statusOf === undefined ? 'READY' : statusOf),
    statusSince: null,
    timeInState: null,
    activityCode: null,
    activityCodeRaw: '__EMPTY__',
    site: 1,
    currentService: null,
    currentGroup: null,
    numberCallIn: 0,
    numberCallOut: 0,
    numberCallFromServiceAnswered: 0,
    numberCallFromServiceNotAnswered: 0,
    timeInStateReady: 0,
    timeInStateNotReady: 0,
    timeInStateBusy: 0,
    timeInStateWNR: 0,
    profileId: 1,
    searchText: username,
    hasStats: true,
    ...rest,
  };
}

const sorted = (rows: AgentRowView[], column: AgentColumnId, direction: 'asc' | 'desc' = 'asc') => [...rows].sort(agentComparator({ column, direction })).map((r) => r.username);

describe('agent grid: sorting', () => {
  it('sorts names as people read them, ignoring case', () => {
    const rows = [row('u1', { displayName: 'bruno Verdi' }), row('u2', { displayName: 'Anna Neri' }), row('u3', { displayName: 'Carla Blu' })];
    expect(sorted(rows, 'name')).toEqual(['u2', 'u1', 'u3']);
    expect(sorted(rows, 'name', 'desc')).toEqual(['u3', 'u1', 'u2']);
  });

  it('sorts number columns as numbers, missing values last in either direction, ties by username', () => {
    const rows = [row('user_10', { numberCallIn: 9 }), row('user_2', { numberCallIn: null }), row('user_3', { numberCallIn: 9 }), row('user_4', { numberCallIn: 10 })];
    expect(sorted(rows, 'callsIn')).toEqual(['user_3', 'user_10', 'user_4', 'user_2']);
    expect(sorted(rows, 'callsIn', 'desc')).toEqual(['user_4', 'user_3', 'user_10', 'user_2']);
  });

  const cases: [AgentColumnId, keyof AgentRowView][] = [
    ['site', 'site'],
    ['callsOut', 'numberCallOut'],
    ['serviceAnswered', 'numberCallFromServiceAnswered'],
    ['serviceNotAnswered', 'numberCallFromServiceNotAnswered'],
    ['timeReady', 'timeInStateReady'],
    ['timeNotReady', 'timeInStateNotReady'],
    ['timeBusy', 'timeInStateBusy'],
    ['timeWnr', 'timeInStateWNR'],
  ];
  for (const [column, field] of cases) {
    it(`sorts the ${column} column by ${field}`, () => {
      const rows = [row('a', { [field]: 30 }), row('b', { [field]: 5 }), row('c', { [field]: null }), row('d', { [field]: 12 })];
      expect(sorted(rows, column)).toEqual(['b', 'd', 'a', 'c']);
      expect(sorted(rows, column, 'desc')).toEqual(['a', 'd', 'b', 'c']);
    });
  }

  it('sorts codes with numbers in them naturally; no code ("__EMPTY__") sorts last', () => {
    for (const [column, field] of [
      ['activityCode', 'activityCode'],
      ['currentService', 'currentService'],
      ['currentGroup', 'currentGroup'],
    ] as const) {
      const rows = [row('a', { [field]: 'code_10' }), row('b', { [field]: null }), row('c', { [field]: 'code_2' })];
      expect(sorted(rows, column)).withContext(column).toEqual(['c', 'a', 'b']);
      expect(sorted(rows, column, 'desc'))
        .withContext(column)
        .toEqual(['a', 'c', 'b']);
    }
  });

  it('sorts status by coarse status (ready, ringing, busy, not ready, post-call), sub-states together', () => {
    const rows = [
      row('a', { statusOf: 'WNR' }),
      row('b', { statusOf: 'BUSY_service' }),
      row('c', { statusOf: 'READY' }),
      row('d', { statusOf: 'NOT_READY' }),
      row('e', { statusOf: 'BOOKED' }),
      row('f', { statusOf: 'BUSY_dn_call_in' }),
    ];
    expect(sorted(rows, 'status')).toEqual(['c', 'e', 'f', 'b', 'd', 'a']);
  });

  it('sorts time in status shortest first when ascending (the latest start), unknown last', () => {
    const rows = [row('a', { statusSince: 1_000 }), row('b', { statusSince: 5_000 }), row('c', { statusSince: null }), row('d', { statusSince: 3_000 })];
    expect(sorted(rows, 'timeInState')).toEqual(['b', 'd', 'a', 'c']);
    expect(sorted(rows, 'timeInState', 'desc')).toEqual(['a', 'd', 'b', 'c']);
  });

  it('has a comparator for every column and refuses an unknown one', () => {
    for (const column of AGENT_COLUMNS) expect(() => agentComparator({ column: column.id, direction: 'asc' })).not.toThrow();
    expect(() => agentComparator({ column: 'nope' as AgentColumnId, direction: 'asc' })).toThrowError(/Unknown agent grid column "nope"/);
  });

  it('flips the direction on the same header, starts ascending on another; tells aria-sort', () => {
    expect(nextSort({ column: 'name', direction: 'asc' }, 'name')).toEqual({ column: 'name', direction: 'desc' });
    expect(nextSort({ column: 'name', direction: 'desc' }, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort({ column: 'name', direction: 'desc' }, 'site')).toEqual({ column: 'site', direction: 'asc' });
    expect(ariaSort({ column: 'site', direction: 'desc' }, 'site')).toBe('descending');
    expect(ariaSort({ column: 'site', direction: 'asc' }, 'site')).toBe('ascending');
    expect(ariaSort({ column: 'site', direction: 'asc' }, 'name')).toBe('none');
  });
});

describe('agent grid: status chips, search and counts', () => {
  const rows = [
    row('user_1', { statusOf: 'READY', searchText: 'giulia rossi user_1' }),
    row('user_2', { statusOf: 'BOOKED', searchText: 'marco bianchi user_2' }),
    row('user_3', { statusOf: 'BUSY_dn_call_out', searchText: 'giulia verdi user_3' }),
    row('user_4', { statusOf: 'NR_BUSY_dn_call_in', searchText: 'anna neri user_4' }),
    row('user_5', { statusOf: 'WNR', searchText: 'luca rossi user_5' }),
    row('user_6', { statusOf: null, searchText: 'user_6' }),
  ];
  const sort = { column: 'name', direction: 'asc' } as const;
  const shown = (statuses: string[], search = '') => visibleAgentRows(rows, { statuses: new Set(statuses as never[]), search }, sort).map((r) => r.username);

  it('tells ringing apart from busy, and keeps sub-states in their bucket', () => {
    expect(rows.map((r) => coarseStatus(r.status))).toEqual(['ready', 'booked', 'busy', 'not-ready', 'post-call', 'unknown']);
  });

  it('shows every agent with no chip on, and only the chosen statuses otherwise', () => {
    expect(shown([])).toEqual(['user_1', 'user_2', 'user_3', 'user_4', 'user_5', 'user_6']);
    expect(shown(['ready'])).toEqual(['user_1']);
    expect(shown(['busy', 'post-call'])).toEqual(['user_3', 'user_5']);
    expect(shown(['not-ready'])).toEqual(['user_4']);
  });

  it('searches name, surname and username, every word, ignoring case, together with the chips', () => {
    expect(shown([], 'ROSSI')).toEqual(['user_1', 'user_5']);
    expect(shown([], '  giulia   rossi ')).toEqual(['user_1']);
    expect(shown([], 'user_4')).toEqual(['user_4']);
    expect(shown(['post-call'], 'rossi')).toEqual(['user_5']);
    expect(shown([], 'nobody')).toEqual([]);
  });

  it('counts agents per status, zero included', () => {
    expect(countByStatus(rows)).toEqual({ ready: 1, booked: 1, busy: 1, 'not-ready': 1, 'post-call': 1, unknown: 1 });
    expect(countByStatus([])).toEqual({ ready: 0, booked: 0, busy: 0, 'not-ready': 0, 'post-call': 0, unknown: 0 });
  });

  it('builds the donut of agents by status, leaving out statuses nobody is in', () => {
    const view = statusDonutView({ ready: 4, booked: 0, busy: 2, 'not-ready': 1, 'post-call': 0, unknown: 0 }, 'Agents by status', (key) => `#${key}`);
    expect(view.kind).toBe('donut');
    expect(view.title).toBe('Agents by status');
    expect(view.data.map((d) => [d.key, d.label, d.value, d.display, d.colour])).toEqual([
      ['ready', '#agents.coarse.ready', 4, '4', 'ready'],
      ['busy', '#agents.coarse.busy', 2, '2', 'busy'],
      ['not-ready', '#agents.coarse.notReady', 1, '1', 'not-ready'],
    ]);
  });
});

describe('agent grid: columns on a TV', () => {
  it("shows every column at a desk and the room's few on a TV, name first", () => {
    expect(agentColumns(false)).toBe(AGENT_COLUMNS);
    expect(agentColumns(true).map((column) => column.id)).toEqual([...KIOSK_AGENT_COLUMNS]);
    expect(agentColumns(true)[0].id).toBe('name');
    expect(agentColumns(true).length).toBeLessThan(AGENT_COLUMNS.length / 2);
  });
});

describe('agent grid: keyboard (ARIA grid pattern)', () => {
  // 25 agents (rows 1-25 under the header row 0) in 15 columns.
  const move = (key: string, row: number, column: number, ctrl = false) => gridMove(key, ctrl, { row, column }, 25, 15);

  it('moves a cell with the arrows, stopping at the edges', () => {
    expect(move('ArrowDown', 1, 3)).toEqual({ row: 2, column: 3 });
    expect(move('ArrowUp', 1, 3)).toEqual({ row: 0, column: 3 });
    expect(move('ArrowUp', 0, 3)).toEqual({ row: 0, column: 3 });
    expect(move('ArrowDown', 25, 3)).toEqual({ row: 25, column: 3 });
    expect(move('ArrowRight', 4, 14)).toEqual({ row: 4, column: 14 });
    expect(move('ArrowLeft', 4, 0)).toEqual({ row: 4, column: 0 });
    expect(move('ArrowLeft', 4, 5)).toEqual({ row: 4, column: 4 });
  });

  it("goes to the row's first or last cell with Home and End, to the grid's with Ctrl", () => {
    expect(move('Home', 7, 9)).toEqual({ row: 7, column: 0 });
    expect(move('End', 7, 2)).toEqual({ row: 7, column: 14 });
    expect(move('Home', 7, 9, true)).toEqual({ row: 0, column: 0 });
    expect(move('End', 7, 2, true)).toEqual({ row: 25, column: 14 });
  });

  it('pages ten rows, from the header to the agents and back to the first agent', () => {
    expect(move('PageDown', 0, 2)).toEqual({ row: 10, column: 2 });
    expect(move('PageDown', 20, 2)).toEqual({ row: 25, column: 2 });
    expect(move('PageUp', 15, 2)).toEqual({ row: 5, column: 2 });
    expect(move('PageUp', 5, 2)).toEqual({ row: 1, column: 2 });
    expect(move('PageUp', 0, 2)).toEqual({ row: 0, column: 2 });
  });

  it('leaves other keys (Tab, letters) to the browser', () => {
    expect(move('Tab', 3, 3)).toBeNull();
    expect(move('a', 3, 3)).toBeNull();
  });

  it('stays on the header row of an empty grid', () => {
    expect(gridMove('ArrowDown', false, { row: 0, column: 0 }, 0, 15)).toEqual({ row: 0, column: 0 });
  });
});
