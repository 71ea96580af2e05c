import { englishDuringEachSpec } from '../../../i18n/english-during-spec.spec';
import { TestBed } from '@angular/core/testing';
import { I18n } from '../../../i18n/i18n';
import type { UserStatus } from '../../../rtd/generated/graphql';
import { agentStatusView } from '../../../shared/agent-status';
import { SlidePaging } from '../../boards/board-on-screen';
import { countByStatus } from '../agent-grid-view';
import type { AgentRowView } from '../agent-row-view';
import { AgentGrid } from './agent-grid';

function row(username: string, displayName: string, status: UserStatus, numberCallIn: number): AgentRowView {
  return {
    username,
    displayName,
    status: agentStatusView(status),
    statusSince: null,
    timeInState: null,
    activityCode: null,
    activityCodeRaw: '__EMPTY__',
    site: 1,
    currentService: status === 'BUSY_service' ? 'service_2' : null,
    currentGroup: null,
    numberCallIn,
    numberCallOut: 0,
    numberCallFromServiceAnswered: 0,
    numberCallFromServiceNotAnswered: 0,
    timeInStateReady: 60,
    timeInStateNotReady: 0,
    timeInStateBusy: 3700,
    timeInStateWNR: 0,
    profileId: 1,
    searchText: `${displayName} ${username}`.toLowerCase(),
    hasStats: true,
  };
}

const ROWS = [row('user_1', 'Giulia Rossi', 'READY', 5), row('user_2', 'Anna Neri', 'BUSY_service', 12), row('user_3', 'Carlo Bianchi', 'WNR', 1), row('user_4', 'Bruno Verdi', 'READY', 7)];

describe('AgentGrid', () => {
  englishDuringEachSpec();

  async function render(rows = ROWS) {
    TestBed.inject(I18n).setLanguage('en');
    const fixture = TestBed.createComponent(AgentGrid);
    fixture.componentRef.setInput('rows', rows);
    fixture.componentRef.setInput('counts', countByStatus(rows));
    const opened: string[] = [];
    fixture.componentInstance.openAgent.subscribe((username) => opened.push(username));
    await settle(fixture);
    const element = fixture.nativeElement as HTMLElement;
    return { fixture, element, opened };
  }

  /** The viewport measures itself and renders on the next frames. */
  async function settle(fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((resolve) => requestAnimationFrame(resolve));
      fixture.detectChanges();
    }
  }

  const usernames = (element: HTMLElement) => Array.from(element.querySelectorAll('[role="row"][data-username]')).map((r) => r.getAttribute('data-username'));
  const header = (element: HTMLElement, column: string) => element.querySelector<HTMLElement>(`[role="columnheader"][data-column="${column}"]`)!;
  const chip = (element: HTMLElement, status: string) => element.querySelector<HTMLButtonElement>(`button[data-coarse-status="${status}"]`)!;

  it('renders a row per agent with grid semantics, hooks and formatted values, sorted by name', async () => {
    const { element } = await render();
    expect(element.querySelector('[role="grid"]')).not.toBeNull();
    expect(element.querySelectorAll('[role="columnheader"]').length).toBe(15);
    expect(usernames(element)).toEqual(['user_2', 'user_4', 'user_3', 'user_1']);
    const anna = element.querySelector<HTMLElement>('[data-username="user_2"]')!;
    expect(anna.getAttribute('data-status')).toBe('BUSY_service');
    expect(anna.querySelectorAll('[role="gridcell"]').length).toBe(15);
    expect(anna.querySelector('[data-field="numberCallIn"]')!.getAttribute('data-value')).toBe('12');
    expect(anna.querySelector('[data-column="currentService"]')!.textContent!.trim()).toBe('service_2');
    expect(anna.querySelector('[data-field="timeInStateBusy"]')!.textContent!.trim()).toBe('1:01:40');
    expect(anna.querySelector('app-status-chip')!.textContent).toContain('On a service call');
    expect(header(element, 'name').getAttribute('aria-sort')).toBe('ascending');
  });

  it('sorts by a column when its header is pressed, and reverses on a second press', async () => {
    const { fixture, element } = await render();
    header(element, 'callsIn').querySelector('button')!.click();
    await settle(fixture);
    expect(usernames(element)).toEqual(['user_3', 'user_1', 'user_4', 'user_2']);
    expect(header(element, 'callsIn').getAttribute('aria-sort')).toBe('ascending');
    expect(header(element, 'name').getAttribute('aria-sort')).toBe('none');
    header(element, 'callsIn').querySelector('button')!.click();
    await settle(fixture);
    expect(usernames(element)).toEqual(['user_2', 'user_4', 'user_1', 'user_3']);
    expect(header(element, 'callsIn').getAttribute('aria-sort')).toBe('descending');
  });

  it('shows counts per status on the chips and toggles a status filter', async () => {
    const { fixture, element } = await render();
    expect(chip(element, 'ready').querySelector('[data-field="count"]')!.textContent!.trim()).toBe('2');
    expect(chip(element, 'ready').getAttribute('aria-pressed')).toBe('false');
    chip(element, 'ready').click();
    await settle(fixture);
    expect(chip(element, 'ready').getAttribute('aria-pressed')).toBe('true');
    expect(usernames(element)).toEqual(['user_4', 'user_1']);
    chip(element, 'post-call').click();
    await settle(fixture);
    expect(usernames(element)).toEqual(['user_4', 'user_3', 'user_1']);
    chip(element, 'ready').click();
    chip(element, 'post-call').click();
    await settle(fixture);
    expect(usernames(element).length).toBe(4);
  });

  it('searches by name or username', async () => {
    const { fixture, element } = await render();
    const input = element.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = 'rossi';
    input.dispatchEvent(new Event('input'));
    await settle(fixture);
    expect(usernames(element)).toEqual(['user_1']);
    input.value = 'USER_3';
    input.dispatchEvent(new Event('input'));
    await settle(fixture);
    expect(usernames(element)).toEqual(['user_3']);
  });

  it('opens an agent on click, Enter or Space; the grid is one Tab stop and arrows move between cells', async () => {
    const { fixture, element, opened } = await render();
    const tabStops = () => Array.from(element.querySelectorAll<HTMLElement>('[role="grid"] [tabindex="0"]'));
    const cell = (username: string, column: string) => element.querySelector<HTMLElement>(`[data-username="${username}"] [data-column="${column}"]`)!;
    const press = async (key: string, init: KeyboardEventInit = {}) => {
      (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
      await settle(fixture);
    };
    const focused = () => [document.activeElement?.closest('[data-username]')?.getAttribute('data-username') ?? 'header', document.activeElement?.getAttribute('data-column')];
    // One Tab stop in the grid (the first agent's name), none in the header's sort buttons.
    expect(tabStops()).toEqual([cell('user_2', 'name')]);
    expect(Array.from(element.querySelectorAll<HTMLElement>('button.sort')).every((button) => button.tabIndex === -1)).toBeTrue();
    element.querySelectorAll<HTMLElement>('[role="row"][data-username]')[1].click();
    expect(opened).toEqual(['user_4']);

    cell('user_2', 'name').focus();
    await press('ArrowDown');
    expect(focused()).toEqual(['user_4', 'name']);
    await press('ArrowRight');
    await press('ArrowRight');
    expect(focused()).toEqual(['user_4', 'status']);
    expect(tabStops()).toEqual([cell('user_4', 'status')]);
    await press('End');
    expect(focused()).toEqual(['user_4', 'timeWnr']);
    await press('Home');
    expect(focused()).toEqual(['user_4', 'name']);
    await press('End', { ctrlKey: true });
    expect(focused()).toEqual(['user_1', 'timeWnr']);
    await press('PageUp');
    expect(focused()).toEqual(['user_2', 'timeWnr']);
    await press('Enter');
    await press(' ');
    expect(opened).toEqual(['user_4', 'user_2', 'user_2']);

    // Up from the first agent: the header, where Enter sorts by that column.
    await press('Home');
    await press('ArrowRight');
    await press('ArrowUp');
    expect(focused()).toEqual(['header', 'site']);
    await press('Enter');
    expect(header(element, 'site').getAttribute('aria-sort')).toBe('ascending');
  });

  it('keeps its Tab stop on a drawn row when the rows are scrolled far from it', async () => {
    const many = Array.from({ length: 400 }, (_, i) => row(`agent_${String(i).padStart(3, '0')}`, `Agent ${String(i).padStart(3, '0')}`, 'READY', i));
    const { fixture, element } = await render(many);
    const viewport = element.querySelector<HTMLElement>('cdk-virtual-scroll-viewport')!;
    viewport.scrollTop = viewport.scrollHeight;
    viewport.dispatchEvent(new Event('scroll'));
    for (let i = 0; i < 3; i++) await settle(fixture);
    expect(element.querySelector('[data-username="agent_000"]')).withContext('the first row is no longer drawn').toBeNull();
    const stops = element.querySelectorAll('[role="grid"] [data-username] [tabindex="0"]');
    expect(stops.length).withContext('one Tab stop among the drawn rows').toBe(1);
  });

  it('makes the status chips one Tab stop, arrows moving between them', async () => {
    const { fixture, element } = await render();
    const chips = () => Array.from(element.querySelectorAll<HTMLElement>('button[data-coarse-status]'));
    expect(chips().map((c) => c.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
    chips()[0].focus();
    chips()[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle(fixture);
    expect(document.activeElement).toBe(chips()[1]);
    expect(chips().map((c) => c.tabIndex)).toEqual([-1, 0, -1, -1, -1, -1]);
  });

  describe('on a kiosk', () => {
    let frame: HTMLElement;
    afterEach(() => frame?.remove());

    const SIX = [...ROWS, row('user_5', 'Elena Gialli', 'READY', 2), row('user_6', 'Fabio Viola', 'READY', 3)];

    /** A kiosk slide's frame, 2,000 px high, and its paging, provided to the grid. */
    function kioskSlide(): SlidePaging {
      frame = document.createElement('div');
      frame.style.cssText = 'position: fixed; top: 0; left: 0; width: 1600px; height: 2000px; overflow: hidden;';
      document.body.append(frame);
      const paging = new SlidePaging();
      paging.frame.set(frame);
      TestBed.configureTestingModule({ providers: [{ provide: SlidePaging, useValue: paging }] });
      return paging;
    }

    /** The grid in a kiosk slide's frame: whole rows between the grid's top and the frame's bottom edge. */
    async function renderOnKiosk() {
      const paging = kioskSlide();
      const { fixture, element } = await render(SIX);
      frame.append(element);
      await settle(fixture);
      return { fixture, element, paging };
    }

    it('draws the screenful on show, whole rows only, the others not in the DOM, and pages through them', async () => {
      const { fixture, element, paging } = await renderOnKiosk();
      expect(element.querySelector('cdk-virtual-scroll-viewport')).toBeNull();
      // A TV: the room's columns, no chips, search or sort controls, nothing in the tab order.
      expect(element.querySelectorAll('[role="columnheader"]').length).toBe(6);
      expect(element.querySelector('button, input, [tabindex]')).toBeNull();
      expect(usernames(element).length).toBe(6);
      expect(paging.pageCount()).toBe(1);

      // Room for two rows and a half below the grid's top: two rows a screenful.
      const first = element.querySelector<HTMLElement>('[data-username]')!.getBoundingClientRect();
      frame.style.height = `${first.top + 2.5 * first.height}px`;
      await settle(fixture);
      expect(usernames(element)).toEqual(['user_2', 'user_4']);
      expect(paging.pageCount()).toBe(3);
      for (const agentRow of element.querySelectorAll('[data-username]')) {
        expect(agentRow.getBoundingClientRect().bottom).toBeLessThanOrEqual(frame.getBoundingClientRect().bottom);
      }

      paging.page.set(2);
      await settle(fixture);
      expect(usernames(element)).toEqual(['user_6', 'user_1']);
      expect(element.querySelector('[data-username="user_6"]')!.getAttribute('aria-rowindex')).toBe('6');
    });

    it('draws a new screenful a few rows a frame, not all in one (a long task on a TV)', async () => {
      kioskSlide();
      TestBed.inject(I18n).setLanguage('en');
      const many = Array.from({ length: 20 }, (_, i) => row(`agent_${String(i).padStart(2, '0')}`, `Agent ${i}`, 'READY', i));
      const fixture = TestBed.createComponent(AgentGrid);
      fixture.componentRef.setInput('rows', many);
      fixture.componentRef.setInput('counts', countByStatus(many));
      const element = fixture.nativeElement as HTMLElement;
      frame.append(element);
      fixture.detectChanges();
      const first = usernames(element).length;
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(many.length);
      for (let i = 0; i < 4; i++) await settle(fixture);
      expect(usernames(element).length).toBe(many.length);
    });
  });
});
