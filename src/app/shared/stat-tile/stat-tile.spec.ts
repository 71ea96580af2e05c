import { englishDuringEachSpec } from '../../i18n/english-during-spec.spec';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../../i18n/i18n';
import { renderDeferred } from '../testing/deferred';
import { kpi } from '../kpi';
import { FIGURE_TOOLTIPS, roundToward } from '../kpi-value/kpi-value';
import { StatTile } from './stat-tile';
import { type StatTileView, statTile, worstLevel } from './stat-tile-view';

describe('StatTile', () => {
  englishDuringEachSpec();

  const ready = { ...kpi('readyUsers', 4), profileIds: [11, 12, 13, 14] };
  const view = {
    ...statTile('service_1', 'CALL', {
      headline: [kpi('queuedCalls', 3), kpi('maxTimeCallOnQueue', 135, 'duration', 'critical'), kpi('serviceLevel', 87.456, 'percent', 'ok')],
      traffic: [kpi('receivedCalls', 1234), kpi('averageTimeOnQueue', 17.25, 'duration'), kpi('abandonRate', 4.25, 'percent', 'ok')],
      agents: [ready, kpi('busyUsers', null)],
      custom: [
        { key: 'sl1', value: '87.5', aggregatedValue: '90.25' },
        { key: 'note', value: 'n/a', aggregatedValue: null },
      ],
    }),
    trends: [
      {
        field: 'queuedCalls',
        points: [
          { at: Date.now() - 60_000, value: 1 },
          { at: Date.now(), value: 3 },
        ],
      },
    ],
  };

  async function render(showAggregate = true) {
    const fixture = TestBed.createComponent(StatTile);
    fixture.componentRef.setInput('view', view);
    fixture.componentRef.setInput('labelKey', 'services.tileLabel');
    fixture.componentRef.setInput('showAggregate', showAggregate);
    await fixture.whenStable();
    await renderDeferred(fixture);
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('renders each figure with its GraphQL field name and raw value as hooks', async () => {
    const { element } = await render();
    const field = (name: string) => element.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
    expect(field('queuedCalls').textContent!.trim()).toBe('3');
    expect(field('receivedCalls').textContent!.trim()).toBe('1234');
    expect(field('readyUsers').textContent!.trim()).toBe('4');
    expect(field('maxTimeCallOnQueue').textContent!.trim()).toBe('2:15');
    expect(field('maxTimeCallOnQueue').getAttribute('data-value')).toBe('135');
    expect(field('averageTimeOnQueue').getAttribute('data-value')).toBe('17.25');
    expect(field('busyUsers').textContent!.trim()).toBe('–');
    expect(field('busyUsers').getAttribute('data-value')).toBe('');
  });

  it('writes percentages the reader’s way: whole in the headline, one decimal below', async () => {
    const { element, fixture } = await render();
    const field = (name: string) => element.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
    expect(field('serviceLevel').textContent!.trim()).toBe('87%');
    expect(field('serviceLevel').getAttribute('data-value')).toBe('87.456');
    expect(field('abandonRate').textContent!.trim()).toBe('4.3%');
    TestBed.inject(I18n).setLanguage('it');
    await fixture.whenStable();
    expect(field('abandonRate').textContent!.replace(/\s/g, ' ').trim()).toBe('4,3%');
  });

  it('rounds a rate towards its worse side, so it never reads as past a threshold it has not crossed', () => {
    expect(roundToward(79.6, 0, 'down')).toBe(79);
    expect(roundToward(80, 0, 'down')).toBe(80);
    expect(roundToward(5.04, 1, 'up')).toBe(5.1);
    expect(roundToward(5, 1, 'up')).toBe(5);
    expect(roundToward(87.456, 0, undefined)).toBe(87.456);
    expect(roundToward(null, 0, 'down')).toBeNull();
  });

  it('shows a rate of nothing abandoned as 0.0%, never -0.0% (rounding 0 up gives -0)', () => {
    const i18n = TestBed.inject(I18n);
    expect(Object.is(roundToward(0, 1, 'up'), -0))
      .withContext('the rounding that once showed "-0.0%"')
      .toBeTrue();
    expect(i18n.percent(roundToward(0, 1, 'up'), 1)).toBe('0.0%');
    expect(i18n.percent(roundToward(0, 0, 'up'), 0)).toBe('0%');
  });

  it('shows the profile ids behind an agent count on keyboard focus (a tooltip on a focusable value)', async () => {
    const { element } = await render();
    const count = element.querySelector<HTMLElement>('[data-field="readyUsers"]')!;
    expect(count.getAttribute('tabindex')).toBe('0');
    expect(count.getAttribute('data-profiles')).toBe('11,12,13,14');
  });

  it('on a TV (no tooltips) gives an agent count no hint of a tooltip: no dotted underline, no Tab stop', async () => {
    TestBed.overrideProvider(FIGURE_TOOLTIPS, { useValue: false });
    const { element } = await render();
    const count = element.querySelector<HTMLElement>('[data-field="readyUsers"]')!;
    expect(count.textContent!.trim()).toBe('4');
    expect(count.hasAttribute('tabindex')).toBeFalse();
    expect(getComputedStyle(count).textDecorationStyle).not.toBe('dotted');
  });

  it('lists custom stats with value and board aggregate, numbers formatted, text as sent', async () => {
    const { element } = await render();
    const row = (key: string) => element.querySelector<HTMLElement>(`[data-custom-stat="${key}"]`)!;
    expect(row('sl1').querySelector('[data-field="sl1.value"]')!.textContent!.trim()).toBe('87.5');
    expect(row('sl1').querySelector('[data-field="sl1.aggregatedValue"]')!.textContent!.trim()).toBe('90.25');
    expect(row('note').querySelector('[data-field="note.value"]')!.textContent!.trim()).toBe('n/a');
  });

  it('leaves the aggregate column off for servers without it', async () => {
    const { element } = await render(false);
    expect(element.querySelector('[data-field="sl1.aggregatedValue"]')).toBeNull();
    expect(element.querySelector('[data-field="sl1.value"]')).not.toBeNull();
  });

  it('draws a trend with a spoken summary', async () => {
    const { element } = await render();
    const trend = element.querySelector<HTMLElement>('[data-trend="queuedCalls"]')!;
    expect(trend.getAttribute('role')).toBe('img');
    expect(trend.getAttribute('aria-label')).toBe('Waiting, last 30 minutes: lowest 1, highest 3');
    expect(trend.querySelector('path')!.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/);
  });

  it('names the tile for screen readers and reads durations out in words', async () => {
    const { element } = await render();
    expect(element.querySelector('article')!.getAttribute('aria-label')).toBe('Service service_1, Calls');
    expect(element.textContent).toContain('2 minutes, 15 seconds');
  });

  it('shows a critical level with an icon and a word, not by colour alone', async () => {
    const { element } = await render();
    expect(element.classList).toContain('level-critical');
    expect(element.querySelector('.tile-level')!.textContent).toContain('Critical');
    expect(element.querySelector('.tile-level .material-symbols-outlined')!.textContent!.trim()).toBe('error');
  });

  it('follows the language at runtime', async () => {
    const { element, fixture } = await render();
    TestBed.inject(I18n).setLanguage('it');
    await fixture.whenStable();
    expect(element.textContent).toContain('In attesa');
    expect(element.textContent).toContain('Chiamate');
  });

  it('names the figure that set its level beside the level word, with the number as the tile shows it, in both languages', async () => {
    const { element, fixture } = await render();
    const level = () => element.querySelector<HTMLElement>('[data-testid="tile-level"]')!;
    expect(level().getAttribute('data-cause')).toBe('maxTimeCallOnQueue');
    expect(level().textContent!.replace(/\s+/g, ' ').trim()).toBe('error Critical · wait 2:15');
    TestBed.inject(I18n).setLanguage('it');
    await fixture.whenStable();
    expect(level().textContent!.replace(/\s+/g, ' ').trim()).toBe('error Critico · attesa 2:15');
    // A traffic figure keeps its decimal, as the tile writes it below.
    fixture.componentRef.setInput(
      'view',
      statTile('service_1', 'CALL', { headline: [kpi('queuedCalls', 0)], traffic: [{ ...kpi('abandonRate', 11.23, 'percent', 'critical'), round: 'up' }], agents: [] }),
    );
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="tile-cause"]')!.textContent!.trim()).toBe('· abbandoni 11,3%');
    expect(element.querySelector('[data-field="abandonRate"]')!.textContent!.trim()).toBe('11,3%');
  });

  describe('breach warning', () => {
    async function renderWarning(forecast: StatTileView['forecast'], staleFor: number | null = null) {
      const fixture = TestBed.createComponent(StatTile);
      fixture.componentRef.setInput('view', { ...view, forecast });
      fixture.componentRef.setInput('labelKey', 'services.tileLabel');
      fixture.componentRef.setInput('staleFor', staleFor);
      await fixture.whenStable();
      return { fixture, element: fixture.nativeElement as HTMLElement };
    }

    it('says which figure turns critical and in about how long, with an icon, and in full words for a screen reader', async () => {
      const { element, fixture } = await renderWarning({ kpi: 'longestWait', minutes: 3 });
      const line = element.querySelector<HTMLElement>('[data-testid="tile-forecast"]')!;
      expect(line.getAttribute('data-kpi')).toBe('longestWait');
      expect(line.getAttribute('data-minutes')).toBe('3');
      expect(line.querySelector('.material-symbols-outlined')!.getAttribute('aria-hidden')).toBe('true');
      expect(line.querySelector('span[aria-hidden="true"]:not(.material-symbols-outlined)')!.textContent!.trim()).toBe('Longest wait critical in ~3 min');
      expect(line.querySelector('.visually-hidden')!.textContent!.trim()).toBe('Forecast: longest wait critical in about 3 minutes');

      fixture.componentRef.setInput('view', { ...view, forecast: { kpi: 'serviceLevel', minutes: 1 } });
      TestBed.inject(I18n).setLanguage('it');
      await fixture.whenStable();
      const italian = element.querySelector<HTMLElement>('[data-testid="tile-forecast"]')!;
      expect(italian.textContent).toContain('Livello di servizio critico tra ~1 min');
      expect(italian.querySelector('.visually-hidden')!.textContent!.trim()).toBe('Previsione: livello di servizio critico tra circa 1 minuto');
    });

    it('shows nothing without a warning, nor while the numbers are stale', async () => {
      expect((await renderWarning(undefined)).element.querySelector('[data-testid="tile-forecast"]')).toBeNull();
      expect((await renderWarning({ kpi: 'longestWait', minutes: 3 }, 40)).element.querySelector('[data-testid="tile-forecast"]')).toBeNull();
    });
  });
});

describe('stat tile view', () => {
  it('takes the worst level of its figures, or none when no figure has thresholds', () => {
    expect(worstLevel([kpi('a', 1, 'count', 'ok'), kpi('b', 1, 'count', 'warning'), kpi('c', 1)])).toBe('warning');
    expect(worstLevel([kpi('a', 1, 'count', 'critical'), kpi('b', 1, 'count', 'warning')])).toBe('critical');
    expect(worstLevel([kpi('a', 1)])).toBeUndefined();
  });

  it('is identified by CODE/CHANNEL', () => {
    expect(statTile('skillset_2', 'VIDEO', { headline: [], traffic: [], agents: [] }).id).toBe('skillset_2/VIDEO');
  });
});
