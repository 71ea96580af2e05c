/**
 * The title row of a board page: the page and board name, a picker to switch boards (the URL follows), a link
 * to edit the board (both in BoardPicker, loaded apart), and the live status. Also says so when a link names a
 * board this browser does not have.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { I18n, type MessageKey } from '../../../i18n/i18n';
import { type LiveState, LiveStatusBar } from '../../../shared/live-status/live-status';
import { activeBoard } from '../active-board';
import { BOARD_ON_SCREEN } from '../board-on-screen';
import { BoardStore } from '../board-store';
import { UploadOffer } from '../upload-offer/upload-offer';
import { BoardPicker } from './board-picker';

@Component({
  selector: 'app-board-header',
  imports: [BoardPicker, MatButton, RouterLink, LiveStatusBar, UploadOffer],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './board-header.html',
  styleUrl: './board-header.scss',
})
export class BoardHeader {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  readonly titleKey = input.required<MessageKey>();
  readonly live = input<LiveState | null>(null);
  /** On a kiosk nobody edits or picks boards: the header is the title alone. */
  protected readonly onKiosk = inject(BOARD_ON_SCREEN, { optional: true }) !== null;
  protected readonly board = activeBoard();
  private offered = false;
  /** The upload offer, once made, stays to say how the upload went. */
  protected readonly offerShown = computed(() => (this.offered ||= this.store.uploadOffer().length > 0));

  protected retryStart(): void {
    void this.store.ensureStartingBoard().catch(() => undefined);
  }
}
