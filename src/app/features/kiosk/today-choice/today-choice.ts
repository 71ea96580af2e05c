/**
 * Picks the "today" slides of one board, in the kiosk link editor and the Displays page's playlist editor: which of
 * the board's services and groups (per channel) a TV shows the day of. Hands back every choice, this board's updated.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { I18n } from '../../../i18n/i18n';
import { channelLabelKey } from '../../../shared/channel';
import type { BoardDefinition } from '../../boards/board';
import { todayChoiceKey, todayChoices } from '../kiosk-config';

@Component({
  selector: 'app-today-choice',
  imports: [MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field class="today-choice" subscriptSizing="dynamic">
      <mat-select
        multiple
        [value]="selected()"
        (selectionChange)="choose($event.value)"
        [placeholder]="i18n.t('today.none')"
        [aria-label]="i18n.t('today.choose', { board: board().name })"
        [attr.data-today-board]="board().id"
      >
        @for (choice of choices(); track choice.key) {
          <mat-option [value]="choice.key" [attr.data-today-choice]="choice.subject.kind + '/' + choice.subject.code + '/' + choice.subject.channel">{{ choice.label }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `
    .today-choice {
      width: 14rem;
    }
  `,
})
export class TodayChoice {
  protected readonly i18n = inject(I18n);
  readonly board = input.required<Pick<BoardDefinition, 'id' | 'name' | 'services' | 'groups'>>();
  /** Every board's choices (todayChoiceKey). */
  readonly chosen = input.required<ReadonlySet<string>>();
  readonly chosenChange = output<ReadonlySet<string>>();

  protected readonly choices = computed(() =>
    todayChoices(this.board()).map((subject) => ({
      key: todayChoiceKey(this.board().id, subject),
      subject,
      label: this.i18n.t(subject.kind === 'service' ? 'services.tileLabel' : 'groups.tileLabel', { code: subject.code, channel: this.i18n.t(channelLabelKey(subject.channel)) }),
    })),
  );
  protected readonly selected = computed(() =>
    this.choices()
      .filter((choice) => this.chosen().has(choice.key))
      .map((choice) => choice.key),
  );

  protected choose(keys: readonly string[]): void {
    const mine = new Set(this.choices().map((choice) => choice.key));
    const next = new Set([...this.chosen()].filter((key) => !mine.has(key)));
    for (const key of keys) next.add(key);
    this.chosenChange.emit(next);
  }
}
