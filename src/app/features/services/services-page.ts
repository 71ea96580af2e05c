import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import type { ServiceStatFilter } from '../../rtd/generated/graphql';
import { RtdConnection } from '../../rtd/connection';
import { RtdLive } from '../../rtd/live-query';
import { liveListFollowing } from '../../shared/live-list-following';
import { staleness } from '../../shared/stale';
import { StatTile } from '../../shared/stat-tile/stat-tile';
import { TilePlaceholder } from '../../shared/stat-tile/tile-placeholder';
import { activeBoard } from '../boards/active-board';
import { serviceStatFilter, sameFilter } from '../boards/board';
import { BoardHeader } from '../boards/board-header/board-header';
import { boardTiles } from '../boards/board-tiles';
import { HistoryFeed } from '../../history/history-feed';
import { SlidePaging } from '../boards/board-on-screen';
import { screenfulTiles } from '../boards/screenful-tiles';
import { TileInView } from '../boards/tile-in-view';
import { serviceStatOfSample, serviceTiles } from './service-tile-view';

@Component({
  selector: 'app-services-page',
  imports: [BoardHeader, StatTile, TileInView, TilePlaceholder],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './services-page.html',
  styleUrl: '../../shared/board-page.scss',
})
export class ServicesPage {
  protected readonly i18n = inject(I18n);
  private readonly rtd = inject(RtdLive);
  protected readonly connection = inject(RtdConnection);
  protected readonly board = activeBoard();
  private readonly history = inject(HistoryFeed);
  private readonly onKiosk = inject(SlidePaging, { optional: true }) !== null;
  private readonly filter = computed<ServiceStatFilter | null>(
    () => {
      const board = this.board();
      const filter = board && serviceStatFilter(board);
      return filter && Object.keys(filter).length ? filter : null;
    },
    { equal: sameFilter },
  );
  protected readonly services = liveListFollowing(this.filter, (filter) => this.rtd.serviceStats(filter));
  protected readonly tiles = boardTiles('service', this.services, this.board, serviceTiles, serviceStatOfSample);
  /** The tiles drawn: all of them, or on a kiosk the screenful on show. */
  protected readonly screenful = screenfulTiles(this.tiles, (tile) => tile.id);
  /** A board with no services on any channel: nothing to subscribe to. */
  protected readonly nothingChosen = computed(() => this.board() !== null && this.filter() === null);
  /** Seconds since the numbers were last known good, once past the stale threshold. */
  /** The tiles' link to their Today view: where history is recorded, and not on a kiosk. */
  protected readonly todayLink = computed(() => (this.history.available() && !this.onKiosk ? { kind: 'service' as const, board: this.board()?.id ?? null } : null));
  protected readonly stale = staleness(this.services);
}
