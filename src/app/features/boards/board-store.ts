/**
 * The boards: the team's, from the wallboard server, once this browser is signed in there (everyone reads them,
 * supervisors change them, each change pushed to every screen); else, with no server (`ng serve` straight at a
 * TVox host) or on a kiosk (its link carries its boards), kept in this browser in the board file format, so
 * storage is checked like an import. The one on screen is named by the URL's `board` parameter so a link or
 * bookmark opens it again.
 */
import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, map } from 'rxjs';
import { I18n } from '../../i18n/i18n';
import { browserStorage } from '../../shared/browser-storage';
import { RtdDirectory } from '../../rtd/directory';
import { KioskCredentials } from '../../rtd/kiosk-credentials';
import { describeRtdError } from '../../rtd/rtd-errors';
import { ApiFailure } from '../../wallboard-server/wallboard-api';
import { ServerSession } from '../../wallboard-server/server-session';
import { WallboardPush } from '../../wallboard-server/wallboard-push';
import { type BoardDefinition, boardId, sameBoard, startingBoard } from './board';
import { type BoardFileProblem, boardFileText, parseBoardFile } from './board-file';
import { type TeamBoard, type TeamBoardVersion, TeamBoardsApi, conflictOf } from './team-boards';

const STORAGE_KEY = 'rtd-wallboard.boards';
/** Where an unreadable saved value is moved, so a bad write never destroys a supervisor's boards for good. */
const DAMAGED_KEY = 'rtd-wallboard.boards.damaged';
const LAST_BOARD_KEY = 'rtd-wallboard.lastBoard';
/** This browser's answer to the upload offer: 'never', or the board file text it uploaded (offered again if it changes). */
const UPLOAD_KEY = 'rtd-wallboard.boards.upload';
export const BOARD_PARAM = 'board';

export type ImportOutcome = { ok: true; added: number; renamed: number; unchanged: number; first: string } | { ok: false; problem: BoardFileProblem };

/** Why a change was not made: a board-file or storage problem, or someone else changed the board meanwhile. */
export type BoardWriteProblem = BoardFileProblem | { kind: 'conflict'; current: TeamBoard };

@Injectable({ providedIn: 'root' })
export class BoardStore {
  private readonly router = inject(Router);
  private readonly directory = inject(RtdDirectory);
  private readonly i18n = inject(I18n);
  private readonly server = inject(ServerSession);
  private readonly kiosk = inject(KioskCredentials);
  private readonly push = inject(WallboardPush);
  private readonly teamApi = inject(TeamBoardsApi);
  /** The boards kept in this browser. */
  private readonly local = signal<BoardDefinition[]>([]);
  /** The team's boards as last fetched; null before the first answer. */
  private readonly team = signal<TeamBoard[] | null>(null);
  /** A first board shown to someone who may not save one, while the team has none. */
  private readonly unsaved = signal<BoardDefinition[]>([]);
  private readonly offerDismissed = signal(false);
  private readonly uploadAnswer = signal(browserStorage()?.getItem(UPLOAD_KEY) ?? null);
  private fetching: Promise<void> | null = null;
  private fetchAgain = false;
  /** Set when the saved boards could not be read; they were kept aside under DAMAGED_KEY. */
  readonly storageProblem = signal<BoardFileProblem | null>(null);
  private starting: Promise<void> | null = null;
  /** Why the first board could not be made (the server did not answer); pages offer to try again. */
  readonly startingError = signal<string | null>(null);

  /** The boards are the team's (on the wallboard server): signed in there, and not a kiosk, whose link carries its own. */
  readonly shared = computed(() => this.server.signedIn() && this.kiosk.token() === null);
  /** Whether this user may change the boards: anyone may change this browser's; only a supervisor the team's. */
  readonly canEdit = computed(() => !this.shared() || this.server.supervisor());
  /** Who is signed in to the wallboard server, for the read-only notice. */
  readonly username = computed(() => this.server.user()?.username ?? '');

  readonly boards = computed<BoardDefinition[]>(() => {
    if (!this.shared()) return this.local();
    const team = this.team() ?? [];
    return team.length ? team.map((entry) => entry.board) : this.unsaved();
  });

  /** The boards this browser holds that a supervisor is offered to upload to the team (empty when none or answered). */
  readonly uploadOffer = computed<BoardDefinition[]>(() => {
    const local = this.local();
    if (!local.length || !this.shared() || !this.server.supervisor() || this.team() === null || this.offerDismissed()) return [];
    const answer = this.uploadAnswer();
    return answer === 'never' || answer === boardFileText(local) ? [] : local;
  });

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
    const boards = this.boards();
    const requested = this.requestedId();
    if (requested) return boards.find((board) => board.id === requested) ?? null;
    const last = browserStorage()?.getItem(LAST_BOARD_KEY);
    return boards.find((board) => board.id === last) ?? boards[0] ?? null;
  });

  /** The id the URL names when no saved board has it (a link from another browser). */
  readonly missingId = computed(() => {
    const requested = this.requestedId();
    const boards = this.boards();
    return requested && boards.length && !boards.some((board) => board.id === requested) ? requested : null;
  });

  constructor() {
    this.load();
    // Another tab saved boards: show them here too, so this tab does not overwrite them with an old list.
    globalThis.addEventListener?.('storage', (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) this.load();
    });
    // The team's boards: fetched once signed in, and again whenever one changes anywhere (or the socket was down).
    effect((onCleanup) => {
      if (!this.shared()) {
        this.team.set(null);
        return;
      }
      untracked(() => void this.refresh());
      const listening = this.push.messages.subscribe((message) => {
        if (message.topic === 'boards' || message.topic === 'resync') void this.refresh();
      });
      onCleanup(() => listening.unsubscribe());
    });
  }

  /** The server's record of a team board (version, who saved it, when); null for boards kept in this browser. */
  teamBoard(id: string): TeamBoard | null {
    return this.team()?.find((entry) => entry.id === id) ?? null;
  }

  /** Resolves once the boards are there to read: at once for this browser's, after the first fetch for the team's. */
  async ready(): Promise<void> {
    if (this.shared() && this.team() === null) await this.refresh();
  }

  /** Fetches the team's boards; calls while one is in flight are folded into one more fetch after it. */
  refresh(): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      do {
        this.fetchAgain = false;
        try {
          const boards = await this.teamApi.list();
          if (this.shared()) this.team.set(boards);
        } catch (error) {
          this.serverFailed(error);
        }
      } while (this.fetchAgain);
    })().finally(() => (this.fetching = null));
    return this.fetching;
  }

  /** A first board from what the server reveals, when none is saved yet; boards pages call it on open. */
  ensureStartingBoard(): Promise<void> {
    if (this.boards().length) return Promise.resolve();
    this.starting ??= (async () => {
      if (this.shared() && this.team() === null) await this.refresh();
      if (this.boards().length) return;
      const revealed = await this.directory.revealed();
      this.startingError.set(null);
      if (this.boards().length) return;
      const board = startingBoard(this.i18n.t('boards.startingName'), revealed);
      if (!this.shared()) {
        const problem = this.persist([board]);
        if (problem) throw new Error(problem.kind === 'storageRefused' ? problem.detail : problem.kind);
      } else if (!this.server.supervisor() || this.uploadOffer().length) {
        // Not the user's to save, or the browser's own boards may come first (the upload offer): shown, not saved.
        this.unsaved.set([board]);
      } else {
        const problem = await this.save(board, null);
        // Another supervisor made one at the same moment: theirs is there now.
        if (problem && problem.kind !== 'conflict') throw new Error(problem.kind === 'server' ? problem.detail : problem.kind);
      }
    })()
      .catch((error: unknown) => {
        this.startingError.set(describeRtdError(error));
        throw error;
      })
      .finally(() => (this.starting = null));
    return this.starting;
  }

  /**
   * Adds or replaces (by id) a board. A team board is saved from `baseVersion`, the version the editor started
   * from (null: a new board; left out: the version last fetched); a stale one comes back as a conflict with the
   * board as it is now. Null when saved; nothing changed otherwise.
   */
  async save(board: BoardDefinition, baseVersion?: number | null): Promise<BoardWriteProblem | null> {
    if (!this.shared()) {
      const boards = this.local();
      const index = boards.findIndex((b) => b.id === board.id);
      return this.persist(index < 0 ? [...boards, board] : boards.map((b, i) => (i === index ? board : b)));
    }
    try {
      this.keep(await this.teamApi.save(board, baseVersion === undefined ? (this.teamBoard(board.id)?.version ?? null) : baseVersion));
      return null;
    } catch (error) {
      return this.writeProblem(error);
    }
  }

  async remove(id: string): Promise<BoardWriteProblem | null> {
    if (browserStorage()?.getItem(LAST_BOARD_KEY) === id) browserStorage()?.removeItem(LAST_BOARD_KEY);
    if (!this.shared()) return this.persist(this.local().filter((board) => board.id !== id));
    const known = this.teamBoard(id);
    try {
      if (known) await this.teamApi.remove(id, known.version);
    } catch (error) {
      // Deleted by someone else already: what was wanted.
      if (!(error instanceof ApiFailure && error.status === 404)) return this.writeProblem(error);
    }
    this.team.update((boards) => boards?.filter((entry) => entry.id !== id) ?? null);
    return null;
  }

  /** Remembers the board shown, for the next visit without a `board` parameter. */
  remember(id: string): void {
    browserStorage()?.setItem(LAST_BOARD_KEY, id);
  }

  /**
   * Adds a file's boards; a bad file changes nothing. Nothing saved is ever overwritten: a board already saved
   * as it is counts as unchanged, and one whose id is taken by a different board is added under a new id (the
   * server keeps the same rules for the team's boards).
   */
  async importFile(text: string): Promise<ImportOutcome> {
    const parsed = parseBoardFile(text);
    if (!parsed.ok) return parsed;
    if (this.shared()) return this.upload(parsed.boards);
    const boards = [...this.local()];
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

  /** Uploads the boards this browser holds to the team (the offer's "Upload"); they are not offered again. */
  async uploadLocal(): Promise<ImportOutcome> {
    const boards = this.local();
    const outcome = await this.upload(boards);
    if (outcome.ok) this.answerUploadOffer(boardFileText(boards));
    return outcome;
  }

  /** "Not now": asked again at the next visit. "Never": this browser is not asked again. */
  dismissUploadOffer(forever: boolean): void {
    if (forever) this.answerUploadOffer('never');
    else this.offerDismissed.set(true);
  }

  /** A team board's kept versions, newest first. */
  versions(id: string): Promise<TeamBoardVersion[]> {
    return this.teamApi.versions(id);
  }

  /** Puts a kept version back, as a new version made from the one last fetched. */
  async restore(id: string, version: number): Promise<BoardWriteProblem | null> {
    const known = this.teamBoard(id);
    if (!known) return { kind: 'server', detail: id };
    try {
      this.keep(await this.teamApi.restore(id, version, known.version));
      return null;
    } catch (error) {
      return this.writeProblem(error);
    }
  }

  /**
   * A kiosk's boards from its link: the link is the truth for the display it provisions, so a board with the
   * same id is replaced. They stay in this browser (a kiosk link needs no server). A supervisor's import never
   * overwrites; see importFile.
   */
  adopt(boards: readonly BoardDefinition[]): BoardFileProblem | null {
    const byId = new Map(this.local().map((board) => [board.id, board]));
    for (const board of boards) byId.set(board.id, board);
    return this.persist([...byId.values()]);
  }

  exportText(ids?: readonly string[]): string {
    return boardFileText(ids ? this.boards().filter((board) => ids.includes(board.id)) : this.boards());
  }

  private async upload(boards: readonly BoardDefinition[]): Promise<ImportOutcome> {
    try {
      const outcome = await this.teamApi.upload(boards);
      await this.refresh();
      return { ok: true, added: outcome.added, renamed: outcome.renamed, unchanged: outcome.unchanged, first: outcome.ids[0]! };
    } catch (error) {
      const problem = this.writeProblem(error);
      return { ok: false, problem: problem.kind === 'conflict' ? { kind: 'server', detail: '' } : problem };
    }
  }

  private answerUploadOffer(answer: string): void {
    browserStorage()?.setItem(UPLOAD_KEY, answer);
    this.uploadAnswer.set(answer);
  }

  /** The server's answer to a save, in the list at once (the push that follows fetches it again anyway). */
  private keep(saved: TeamBoard): void {
    this.team.update((boards) => {
      const list = boards ?? [];
      return list.some((entry) => entry.id === saved.id) ? list.map((entry) => (entry.id === saved.id && entry.version <= saved.version ? saved : entry)) : [...list, saved];
    });
  }

  private writeProblem(error: unknown): BoardWriteProblem {
    const current = conflictOf(error);
    if (current) {
      this.keep(current);
      return { kind: 'conflict', current };
    }
    this.serverFailed(error);
    return { kind: 'server', detail: (error as Error).message };
  }

  /** The server no longer knows this browser's session: the boards are read-only until the next login. */
  private serverFailed(error: unknown): void {
    if (error instanceof ApiFailure && error.status === 401) this.server.ended();
  }

  private idInUrl(): string | null {
    const value = this.router.parseUrl(this.router.url).queryParamMap.get(BOARD_PARAM) ?? new URLSearchParams(globalThis.location?.search ?? '').get(BOARD_PARAM);
    return value || null;
  }

  private load(): void {
    const text = browserStorage()?.getItem(STORAGE_KEY);
    if (!text) {
      this.local.set([]);
      return;
    }
    const parsed = parseBoardFile(text);
    if (parsed.ok) {
      this.local.set(parsed.boards);
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
    this.local.set(boards);
    return null;
  }
}
