/**
 * The pairing screen's messages, in English and Italian: loaded with kiosk-display.ts, so a kiosk link's first load
 * carries none of them. Read with `I18n.tFrom(PAIRING_MESSAGES, key)`.
 */
import type { FeatureCatalogues } from '../../i18n/i18n';

const EN = {
  'display.pairTitle': 'Pair this TV',
  'display.codeLabel': 'Pairing code {code}',
  'display.pairInstruction': 'On a computer, open {url} and type this code.',
  'display.codeLeft': 'The code is good for {time}; a new one follows by itself.',
  'display.codeComing': 'Asking the wallboard server for a pairing code…',
  'display.tooManyCodes': 'This TV asked for too many codes: a new one in {seconds} s.',
  'display.serverUnreachable': 'The wallboard server does not answer; this TV keeps trying.',
} as const;

export type PairingMessageKey = keyof typeof EN;

export const PAIRING_MESSAGES: FeatureCatalogues<PairingMessageKey> = {
  en: EN,
  it: {
    'display.pairTitle': 'Associa questo televisore',
    'display.codeLabel': 'Codice di associazione {code}',
    'display.pairInstruction': 'Su un computer, apri {url} e scrivi questo codice.',
    'display.codeLeft': 'Il codice vale ancora per {time}; poi ne arriva uno nuovo da solo.',
    'display.codeComing': 'Richiesta di un codice di associazione al server del wallboard…',
    'display.tooManyCodes': 'Questo televisore ha chiesto troppi codici: uno nuovo tra {seconds} s.',
    'display.serverUnreachable': 'Il server del wallboard non risponde; questo televisore continua a provare.',
  },
};
