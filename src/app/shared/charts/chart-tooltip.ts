/**
 * ECharts puts a tooltip formatter's string into the page as HTML, and the labels come from the server (activity
 * codes, agent statuses): every piece of text is escaped, so a label is shown as text and never runs as markup.
 * Written here rather than imported from ECharts (`format.encodeHTML`), which would pull echarts/core into the
 * eager bundle: the charts library loads only when a chart first draws.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text with the characters HTML gives meaning to written as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]);
}

/** A chart datum's tooltip, "Lunch: 1:05:00", as HTML that shows exactly that text. */
export function tooltipHtml(datum: { readonly label: string; readonly display: string }): string {
  return `${escapeHtml(datum.label)}: ${escapeHtml(datum.display)}`;
}
