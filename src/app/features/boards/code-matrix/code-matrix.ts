/**
 * Chooses codes per channel: one row per code the server reveals (or the supervisor typed), one checkbox per
 * channel, and a field to type a code the server has not revealed yet.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { I18n, type MessageKey } from '../../../i18n/i18n';
import type { MultiChannel } from '../../../rtd/generated/graphql';
import { CHANNELS, channelLabelKey } from '../../../shared/channel';
import type { ChannelCodes } from '../board';
import { codeRows, setChannel, toggleCode, typedCode } from './code-matrix-view';

@Component({
  selector: 'app-code-matrix',
  imports: [MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './code-matrix.html',
  styleUrl: './code-matrix.scss',
})
export class CodeMatrix {
  protected readonly i18n = inject(I18n);
  protected readonly channels = CHANNELS;
  protected readonly channelLabelKey = channelLabelKey;
  readonly codes = input.required<ChannelCodes>();
  readonly revealed = input.required<readonly string[]>();
  /** 'service' or 'group': names the rows for people and the e2e hooks. */
  readonly kind = input.required<'service' | 'group'>();
  readonly captionKey = input.required<MessageKey>();
  readonly codesChange = output<ChannelCodes>();

  protected readonly rows = computed(() => codeRows(this.codes(), this.revealed()));
  protected readonly typed = signal('');
  protected readonly typedError = signal(false);

  protected toggle(code: string, channel: MultiChannel, on: boolean): void {
    this.codesChange.emit(toggleCode(this.codes(), code, channel, on));
  }

  protected all(channel: MultiChannel, on: boolean): void {
    this.codesChange.emit(setChannel(this.codes(), channel, on ? this.rows().map((row) => row.code) : []));
  }

  /** Adds a typed code on the CALL channel (the usual one); its other channels are a click away. */
  protected add(): void {
    const code = typedCode(this.typed());
    if (!code) {
      this.typedError.set(true);
      return;
    }
    this.typedError.set(false);
    this.typed.set('');
    if (!this.codes().CALL.includes(code)) this.codesChange.emit(toggleCode(this.codes(), code, 'CALL', true));
  }
}
