/**
 * What a kiosk plays: slides (a board's page for some seconds), alert sound, burn-in protection, the stale
 * threshold and an optional daily reload hour. It travels in the kiosk link with the boards it names, and the
 * TV keeps it in its own browser.
 */
import { DEFAULT_KIOSK_CONFIG, type KioskConfig, type KioskSlide, type TodaySubject, checkPlaylist } from '../../../../contract/playlist-format';
import type { BoardDefinition } from '../boards/board';
import { BOARD_FILE_FORMAT, BOARD_FILE_VERSION, boardFileText, parseBoardFile } from '../boards/board-file';

// The format is the wallboard server's playlist too (contract/playlist-format.ts): written once, there.
export {
  DEFAULT_KIOSK_CONFIG,
  DEFAULT_SLIDE_SECONDS,
  KIOSK_PAGES,
  SECONDS_PER,
  SLIDE_PAGES,
  boardSlides,
  type KioskConfig,
  type KioskPage,
  type KioskSlide,
  type SecondsPer,
  type SlidePage,
  type TodaySubject,
} from '../../../../contract/playlist-format';

/** What a kiosk link carries besides the token: the config and the boards its slides show. */
export interface KioskBundle {
  config: KioskConfig;
  boards: BoardDefinition[];
}

/** base64url of UTF-8 text, so a bundle fits in a URL fragment. */
function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The kiosk link: `<origin>/kiosk#token=…&kiosk=…`. Both travel in the fragment, which browsers never send to a
 * server or proxy, so no log ever holds the token.
 */
export function kioskLink(origin: string, token: string, bundle: KioskBundle): string {
  const boards = JSON.parse(boardFileText(bundle.boards));
  // The default seconds-per is left out: a TV still on a build from before the setting reads the link whole.
  const { secondsPer, ...withoutSecondsPer } = bundle.config;
  const config = secondsPer === DEFAULT_KIOSK_CONFIG.secondsPer ? withoutSecondsPer : bundle.config;
  const params = new URLSearchParams({ token, kiosk: toBase64Url(JSON.stringify({ config, boards })) });
  return `${origin}/kiosk#${params.toString()}`;
}

export type KioskFragment = { token: string | null; bundle: KioskBundle | null; problem: string | null };

/** Reads a kiosk link's fragment; a damaged bundle is reported and ignored, the token still counts. */
export function readKioskFragment(hash: string): KioskFragment {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim() || null;
  const encoded = params.get('kiosk');
  if (!encoded) return { token, bundle: null, problem: null };
  try {
    const { config, boards } = JSON.parse(fromBase64Url(encoded)) as { config: unknown; boards: unknown };
    const parsedConfig = checkPlaylist(config);
    if (!parsedConfig.ok) return { token, bundle: null, problem: `config: ${parsedConfig.field}` };
    const parsedBoards = parseBoardFile(JSON.stringify(boards ?? { format: BOARD_FILE_FORMAT, version: BOARD_FILE_VERSION, boards: [] }));
    if (!parsedBoards.ok) return { token, bundle: null, problem: `boards: ${parsedBoards.problem.kind}` };
    return { token, bundle: { config: parsedConfig.playlist, boards: parsedBoards.boards }, problem: null };
  } catch (error) {
    return { token, bundle: null, problem: (error as Error).message };
  }
}

const CONFIG_KEY = 'rtd-wallboard.kiosk';

export function loadKioskConfig(): KioskConfig {
  try {
    const parsed = checkPlaylist(JSON.parse(localStorage.getItem(CONFIG_KEY) ?? 'null'));
    return parsed.ok ? parsed.playlist : DEFAULT_KIOSK_CONFIG;
  } catch {
    return DEFAULT_KIOSK_CONFIG;
  }
}

export function saveKioskConfig(config: KioskConfig): void {
  try {
    localStorage.setItem(CONFIG_KEY, JSON.stringify(config));
  } catch {
    // Storage refused: the kiosk plays this config until the next reload.
  }
}

/** What a "today" slide of `board` can show: each of its services, then each of its groups, per channel. */
export function todayChoices(board: Pick<BoardDefinition, 'services' | 'groups'>): TodaySubject[] {
  const channels = ['CALL', 'VIDEO', 'CHAT'] as const;
  return [
    ...channels.flatMap((channel) => board.services[channel].map((code) => ({ kind: 'service' as const, code, channel }))),
    ...channels.flatMap((channel) => board.groups[channel].map((code) => ({ kind: 'group' as const, code, channel }))),
  ];
}

/** A today slide's key among the editors' choices: "board|kind|channel|code" (codes have no "|"). */
export function todayChoiceKey(board: string, subject: TodaySubject): string {
  return `${board}|${subject.kind}|${subject.channel}|${subject.code}`;
}

/** The today slides chosen for `board`, in the board's order, each `seconds` long. */
export function todaySlides(board: Pick<BoardDefinition, 'id' | 'services' | 'groups'>, chosen: ReadonlySet<string>, seconds: number): KioskSlide[] {
  return todayChoices(board)
    .filter((subject) => chosen.has(todayChoiceKey(board.id, subject)))
    .map((today) => ({ board: board.id, page: 'today' as const, seconds, today }));
}
