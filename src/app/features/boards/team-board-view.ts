/** What the pages say about a team board's saves: when, in the reader's language. */
import type { I18n } from '../../i18n/i18n';

/** A save's time: the time of day when it was today, else the date and time ("3/12/26, 18:20"). */
export function savedWhen(i18n: I18n, iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const today = new Date(now).toDateString() === new Date(at).toDateString();
  return new Intl.DateTimeFormat(i18n.locale(), today ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' }).format(at);
}
