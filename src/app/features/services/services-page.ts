import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import { RtdLive } from '../../rtd/live-query';
import { LiveStatusBar } from '../../shared/live-status/live-status';
import { StatTile } from '../../shared/stat-tile/stat-tile';
import { DEFAULT_SERVICE_BOARD } from './service-board';
import { serviceTiles } from './service-tile-view';

@Component({
  selector: 'app-services-page',
  imports: [LiveStatusBar, StatTile],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './services-page.html',
  styleUrl: '../../shared/board-page.scss',
})
export class ServicesPage {
  protected readonly i18n = inject(I18n);
  protected readonly services = inject(RtdLive).serviceStats(DEFAULT_SERVICE_BOARD);
  protected readonly tiles = computed(() => serviceTiles(this.services.items()));
}
