/**
 * The boards this browser kept before the team had a server, offered once to a supervisor for upload: upload
 * them (the import's rules: nothing on the server is overwritten), not now (asked again at the next visit), or
 * never in this browser.
 */
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18n } from '../../../i18n/i18n';
import { BoardStore } from '../board-store';
import { importProblemMessage, importedParts } from '../boards-page/import-message';

@Component({
  selector: 'app-upload-offer',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.uploadOffer(); as boards) {
      @if (boards.length) {
        <section class="offer" role="region" [attr.aria-label]="i18n.t('boards.upload')" data-testid="upload-offer">
          <p>
            <span class="material-symbols-outlined" aria-hidden="true">upload</span>
            {{ i18n.plural('boards.uploadOffer', boards.length) }}
            <span class="names">{{ names(boards) }}</span>
          </p>
          <div class="actions">
            <button mat-flat-button type="button" [disabled]="busy()" (click)="upload()" data-testid="upload-boards">{{ i18n.t('boards.upload') }}</button>
            <button mat-button type="button" [disabled]="busy()" (click)="store.dismissUploadOffer(false)" data-testid="upload-not-now">{{ i18n.t('boards.notNow') }}</button>
            <button mat-button type="button" [disabled]="busy()" (click)="store.dismissUploadOffer(true)" data-testid="upload-never">{{ i18n.t('boards.neverAsk') }}</button>
          </div>
        </section>
      }
    }
    @if (result(); as message) {
      <p class="result" [attr.role]="message.ok ? 'status' : 'alert'" [attr.data-kind]="message.ok ? 'ok' : 'error'" data-testid="upload-result">{{ message.text }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .offer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-bottom: 1rem;
      padding: 0.75rem 1rem;
      border-radius: 8px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .offer p {
      margin: 0;
      flex: 1 1 24rem;
    }
    .offer .material-symbols-outlined {
      vertical-align: middle;
      margin-right: 0.5rem;
    }
    .names {
      font-weight: 500;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .result {
      margin: 0 0 1rem;
    }
  `,
})
export class UploadOffer {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  protected readonly busy = signal(false);
  protected readonly result = signal<{ ok: boolean; text: string } | null>(null);

  protected names(boards: readonly { name: string }[]): string {
    return this.i18n.list(boards.map((board) => board.name));
  }

  protected async upload(): Promise<void> {
    this.busy.set(true);
    const outcome = await this.store.uploadLocal();
    this.busy.set(false);
    this.result.set(
      outcome.ok
        ? { ok: true, text: this.i18n.t('boards.uploaded', { parts: importedParts(this.i18n, outcome) }) }
        : { ok: false, text: this.i18n.t('boards.uploadFailed', { problem: importProblemMessage(this.i18n, outcome.problem) }) },
    );
  }
}
