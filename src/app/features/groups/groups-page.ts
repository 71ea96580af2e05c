import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import { RtdLive } from '../../rtd/live-query';
import { LiveStatusBar } from '../../shared/live-status/live-status';
import { StatTile } from '../../shared/stat-tile/stat-tile';
import { DEFAULT_GROUP_BOARD } from './group-board';
import { groupTiles } from './group-tile-view';

@Component({
  selector: 'app-groups-page',
  imports: [LiveStatusBar, StatTile],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './groups-page.html',
  styleUrl: '../../shared/board-page.scss',
})
export class GroupsPage {
  protected readonly i18n = inject(I18n);
  protected readonly groups = inject(RtdLive).groupStats(DEFAULT_GROUP_BOARD);
  protected readonly tiles = computed(() => groupTiles(this.groups.items()));
}
