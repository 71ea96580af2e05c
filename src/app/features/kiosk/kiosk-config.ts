/**
 * What a kiosk plays: slides (a board's page for some seconds), alert sound, burn-in protection, the stale
 * threshold and an optional daily reload hour. It travels in the kiosk link with the boards it names, and the
 * TV keeps it in its own browser.
 */
import * as z from 'zod/mini';
import type { BoardDefinition } from '../boards/board';
import { BOARD_FILE_FORMAT, BOARD_FILE_VERSION, boardFileText, parseBoardFile } from '../boards/board-file';

export const KIOSK_PAGES = ['services', 'groups', 'agents'] as const;
export type KioskPage = (typeof KIOSK_PAGES)[number];

export interface KioskSlide {
  board: string;
  page: KioskPage;
  /** How long the slide shows (an agent grid with more agents than fit shows each of its pages this long). */
  seconds: number;
}

/**
 * What a slide's seconds count: each screenful of a slide taller than the screen (so every screenful is on view
 * that long, and a tall slide stays longer), or the whole slide (its screenfuls share the time, each at least
 * MIN_SCREENFUL_SECONDS).
 */
export const SECONDS_PER = ['screenful', 'slide'] as const;
export type SecondsPer = (typeof SECONDS_PER)[number];

export interface KioskConfig {
  slides: KioskSlide[];
  /** Links made before this setting was there count per screenful, as they did. */
  secondsPer: SecondsPer;
  /** A sound when a tile turns critical. */
  sound: boolean;
  /** Shift the layout by a few pixels now and then, so nothing stays burnt into the screen. */
  burnIn: boolean;
  /** Numbers grey out when no update or keep-alive arrived for this long. */
  staleSeconds: number;
  /** Reload every day at this hour (0–23), a safety valve; null for never. */
  dailyReloadHour: number | null;
}

export const DEFAULT_SLIDE_SECONDS = 20;

export const DEFAULT_KIOSK_CONFIG: KioskConfig = { slides: [], secondsPer: 'screenful', sound: true, burnIn: true, staleSeconds: 15, dailyReloadHour: null };

const configSchema = z.strictObject({
  slides: z.array(z.strictObject({ board: z.string().check(z.minLength(1)), page: z.enum(KIOSK_PAGES), seconds: z.number().check(z.gte(3), z.lte(3600)) })),
  secondsPer: z._default(z.enum(SECONDS_PER), 'screenful'),
  sound: z.boolean(),
  burnIn: z.boolean(),
  staleSeconds: z.number().check(z.gte(3), z.lte(600)),
  dailyReloadHour: z.nullable(z.int().check(z.gte(0), z.lte(23))),
});

/** The slides of one board: its three pages in turn. */
export function boardSlides(board: string, seconds = DEFAULT_SLIDE_SECONDS): KioskSlide[] {
  return KIOSK_PAGES.map((page) => ({ board, page, seconds }));
}

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
    const parsedConfig = configSchema.safeParse(config);
    if (!parsedConfig.success) return { token, bundle: null, problem: `config: ${parsedConfig.error.issues[0]?.path.join('.')}` };
    const parsedBoards = parseBoardFile(JSON.stringify(boards ?? { format: BOARD_FILE_FORMAT, version: BOARD_FILE_VERSION, boards: [] }));
    if (!parsedBoards.ok) return { token, bundle: null, problem: `boards: ${parsedBoards.problem.kind}` };
    return { token, bundle: { config: parsedConfig.data, boards: parsedBoards.boards }, problem: null };
  } catch (error) {
    return { token, bundle: null, problem: (error as Error).message };
  }
}

const CONFIG_KEY = 'rtd-wallboard.kiosk';

export function loadKioskConfig(): KioskConfig {
  try {
    const parsed = configSchema.safeParse(JSON.parse(localStorage.getItem(CONFIG_KEY) ?? 'null'));
    return parsed.success ? parsed.data : DEFAULT_KIOSK_CONFIG;
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
