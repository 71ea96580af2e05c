/**
 * One agent in detail, in a dialog over the grid: their CALL stats, and from their active profile's
 * userProfileStats (watched only while the dialog is open) time per activity code, time per state and hold
 * time. Escape closes it and the dialog gives focus back to the row that opened it.
 */
import { ChangeDetectionStrategy, Component, type Signal, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { I18n } from '../../../i18n/i18n';
import { RtdLive } from '../../../rtd/live-query';
import { Chart } from '../../../shared/charts/chart';
import { liveListFollowing } from '../../../shared/live-list-following';
import { StatusChip } from '../../../shared/status-chip/status-chip';
import { activityCodeChart, holdView, profileCallStats, profileStatsFilter, stateTimeChart } from '../agent-detail-view';
import type { AgentRowView } from '../agent-row-view';

export interface AgentDetailData {
  username: string;
  /** The agent's row, live; undefined once they left the board. */
  row: Signal<AgentRowView | undefined>;
}

@Component({
  selector: 'app-agent-detail',
  imports: [MatDialogModule, MatButtonModule, Chart, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'agent-detail', '[attr.data-agent]': 'data.username', '[attr.data-profile]': 'profileId() ?? ""' },
  templateUrl: './agent-detail.html',
  styleUrl: './agent-detail.scss',
})
export class AgentDetail {
  protected readonly i18n = inject(I18n);
  protected readonly data = inject<AgentDetailData>(MAT_DIALOG_DATA);
  private readonly rtd = inject(RtdLive);

  protected readonly row = this.data.row;
  protected readonly profileId = computed(() => this.row()?.profileId ?? null);
  private readonly profileStats = liveListFollowing(
    computed(() => profileStatsFilter(this.profileId()), { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) }),
    (filter) => this.rtd.userProfileStats(filter),
  );
  protected readonly profile = computed(() => profileCallStats(this.profileStats.items(), this.profileId()));
  protected readonly loading = computed(() => this.profileStats.status() === 'loading' && this.profileId() !== null);

  private readonly format = {
    t: (key: Parameters<I18n['t']>[0]) => this.i18n.t(key),
    duration: (seconds: number | null) => this.i18n.duration(seconds),
  };
  protected readonly activityCodes = computed(() => activityCodeChart(this.profile(), this.format));
  protected readonly stateTimes = computed(() => stateTimeChart(this.profile(), this.format));
  protected readonly hold = computed(() => holdView(this.profile()));
}
