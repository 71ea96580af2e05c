/** Light / dark theme switch: an icon button that says what it will do. */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18n } from '../../i18n/i18n';
import { Theme } from '../theme';

@Component({
  selector: 'app-theme-toggle',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button mat-icon-button type="button" data-testid="theme-toggle" [attr.data-theme]="theme.theme()" [attr.aria-label]="label()" [attr.title]="label()" (click)="theme.toggle()">
      <span class="material-symbols-outlined" aria-hidden="true">{{ theme.theme() === 'dark' ? 'light_mode' : 'dark_mode' }}</span>
    </button>
  `,
})
export class ThemeToggle {
  protected readonly i18n = inject(I18n);
  protected readonly theme = inject(Theme);
  protected readonly label = computed(() => this.i18n.t(this.theme.theme() === 'dark' ? 'shell.themeToLight' : 'shell.themeToDark'));
}
