/**
 * The saved boards: open, edit, delete, export to a JSON file and import one. An import that fails says why
 * and changes nothing. The team's boards are read-only to someone who is not a supervisor.
 */
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { I18n } from '../../../i18n/i18n';
import { KioskLinkEditor } from '../../kiosk/kiosk-link-editor/kiosk-link-editor';
import type { BoardDefinition } from '../board';
import { MAX_BOARD_FILE_BYTES } from '../board-file';
import { BOARD_PARAM, BoardStore, type ImportOutcome } from '../board-store';
import { savedWhen } from '../team-board-view';
import { UploadOffer } from '../upload-offer/upload-offer';
import { importProblemMessage, importedMessage } from './import-message';
import { boardSummary } from './board-summary';

type Notice = { kind: 'ok' | 'error'; text: string };

@Component({
  selector: 'app-boards-page',
  imports: [MatButtonModule, RouterLink, KioskLinkEditor, UploadOffer],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './boards-page.html',
  styleUrl: './boards-page.scss',
})
export class BoardsPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly boardParam = BOARD_PARAM;
  protected readonly summary = (board: BoardDefinition) => boardSummary(this.i18n, board);
  protected readonly notice = signal<Notice | null>(null);
  /** The board whose delete button was pressed once: a second press confirms. */
  protected readonly confirmingDelete = signal<string | null>(null);

  constructor() {
    void this.store.ensureStartingBoard().catch(() => undefined);
    const problem = this.store.storageProblem();
    if (problem) this.notice.set({ kind: 'error', text: this.i18n.t('boards.storageDamaged', { problem: importProblemMessage(this.i18n, problem) }) });
  }

  protected export(ids?: string[]): void {
    const blob = new Blob([this.store.exportText(ids)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = ids?.length === 1 ? `rtd-board-${ids[0]}.json` : 'rtd-boards.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  }

  protected async import(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const outcome: ImportOutcome =
      file.size > MAX_BOARD_FILE_BYTES ? { ok: false, problem: { kind: 'tooLarge', megabytes: MAX_BOARD_FILE_BYTES / 1_000_000 } } : await this.store.importFile(await file.text());
    this.notice.set(
      outcome.ok
        ? { kind: 'ok', text: importedMessage(this.i18n, file.name, outcome) }
        : { kind: 'error', text: this.i18n.t('boards.importFailed', { file: file.name, problem: importProblemMessage(this.i18n, outcome.problem) }) },
    );
  }

  protected async remove(id: string): Promise<void> {
    if (this.confirmingDelete() !== id) {
      this.confirmingDelete.set(id);
      return;
    }
    this.confirmingDelete.set(null);
    const problem = await this.store.remove(id);
    if (problem?.kind === 'conflict') {
      const { current } = problem;
      this.notice.set({ kind: 'error', text: this.i18n.t('boards.deleteConflict', { who: current.updatedBy, name: current.name, when: savedWhen(this.i18n, current.updatedAt) }) });
      return;
    }
    if (problem) {
      this.notice.set({ kind: 'error', text: importProblemMessage(this.i18n, problem) });
      return;
    }
    // The links of the shell carry the board in the URL: a deleted board must not stay there.
    if (this.store.requestedId() === id) void this.router.navigate([], { relativeTo: this.route, queryParams: { [BOARD_PARAM]: null }, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
