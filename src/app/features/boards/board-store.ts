/**
 * The supervisor's boards: kept in this browser (in the board file format, so storage is checked like an
 * import), the one on screen named by the URL's `board` parameter so a link or bookmark opens it again.
 */
import { Injectable, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, map } from 'rxjs';
import { I18n } from '../../i18n/i18n';
import { browserStorage } from '../../shared/browser-storage';
import { RtdDirectory } from '../../rtd/directory';
import { describeRtdError } from '../../rtd/rtd-errors';
import { type BoardDefinition, boardId, startingBoard } from './board';
import { type BoardFileProblem, boardFileText, parseBoardFile } from './board-file';

const STORAGE_KEY = 'rtd-wallboard.boards';
/** Where an unreadable saved value is moved, so a bad write never destroys a supervisor's boards for good. */
const DAMAGED_KEY = 'rtd-wallboard.boards.damaged';
const LAST_BOARD_KEY = 'rtd-wallboard.lastBoard';
export const BOARD_PARAM = 'board';

export type ImportOutcome = { ok: true; added: number; renamed: number; unchanged: number; first: string } | { ok: false; problem: BoardFileProblem };

/** Two boards with the same settings, whatever the order of their keys. */
function sameBoard(a: BoardDefinition, b: BoardDefinition): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

@Injectable({ providedIn: 'root' })
export class BoardStore {
  private readonly router = inject(Router);
  private readonly directory = inject(RtdDirectory);
  private readonly i18n = inject(I18n);
  private readonly saved = signal<BoardDefinition[]>([]);
  /** Set when the saved boards could not be read; they were kept aside under DAMAGED_KEY. */
  readonly storageProblem = signal<BoardFileProblem | null>(null);
  private starting: Promise<void> | null = null;
  /** Why the first board could not be made (the server did not answer); pages offer to try again. */
  readonly startingError = signal<string | null>(null);

  readonly boards = this.saved.asReadonly();

  /** The board id the URL names, or null. */
  readonly requestedId = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.idInUrl()),
    ),
    { initialValue: this.idInUrl() },
  );

  /** The board on screen: the one the URL names, else the last one used, else the first. */
  readonly active = computed<BoardDefinition | null>(() => {
    const boards = this.saved();
    const requested = this.requestedId();
    if (requested) return boards.find((board) => board.id === requested) ?? null;
    const last = browserStorage()?.getItem(LAST_BOARD_KEY);
    return boards.find((board) => board.id === last) ?? boards[0] ?? null;
  });

  /** The id the URL names when no saved board has it (a link from another browser). */
  readonly missingId = computed(() => {
    const requested = this.requestedId();
    return requested && this.saved().length && !this.saved().some((board) => board.id === requested) ? requested : null;
  });

  constructor() {
    this.load();
    // Another tab saved boards: show them here too, so this tab does not overwrite them with an old list.
    globalThis.addEventListener?.('storage', (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) this.load();
    });
  }

  /** A first board from what the server reveals, when none is saved yet; boards pages call it on open. */
  ensureStartingBoard(): Promise<void> {
    if (this.saved().length) return Promise.resolve();
    this.starting ??= this.directory
      .revealed()
      .then((revealed) => {
        this.startingError.set(null);
        if (!this.saved().length) {
          const problem = this.persist([startingBoard(this.i18n.t('boards.startingName'), revealed)]);
          if (problem) throw new Error(problem.kind === 'storageRefused' ? problem.detail : problem.kind);
        }
      })
      .catch((error: unknown) => {
        this.startingError.set(describeRtdError(error));
        throw error;
      })
      .finally(() => (this.starting = null));
    return this.starting;
  }

  /** Adds or replaces (by id) a board; a problem when the browser refused to store it (nothing changed then). */
  save(board: BoardDefinition): BoardFileProblem | null {
    const boards = this.saved();
    const index = boards.findIndex((b) => b.id === board.id);
    return this.persist(index < 0 ? [...boards, board] : boards.map((b, i) => (i === index ? board : b)));
  }

  remove(id: string): BoardFileProblem | null {
    if (browserStorage()?.getItem(LAST_BOARD_KEY) === id) browserStorage()?.removeItem(LAST_BOARD_KEY);
    return this.persist(this.saved().filter((board) => board.id !== id));
  }

  /** Remembers the board shown, for the next visit without a `board` parameter. */
  remember(id: string): void {
    browserStorage()?.setItem(LAST_BOARD_KEY, id);
  }

  /**
   * Adds a file's boards; a bad file changes nothing. Nothing saved is ever overwritten: a board already saved
   * as it is counts as unchanged, and one whose id is taken by a different board is added under a new id.
   */
  importFile(text: string): ImportOutcome {
    const parsed = parseBoardFile(text);
    if (!parsed.ok) return parsed;
    const boards = [...this.saved()];
    const taken = new Set(boards.map((board) => board.id));
    let added = 0;
    let renamed = 0;
    let unchanged = 0;
    let first: string | undefined;
    for (const board of parsed.boards) {
      const saved = boards.find((b) => b.id === board.id);
      if (saved && sameBoard(saved, board)) {
        unchanged++;
        first ??= board.id;
        continue;
      }
      const id = saved ? boardId(board.name, taken) : board.id;
      if (saved) renamed++;
      taken.add(id);
      boards.push({ ...board, id });
      added++;
      first ??= id;
    }
    const problem = this.persist(boards);
    return problem ? { ok: false, problem } : { ok: true, added, renamed, unchanged, first: first! };
  }

  /**
   * A kiosk's boards from its link: the link is the truth for the display it provisions, so a board with the
   * same id is replaced. (A supervisor's import never overwrites; see importFile.)
   */
  adopt(boards: readonly BoardDefinition[]): BoardFileProblem | null {
    const byId = new Map(this.saved().map((board) => [board.id, board]));
    for (const board of boards) byId.set(board.id, board);
    return this.persist([...byId.values()]);
  }

  exportText(ids?: readonly string[]): string {
    return boardFileText(ids ? this.saved().filter((board) => ids.includes(board.id)) : this.saved());
  }

  private idInUrl(): string | null {
    const value = this.router.parseUrl(this.router.url).queryParamMap.get(BOARD_PARAM) ?? new URLSearchParams(globalThis.location?.search ?? '').get(BOARD_PARAM);
    return value || null;
  }

  private load(): void {
    const text = browserStorage()?.getItem(STORAGE_KEY);
    if (!text) {
      this.saved.set([]);
      return;
    }
    const parsed = parseBoardFile(text);
    if (parsed.ok) {
      this.saved.set(parsed.boards);
      return;
    }
    browserStorage()?.setItem(DAMAGED_KEY, text);
    browserStorage()?.removeItem(STORAGE_KEY);
    this.storageProblem.set(parsed.problem);
  }

  /** Stores first, then shows: a browser that refuses the write (storage full) leaves everything as it was. */
  private persist(boards: BoardDefinition[]): BoardFileProblem | null {
    try {
      browserStorage()?.setItem(STORAGE_KEY, boardFileText(boards));
    } catch (error) {
      return { kind: 'storageRefused', detail: (error as Error).message };
    }
    this.saved.set(boards);
    return null;
  }
}
