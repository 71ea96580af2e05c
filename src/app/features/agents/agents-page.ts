import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { I18n } from '../../i18n/i18n';
import type { UserStatFilter } from '../../rtd/generated/graphql';
import { RtdLive } from '../../rtd/live-query';
import { Clock } from '../../shared/clock';
import { liveListFollowing } from '../../shared/live-list-following';
import { type LiveState, LiveStatusBar } from '../../shared/live-status/live-status';
import { StatusChip } from '../../shared/status-chip/status-chip';
import { type AgentRowView, agentRows, secondsInStatus, statsUsernames } from './agent-row-view';

const sameUsernames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

@Component({
  selector: 'app-agents-page',
  imports: [MatTableModule, LiveStatusBar, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agents-page.html',
  styleUrls: ['../../shared/board-page.scss', './agents-page.scss'],
})
export class AgentsPage {
  protected readonly i18n = inject(I18n);
  private readonly clock = inject(Clock);
  private readonly rtd = inject(RtdLive);

  /** Every agent (an empty filter matches all). */
  private readonly users = this.rtd.users({});
  private readonly usernames = computed(() => statsUsernames(this.users.items()), { equal: sameUsernames });
  /** Their CALL stats: the filter names the listed usernames, so it follows the users list. */
  private readonly stats = liveListFollowing(
    computed<UserStatFilter | null>(() => (this.usernames().length ? { CALL: { users: this.usernames() } } : null)),
    (filter) => this.rtd.userStats(filter),
  );

  protected readonly columns = ['name', 'status', 'timeInState', 'activityCode', 'callsIn', 'callsOut'];
  protected readonly rows = computed(() => agentRows(this.users.items(), this.stats.items()));
  protected readonly trackByUsername = (_: number, row: AgentRowView) => row.username;

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

  protected timeInStatus(row: AgentRowView): string {
    return this.i18n.duration(secondsInStatus(row.statusSince, this.clock.now()));
  }
}
