/**
 * A team board's kept versions (who saved each, when), newest first, listed again whenever the board changes;
 * a supervisor puts one back, which saves it as a new version (the history keeps what it replaced).
 */
import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18n } from '../../../i18n/i18n';
import { BoardStore } from '../board-store';
import { importProblemMessage } from '../boards-page/import-message';
import type { TeamBoard, TeamBoardVersion } from '../team-boards';
import { savedWhen } from '../team-board-view';

@Component({
  selector: 'app-board-versions',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset data-testid="board-versions">
      <legend>{{ i18n.t('boards.versions') }}</legend>
      <p class="hint">{{ i18n.t('boards.versionsHint') }}</p>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <ol class="versions">
        @for (entry of versions(); track entry.version; let first = $first) {
          <li [attr.data-version]="entry.version">
            <span>{{ i18n.t('boards.versionLine', { version: entry.version, who: entry.savedBy, when: when(entry.savedAt) }) }}</span>
            @if (first) {
              <span class="current">{{ i18n.t('boards.currentVersion') }}</span>
            } @else if (store.canEdit()) {
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="restore(entry.version)" [attr.aria-label]="i18n.t('boards.restoreNamed', { version: entry.version })">
                {{ i18n.t('boards.restore') }}
              </button>
            }
          </li>
        }
      </ol>
    </fieldset>
  `,
  styles: `
    :host {
      display: block;
    }
    fieldset {
      margin: 0;
      padding: 1rem 1.25rem 1.25rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    legend {
      font-size: 1.25rem;
      font-weight: 500;
      padding: 0 0.5rem;
    }
    .hint {
      margin: 0 0 0.5rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
      font-weight: 500;
    }
    .versions {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 1rem;
      min-height: 40px;
    }
    .current {
      color: var(--mat-sys-on-surface-variant);
      font-style: italic;
    }
  `,
})
export class BoardVersions {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
  readonly boardId = input.required<string>();
  /** A version was put back: the editor shows it. */
  readonly restored = output<TeamBoard>();
  protected readonly versions = signal<TeamBoardVersion[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  constructor() {
    // Listed again whenever the board gets a new version, here or anywhere else.
    effect(() => {
      const id = this.boardId();
      const version = this.store.teamBoard(id)?.version;
      if (version !== undefined) untracked(() => void this.list(id));
    });
  }

  protected when(iso: string): string {
    return savedWhen(this.i18n, iso);
  }

  private async list(id: string): Promise<void> {
    try {
      this.versions.set(await this.store.versions(id));
      this.error.set(null);
    } catch (error) {
      this.error.set(this.i18n.t('boards.versionsError', { message: (error as Error).message }));
    }
  }

  protected async restore(version: number): Promise<void> {
    this.busy.set(true);
    const problem = await this.store.restore(this.boardId(), version);
    this.busy.set(false);
    if (problem?.kind === 'conflict') {
      // Someone saved meanwhile: the list shows their version now; the supervisor picks again knowing it.
      this.error.set(this.i18n.t('boards.restoreConflict', { who: problem.current.updatedBy, when: savedWhen(this.i18n, problem.current.updatedAt) }));
      return;
    }
    if (problem) {
      this.error.set(importProblemMessage(this.i18n, problem));
      return;
    }
    this.error.set(null);
    const now = this.store.teamBoard(this.boardId());
    if (now) this.restored.emit(now);
  }
}
