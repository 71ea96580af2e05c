import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import type { GroupStatFilter } from '../../rtd/generated/graphql';
import { RtdConnection } from '../../rtd/connection';
import { RtdLive } from '../../rtd/live-query';
import { liveListFollowing } from '../../shared/live-list-following';
import { staleness } from '../../shared/stale';
import { StatTile } from '../../shared/stat-tile/stat-tile';
import { TilePlaceholder } from '../../shared/stat-tile/tile-placeholder';
import { activeBoard } from '../boards/active-board';
import { groupStatFilter, sameFilter } from '../boards/board';
import { BoardHeader } from '../boards/board-header/board-header';
import { boardTiles } from '../boards/board-tiles';
import { HistoryFeed } from '../../history/history-feed';
import { SlidePaging } from '../boards/board-on-screen';
import { screenfulTiles } from '../boards/screenful-tiles';
import { TileInView } from '../boards/tile-in-view';
import { groupStatOfSample, groupTiles } from './group-tile-view';

@Component({
  selector: 'app-groups-page',
  imports: [BoardHeader, StatTile, TileInView, TilePlaceholder],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './groups-page.html',
  styleUrl: '../../shared/board-page.scss',
})
export class GroupsPage {
  protected readonly i18n = inject(I18n);
  private readonly rtd = inject(RtdLive);
  protected readonly connection = inject(RtdConnection);
  protected readonly board = activeBoard();
  private readonly history = inject(HistoryFeed);
  private readonly onKiosk = inject(SlidePaging, { optional: true }) !== null;
  private readonly filter = computed<GroupStatFilter | null>(
    () => {
      const board = this.board();
      const filter = board && groupStatFilter(board, this.connection.hasField('GroupChannelStatFilter', 'userSite'));
      return filter && Object.keys(filter).length ? filter : null;
    },
    { equal: sameFilter },
  );
  protected readonly groups = liveListFollowing(this.filter, (filter) => this.rtd.groupStats(filter));
  protected readonly tiles = boardTiles('group', this.groups, this.board, groupTiles, groupStatOfSample);
  /** The tiles drawn: all of them, or on a kiosk the screenful on show. */
  protected readonly screenful = screenfulTiles(this.tiles, (tile) => tile.id);
  /** Servers before 1.0.1 cannot filter groups by site: their group figures count every site. */
  protected readonly siteIgnored = computed(() => {
    const board = this.board();
    return board !== null && board.site !== null && !this.connection.hasField('GroupChannelStatFilter', 'userSite') ? board.site : null;
  });
  protected readonly nothingChosen = computed(() => this.board() !== null && this.filter() === null);
  /** Seconds since the numbers were last known good, once past the stale threshold. */
  /** The tiles' link to their Today view: where history is recorded, and not on a kiosk. */
  protected readonly todayLink = computed(() => (this.history.available() && !this.onKiosk ? { kind: 'group' as const, board: this.board()?.id ?? null } : null));
  protected readonly stale = staleness(this.groups);
}
