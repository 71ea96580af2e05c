/**
 * One figure: its label and its value, as a <dt>/<dd> pair (the host is the <div> that groups them in a <dl>).
 * The value element carries the e2e hooks: data-field (the GraphQL field) and data-value (the raw value).
 */
import { ChangeDetectionStrategy, Component, InjectionToken, computed, inject, input } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { MatTooltip } from '@angular/material/tooltip';
import { I18n } from '../../i18n/i18n';
import { type KpiView, LEVEL_ICONS, LEVEL_LABELS } from '../kpi';

/**
 * Whether figures offer their details (an agent count's profile ids) as a tooltip on hover and keyboard focus.
 * The tooltip's code (and the overlay it opens in) loads apart, once the page is drawn; a kiosk, which nobody
 * hovers or tabs through, says no and never loads it.
 */
export const FIGURE_TOOLTIPS = new InjectionToken<boolean>('figures offer tooltips', { factory: () => true });

/** `value` to `decimals` places, towards the worse side when asked (see KpiView.round). */
export function roundToward(value: number | null, decimals: number, round: KpiView['round']): number | null {
  if (value === null || !round) return value;
  const scale = 10 ** decimals;
  // The small epsilon keeps 80 from becoming 79.99999 → 79 through floating-point noise.
  return (round === 'down' ? Math.floor(value * scale + 1e-9) : Math.ceil(value * scale - 1e-9)) / scale;
}

@Component({
  selector: '[appKpiValue]',
  imports: [MatTooltip, NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kpi', '[class]': '"kpi-" + size() + " level-" + (kpi().level ?? "none")' },
  template: `
    <dt class="kpi-label">{{ i18n.t(kpi().labelKey) }}</dt>
    <dd class="kpi-value">
      @if (profiles(); as profiles) {
        @if (tooltips) {
          <!-- The value shows at once; its tooltip comes with its code. -->
          @defer (on immediate) {
            <span class="kpi-profiles" tabindex="0" [matTooltip]="profiles" [attr.data-field]="kpi().field" [attr.data-value]="kpi().value ?? ''" [attr.data-profiles]="kpi().profileIds?.join(',')">{{
              text()
            }}</span>
          } @placeholder {
            <ng-container *ngTemplateOutlet="withProfiles" />
          }
        } @else {
          <ng-container *ngTemplateOutlet="withProfiles" />
        }
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
    <!-- Without tooltips (a TV) no hint of one: no dotted underline, no Tab stop. -->
    <ng-template #withProfiles>
      <span
        [class.kpi-profiles]="tooltips"
        [attr.tabindex]="tooltips ? 0 : null"
        [attr.data-field]="kpi().field"
        [attr.data-value]="kpi().value ?? ''"
        [attr.data-profiles]="kpi().profileIds?.join(',')"
        >{{ text() }}</span
      >
    </ng-template>
  `,
  styleUrl: './kpi-value.scss',
})
export class KpiValue {
  protected readonly i18n = inject(I18n);
  protected readonly levelIcons = LEVEL_ICONS;
  protected readonly levelLabels = LEVEL_LABELS;
  protected readonly tooltips = inject(FIGURE_TOOLTIPS);
  readonly kpi = input.required<KpiView>();
  /** large: headline figures; medium: the rest. */
  readonly size = input<'large' | 'medium'>('medium');

  protected readonly text = computed(() => {
    const { value, format, round } = this.kpi();
    if (format === 'duration') return this.i18n.duration(value);
    if (format !== 'percent') return this.i18n.count(value);
    const decimals = this.size() === 'large' ? 0 : 1;
    return this.i18n.percent(roundToward(value, decimals, round), decimals);
  });
  /** The profile ids behind an agent count, on hover and keyboard focus. */
  protected readonly profiles = computed(() => {
    const ids = this.kpi().profileIds;
    return ids?.length ? this.i18n.t('kpi.profileIds', { ids: ids.join(', ') }) : null;
  });
  /** Durations are read out in words ("1 minute, 5 seconds"), not as "1:05". */
  protected readonly spoken = computed(() => (this.kpi().format === 'duration' ? this.i18n.durationWords(this.kpi().value) : null));
}
