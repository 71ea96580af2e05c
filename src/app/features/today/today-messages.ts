/**
 * The Today view's own messages, in English and Italian: loaded with the view (it is lazy), so a kiosk's first load
 * carries none of them. Read with `I18n.tFrom(TODAY_MESSAGES, key)`. The tile link, the page title and the editors'
 * words are in the app's catalogues (messages-en.ts), since those show without the view.
 */
import type { FeatureCatalogues } from '../../i18n/i18n';

const EN = {
  'today.heading': 'Today: {name}',
  'today.live': 'Now',
  'today.back': 'Back to the board',
  'today.serviceLevel': 'Service level per 15 minutes',
  'today.abandonRate': 'Abandon rate per 15 minutes',
  'today.received': 'Calls received per 15 minutes',
  'today.today': 'Today',
  'today.lastWeek': 'Last {weekday}',
  'today.interval': 'Interval',
  'today.partial': '{value} (partial: {minutes} of 15 min)',
  'today.partialLegend': 'Partial interval',
  'today.noValue': 'none',
  'today.gap': 'not recorded',
  'today.threshold.warning.below': 'Warning below {value}',
  'today.threshold.critical.below': 'Critical below {value}',
  'today.threshold.warning.above': 'Warning above {value}',
  'today.threshold.critical.above': 'Critical above {value}',
  'today.noFigure': 'No {figure} is recorded for this {kind} (today or last {weekday}).',
  'today.loading': 'Loading today’s intervals…',
  'today.noHistory': 'No history yet: the wallboard server records it minute by minute, and has none for this {kind} today.',
  'today.noServer': 'No history here: the wallboard server records it, and this wallboard runs without one (or without its recorder).',
  'today.why': 'Why: {reason}',
  'today.unreachable': 'The wallboard server did not answer: the intervals come again in a minute.',
  'today.unknownSubject': 'This link does not name a service or group (it should end in /today/service/<code>/CALL).',
  'today.kind.service': 'service',
  'today.kind.group': 'group',
  'today.figure.serviceLevel': 'service level',
  'today.figure.abandonRate': 'abandon rate',
  'today.figure.received': 'calls received',
} as const;

export type TodayMessageKey = keyof typeof EN;

const IT: Record<TodayMessageKey, string> = {
  'today.heading': 'Oggi: {name}',
  'today.live': 'Ora',
  'today.back': 'Torna al pannello',
  'today.serviceLevel': 'Livello di servizio ogni 15 minuti',
  'today.abandonRate': 'Tasso di abbandono ogni 15 minuti',
  'today.received': 'Chiamate ricevute ogni 15 minuti',
  'today.today': 'Oggi',
  'today.lastWeek': '{weekday} della settimana scorsa',
  'today.interval': 'Intervallo',
  'today.partial': '{value} (parziale: {minutes} minuti su 15)',
  'today.partialLegend': 'Intervallo parziale',
  'today.noValue': 'nessuno',
  'today.gap': 'non registrato',
  'today.threshold.warning.below': 'Attenzione sotto {value}',
  'today.threshold.critical.below': 'Critico sotto {value}',
  'today.threshold.warning.above': 'Attenzione sopra {value}',
  'today.threshold.critical.above': 'Critico sopra {value}',
  'today.noFigure': 'Nessun dato di {figure} è registrato per questo {kind} (oggi o {weekday} della settimana scorsa).',
  'today.loading': 'Caricamento degli intervalli di oggi…',
  'today.noHistory': 'Ancora nessuno storico: il server del wallboard lo registra minuto per minuto, e per questo {kind} oggi non ne ha.',
  'today.noServer': 'Nessuno storico qui: lo registra il server del wallboard, e questo wallboard funziona senza (o senza il suo registratore).',
  'today.why': 'Perché: {reason}',
  'today.unreachable': 'Il server del wallboard non ha risposto: gli intervalli tornano fra un minuto.',
  'today.unknownSubject': 'Questo link non indica un servizio o un gruppo (dovrebbe finire con /today/service/<codice>/CALL).',
  'today.kind.service': 'servizio',
  'today.kind.group': 'gruppo',
  'today.figure.serviceLevel': 'livello di servizio',
  'today.figure.abandonRate': 'tasso di abbandono',
  'today.figure.received': 'chiamate ricevute',
};

export const TODAY_MESSAGES: FeatureCatalogues<TodayMessageKey> = { en: EN, it: IT };
