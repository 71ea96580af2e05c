/** The runtime language switch (English / Italiano), in the toolbar and on the login page. */
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { I18n, UI_LANGUAGES, type UiLanguage } from '../../i18n/i18n';

@Component({
  selector: 'app-language-switch',
  imports: [MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-button-toggle-group data-testid="language-switch" hideSingleSelectionIndicator [value]="i18n.language()" (change)="choose($event.value)" [attr.aria-label]="i18n.t('shell.language')">
      @for (language of languages; track language) {
        <mat-button-toggle [value]="language" [aria-label]="i18n.t(language === 'en' ? 'language.en' : 'language.it')" [attr.lang]="language">
          {{ language.toUpperCase() }}
        </mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    mat-button-toggle-group {
      --mat-button-toggle-height: 36px;
      --mat-button-toggle-label-text-weight: 700;
      --mat-button-toggle-selected-state-background-color: var(--mat-sys-secondary-container);
      --mat-button-toggle-selected-state-text-color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class LanguageSwitch {
  protected readonly i18n = inject(I18n);
  protected readonly languages = UI_LANGUAGES;

  protected choose(language: UiLanguage): void {
    this.i18n.setLanguage(language);
  }
}
