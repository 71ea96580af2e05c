import { escapeHtml, tooltipHtml } from './chart-tooltip';

/** What a person sees when the string is put into the page as HTML, as ECharts does with a tooltip. */
function asRendered(html: string): HTMLElement {
  const box = document.createElement('div');
  box.innerHTML = html;
  return box;
}

describe('chart tooltip text', () => {
  it('shows an activity code made of markup as that text, and makes no element of it', () => {
    // Were the markup run, its alert would block the test browser: caught here, it fails the spec instead.
    spyOn(window, 'alert');
    const code = '<img src=x onerror=alert(1)>';
    const shown = asRendered(tooltipHtml({ label: code, display: '1:05' }));
    expect(shown.textContent).toBe(`${code}: 1:05`);
    expect(shown.children.length).toBe(0);
  });

  it('escapes every character HTML gives meaning to, and leaves other text alone', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    expect(escapeHtml('Pausa pranzo — 5 agenti')).toBe('Pausa pranzo — 5 agenti');
    expect(
      asRendered(`<span title="${escapeHtml('" onmouseover="alert(1)')}"></span>`)
        .querySelector('span')!
        .getAttributeNames(),
    ).toEqual(['title']);
  });
});
