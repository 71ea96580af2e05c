import { TestBed } from '@angular/core/testing';
import { I18n } from '../../../i18n/i18n';
import type { ChannelCodes } from '../board';
import { CodeMatrix } from './code-matrix';

describe('CodeMatrix', () => {
  async function render(codes: ChannelCodes) {
    const fixture = TestBed.createComponent(CodeMatrix);
    TestBed.inject(I18n).setLanguage('en');
    fixture.componentRef.setInput('codes', codes);
    fixture.componentRef.setInput('revealed', ['service_1', 'service_2']);
    fixture.componentRef.setInput('kind', 'service');
    fixture.componentRef.setInput('captionKey', 'boards.services');
    const emitted: ChannelCodes[] = [];
    fixture.componentInstance.codesChange.subscribe((c) => emitted.push(c));
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement, emitted };
  }

  it('adds a typed code with Enter, on CALL, without submitting any surrounding form', async () => {
    const { element, emitted } = await render({ CALL: [], VIDEO: [], CHAT: [] });
    const form = document.createElement('form');
    const submitted = jasmine.createSpy('submit');
    form.addEventListener('submit', submitted);
    form.appendChild(element);
    document.body.appendChild(form);
    try {
      const input = element.querySelector<HTMLInputElement>('[data-testid="add-service"]')!;
      input.value = 'service_9';
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      element.querySelector<HTMLButtonElement>('[data-testid="add-service-button"]')!.click();
      expect(emitted[0]).toEqual({ CALL: ['service_9'], VIDEO: [], CHAT: [] });
      expect(submitted).not.toHaveBeenCalled();
    } finally {
      form.remove();
    }
  });

  it('refuses a code with spaces, saying why', async () => {
    const { element, emitted, fixture } = await render({ CALL: [], VIDEO: [], CHAT: [] });
    const input = element.querySelector<HTMLInputElement>('[data-testid="add-service"]')!;
    input.value = 'two words';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await fixture.whenStable();
    expect(emitted).toEqual([]);
    expect(element.querySelector('[role="alert"]')!.textContent).toContain('no spaces');
  });

  it('switches a whole channel with its All and None buttons', async () => {
    const { element, emitted } = await render({ CALL: ['service_1'], VIDEO: [], CHAT: [] });
    element.querySelector<HTMLButtonElement>('[aria-label="All: every code on Video"]')!.click();
    element.querySelector<HTMLButtonElement>('[aria-label="None: no code on Calls"]')!.click();
    expect(emitted).toEqual([
      { CALL: ['service_1'], VIDEO: ['service_1', 'service_2'], CHAT: [] },
      { CALL: [], VIDEO: [], CHAT: [] },
    ]);
  });
});
