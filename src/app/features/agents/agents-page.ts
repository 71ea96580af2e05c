import { ChangeDetectionStrategy, Component, computed, inject, untracked } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { I18n } from '../../i18n/i18n';
import type { UserFilter, UserStatFilter } from '../../rtd/generated/graphql';
import { activeBoard } from '../boards/active-board';
import { SlidePaging } from '../boards/board-on-screen';
import { agentScope, inAgentScope, sameFilter } from '../boards/board';
import { BoardHeader } from '../boards/board-header/board-header';
import { RtdLive } from '../../rtd/live-query';
import { Donut } from '../../shared/charts/donut';
import { liveListFollowing } from '../../shared/live-list-following';
import { staleness } from '../../shared/stale';
import type { LiveState } from '../../shared/live-status/live-status';
import { AgentDetail, type AgentDetailData } from './agent-detail/agent-detail';
import { AgentGrid } from './agent-grid/agent-grid';
import { countByStatus, sameCounts, statusDonutView } from './agent-grid-view';
import { type AgentRowView, agentRows, statsUsernames } from './agent-row-view';
import { SortedOrder } from '../../shared/sorted-order';

const sameUsernames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

@Component({
  selector: 'app-agents-page',
  imports: [AgentGrid, BoardHeader, Donut],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.on-kiosk]': 'onKiosk' },
  templateUrl: './agents-page.html',
  styleUrls: ['../../shared/board-page.scss', './agents-page.scss'],
})
export class AgentsPage {
  protected readonly i18n = inject(I18n);
  private readonly rtd = inject(RtdLive);
  private readonly dialog = inject(MatDialog);

  protected readonly board = activeBoard();
  /** On a TV: the summary in one line, in type a room reads. */
  protected readonly onKiosk = inject(SlidePaging, { optional: true }) !== null;
  /** Which agents the board lists: those of its services and groups, or of its agent filter (board.ts). */
  private readonly agentScope = computed(() => {
    const board = this.board();
    return board && agentScope(board);
  });
  private readonly userFilter = computed<UserFilter | null>(() => this.agentScope()?.filter ?? null, { equal: sameFilter });

  /** The agents in the filter: agents entering or leaving it come and go live; a new filter opens a new list. */
  private readonly users = liveListFollowing(this.userFilter, (filter) => this.rtd.users(filter));
  /** The board's agents among them (the server cannot ask for "this service or that group" in one filter). */
  private readonly boardUsers = computed(() => {
    const scope = this.agentScope();
    const users = this.users.items();
    return scope?.servesOrBelongs ? users.filter((user) => user !== null && inAgentScope(scope, user)) : users;
  });
  /** The agents' usernames change only when agents join or leave the list, not with each status. */
  private readonly usernames = computed(() => (this.users.members(), this.agentScope(), untracked(() => statsUsernames(this.boardUsers()))), { equal: sameUsernames });
  /** Their CALL stats: the filter names the listed usernames, so it follows the users list. */
  private readonly stats = liveListFollowing(
    computed<UserStatFilter | null>(() => (this.usernames().length ? { CALL: { users: this.usernames() } } : null)),
    (filter) => this.rtd.userStats(filter),
  );

  /** Seconds since the agents' data was last known good, once past the stale threshold. */
  protected readonly stale = staleness(this.stats);
  private readonly rowOrder = new SortedOrder<AgentRowView>();
  protected readonly rows = computed(() => agentRows(this.boardUsers(), this.stats.items(), this.rowOrder));
  private readonly rowsByUsername = computed(() => new Map(this.rows().map((row) => [row.username, row])));
  protected readonly counts = computed(() => countByStatus(this.rows()), { equal: sameCounts });
  protected readonly donut = computed(() => statusDonutView(this.counts(), this.i18n.t('agents.byStatus'), (key) => this.i18n.t(key)));

  /** Both lists as one state: loading until both are in, the first error if any. */
  protected readonly live: LiveState = {
    status: () => {
      const users = this.users.status();
      if (users !== 'live') return users;
      return this.usernames().length ? this.stats.status() : 'live';
    },
    error: () => this.users.error() ?? this.stats.error(),
    updatedAt: () => Math.max(this.users.updatedAt() ?? 0, this.stats.updatedAt() ?? 0) || null,
    refresh: async () => {
      await Promise.all([this.users.refresh(), this.stats.refresh()]);
    },
  };

  protected openAgent(username: string): void {
    if (this.dialog.openDialogs.length) return; // a second Enter while one opens
    const data: AgentDetailData = { username, row: computed(() => this.rowsByUsername().get(username)) };
    this.dialog.open(AgentDetail, { data, ariaLabelledBy: 'agent-detail-title', width: '60rem', maxWidth: '95vw', restoreFocus: true });
  }
}
