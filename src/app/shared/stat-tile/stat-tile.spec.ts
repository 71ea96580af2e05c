import { TestBed } from '@angular/core/testing';
import { I18n, LANGUAGE_STORAGE_KEY } from '../../i18n/i18n';
import { kpi } from '../kpi';
import { StatTile } from './stat-tile';
import { statTile, worstLevel } from './stat-tile-view';

describe('StatTile', () => {
  let savedLanguage: string | null;
  beforeEach(() => {
    savedLanguage = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  });
  afterEach(() => {
    if (savedLanguage === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    else localStorage.setItem(LANGUAGE_STORAGE_KEY, savedLanguage);
  });

  const view = statTile(
    'service_1',
    'CALL',
    [kpi('queuedCalls', 3), kpi('maxTimeCallOnQueue', 135, 'duration', 'critical')],
    [kpi('receivedCalls', 1234), kpi('averageTimeOnQueue', 17.25, 'duration')],
    [kpi('readyUsers', 4), kpi('busyUsers', null)],
  );

  async function render() {
    const fixture = TestBed.createComponent(StatTile);
    fixture.componentRef.setInput('view', view);
    fixture.componentRef.setInput('labelKey', 'services.tileLabel');
    await fixture.whenStable();
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
});

describe('stat tile view', () => {
  it('takes the worst level of its figures, or none when no figure has thresholds', () => {
    expect(worstLevel([kpi('a', 1, 'count', 'ok'), kpi('b', 1, 'count', 'warning'), kpi('c', 1)])).toBe('warning');
    expect(worstLevel([kpi('a', 1, 'count', 'critical'), kpi('b', 1, 'count', 'warning')])).toBe('critical');
    expect(worstLevel([kpi('a', 1)])).toBeUndefined();
  });

  it('is identified by CODE/CHANNEL', () => {
    expect(statTile('skillset_2', 'VIDEO', [], [], []).id).toBe('skillset_2/VIDEO');
  });
});
