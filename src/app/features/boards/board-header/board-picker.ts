/**
 * The board header's controls for a person at a browser: a picker to switch boards (the URL follows) and a link to
 * edit the board on screen. A component of its own so that the header loads it apart (`@defer`): a kiosk, which
 * shows neither, never loads the form field, the select and their overlay.
 */
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { I18n } from '../../../i18n/i18n';
import { BOARD_PARAM, BoardStore } from '../board-store';

@Component({
  selector: 'app-board-picker',
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.boards().length > 1) {
      <mat-form-field class="board-picker" subscriptSizing="dynamic">
        <mat-label>{{ i18n.t('boards.pick') }}</mat-label>
        <mat-select data-testid="board-picker" [value]="store.active()?.id" (selectionChange)="show($event.value)">
          @for (board of store.boards(); track board.id) {
            <mat-option [value]="board.id">{{ board.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
    }

    @if (store.active(); as board) {
      @if (store.canEdit()) {
        <a mat-stroked-button [routerLink]="['/boards', board.id]" data-testid="edit-board">
          <span class="material-symbols-outlined" aria-hidden="true">tune</span>
          {{ i18n.t('boards.edit') }}
        </a>
      }
    }
  `,
  // The header lays its controls out in one row: this component adds no box of its own (a style sheet, not a
  // style attribute, which the CSP refuses).
  styles: `
    :host {
      display: contents;
    }
    .board-picker {
      width: 16rem;
    }
  `,
})
export class BoardPicker {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected show(id: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { [BOARD_PARAM]: id }, queryParamsHandling: 'merge' });
  }
}
