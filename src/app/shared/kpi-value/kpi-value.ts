/**
 * One figure: its label and its value, as a <dt>/<dd> pair (the host is the <div> that groups them in a <dl>).
 * The value element carries the e2e hooks: data-field (the GraphQL field) and data-value (the raw value).
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import { I18n } from '../../i18n/i18n';
import { type KpiView, LEVEL_ICONS, LEVEL_LABELS } from '../kpi';

@Component({
  selector: '[appKpiValue]',
  imports: [MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kpi', '[class]': '"kpi-" + size() + " level-" + (kpi().level ?? "none")' },
  template: `
    <dt class="kpi-label">{{ i18n.t(kpi().labelKey) }}</dt>
    <dd class="kpi-value">
      @if (profiles(); as profiles) {
        <span class="kpi-profiles" tabindex="0" [matTooltip]="profiles" [attr.data-field]="kpi().field" [attr.data-value]="kpi().value ?? ''" [attr.data-profiles]="kpi().profileIds?.join(',')">{{ text() }}</span>
      } @else {
        <span [attr.data-field]="kpi().field" [attr.data-value]="kpi().value ?? ''" [attr.aria-hidden]="spoken() ? 'true' : null">{{ text() }}</span>
      }
      @if (spoken(); as words) {
        <span class="visually-hidden">{{ words }}</span>
      }
      @if (kpi().level; as level) {
        @if (level !== 'ok') {
          <span class="kpi-level material-symbols-outlined" aria-hidden="true">{{ levelIcons[level] }}</span>
          <span class="visually-hidden">{{ i18n.t(levelLabels[level]) }}</span>
        }
      }
    </dd>
  `,
  styleUrl: './kpi-value.scss',
})
export class KpiValue {
  protected readonly i18n = inject(I18n);
  protected readonly levelIcons = LEVEL_ICONS;
  protected readonly levelLabels = LEVEL_LABELS;
  readonly kpi = input.required<KpiView>();
  /** large: headline figures; medium: the rest. */
  readonly size = input<'large' | 'medium'>('medium');

  protected readonly text = computed(() => {
    const { value, format } = this.kpi();
    return format === 'duration' ? this.i18n.duration(value) : format === 'percent' ? this.i18n.percent(value, this.size() === 'large' ? 0 : 1) : this.i18n.count(value);
  });
  /** The profile ids behind an agent count, on hover and keyboard focus. */
  protected readonly profiles = computed(() => {
    const ids = this.kpi().profileIds;
    return ids?.length ? this.i18n.t('kpi.profileIds', { ids: ids.join(', ') }) : null;
  });
  /** Durations are read out in words ("1 minute, 5 seconds"), not as "1:05". */
  protected readonly spoken = computed(() => (this.kpi().format === 'duration' ? this.i18n.durationWords(this.kpi().value) : null));
}
