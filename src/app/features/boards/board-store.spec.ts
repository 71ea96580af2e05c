import { type WritableSignal, computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { RtdDirectory } from '../../rtd/directory';
import { KioskCredentials } from '../../rtd/kiosk-credentials';
import { ServerSession } from '../../wallboard-server/server-session';
import { ApiFailure } from '../../wallboard-server/wallboard-api';
import { type PushMessage, WallboardPush } from '../../wallboard-server/wallboard-push';
import { type BoardDefinition, startingBoard } from './board';
import { boardFileText } from './board-file';
import { BoardStore } from './board-store';
import { type TeamBoard, TeamBoardsApi } from './team-boards';

const STORAGE_KEY = 'rtd-wallboard.boards';
const DAMAGED_KEY = 'rtd-wallboard.boards.damaged';
const revealed = { services: ['service_1'], skillsets: ['skillset_1'], sites: [1] };

describe('BoardStore', () => {
  let saved: Record<string, string | null>;
  beforeEach(() => {
    saved = Object.fromEntries([STORAGE_KEY, DAMAGED_KEY, 'rtd-wallboard.lastBoard'].map((key) => [key, localStorage.getItem(key)]));
    [STORAGE_KEY, DAMAGED_KEY, 'rtd-wallboard.lastBoard'].forEach((key) => localStorage.removeItem(key));
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: RtdDirectory, useValue: { revealed: async () => revealed } }] });
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    }
  });

  it('makes a first board from what the server reveals, once, and keeps it', async () => {
    const store = TestBed.inject(BoardStore);
    await Promise.all([store.ensureStartingBoard(), store.ensureStartingBoard()]);
    expect(store.boards().map((b) => b.id)).toEqual(['all-services']);
    expect(store.active()?.services.CALL).toEqual(['service_1']);
    expect(localStorage.getItem(STORAGE_KEY)).toContain('"all-services"');
  });

  it('says why a first board could not be made, and makes it on a retry', async () => {
    let fail = true;
    TestBed.overrideProvider(RtdDirectory, { useValue: { revealed: async () => (fail ? Promise.reject(new Error('server down')) : revealed) } });
    const store = TestBed.inject(BoardStore);
    await expectAsync(store.ensureStartingBoard()).toBeRejected();
    expect(store.startingError()).toContain('server down');
    fail = false;
    await store.ensureStartingBoard();
    expect(store.startingError()).toBeNull();
    expect(store.boards().length).toBe(1);
  });

  it('imports a file without overwriting anything saved, and reports what it did', async () => {
    const store = TestBed.inject(BoardStore);
    const a = startingBoard('A', revealed);
    await store.save(a);
    const outcome = await store.importFile(boardFileText([{ ...a, name: 'A again' }, startingBoard('B', revealed)]));
    expect(outcome).toEqual({ ok: true, added: 2, renamed: 1, unchanged: 0, first: 'a-again' });
    expect(store.boards().map((b) => `${b.id}:${b.name}`)).toEqual(['a:A', 'a-again:A again', 'b:B']);
    expect(await store.importFile(boardFileText([a]))).toEqual({ ok: true, added: 0, renamed: 0, unchanged: 1, first: 'a' });
    expect(store.boards().length).toBe(3);
  });

  it('forgets a deleted board as the last one used', async () => {
    const store = TestBed.inject(BoardStore);
    await store.save(startingBoard('A', revealed));
    await store.save(startingBoard('B', revealed));
    store.remember('b');
    await store.remove('b');
    expect(localStorage.getItem('rtd-wallboard.lastBoard')).toBeNull();
    expect(store.active()?.id).toBe('a');
  });

  it('changes nothing when the browser refuses to store', async () => {
    const store = TestBed.inject(BoardStore);
    await store.save(startingBoard('A', revealed));
    spyOn(Storage.prototype, 'setItem').and.throwError(new DOMException('quota', 'QuotaExceededError'));
    expect(await store.save(startingBoard('B', revealed))).toEqual(jasmine.objectContaining({ kind: 'storageRefused' }));
    expect(store.boards().map((b) => b.id)).toEqual(['a']);
  });

  it('leaves every saved board as it was when a file is bad', async () => {
    const store = TestBed.inject(BoardStore);
    await store.save(startingBoard('A', revealed));
    const before = localStorage.getItem(STORAGE_KEY);
    const outcome = await store.importFile('{"format":"rtd-wallboard/boards","version":1,"boards":[{"id":"x"}]}');
    expect(outcome.ok).toBeFalse();
    expect(store.boards().map((b) => b.id)).toEqual(['a']);
    expect(localStorage.getItem(STORAGE_KEY)).toBe(before);
  });

  it('sets unreadable saved boards aside instead of losing them, and says so', () => {
    localStorage.setItem(STORAGE_KEY, '{ not json');
    const store = TestBed.inject(BoardStore);
    expect(store.boards()).toEqual([]);
    expect(store.storageProblem()?.kind).toBe('notJson');
    expect(localStorage.getItem(DAMAGED_KEY)).toBe('{ not json');
  });

  it('exports the boards asked for', async () => {
    const store = TestBed.inject(BoardStore);
    await store.save(startingBoard('A', revealed));
    await store.save(startingBoard('B', revealed));
    expect(JSON.parse(store.exportText(['b'])).boards.map((b: { id: string }) => b.id)).toEqual(['b']);
    await store.remove('a');
    expect(store.boards().map((b) => b.id)).toEqual(['b']);
  });
});

describe('BoardStore with the team’s server', () => {
  const UPLOAD_KEY = 'rtd-wallboard.boards.upload';
  const keys = [STORAGE_KEY, DAMAGED_KEY, 'rtd-wallboard.lastBoard', UPLOAD_KEY, 'rtd-wallboard.kiosk-token'];
  let saved: Record<string, string | null>;
  let stored: TeamBoard[];
  let pushed: Subject<PushMessage>;
  let supervisor: WritableSignal<boolean>;
  let kioskToken: WritableSignal<string | null>;
  let lists: number;
  const teamBoard = (board: BoardDefinition, version: number, updatedBy = 'admin'): TeamBoard => ({ id: board.id, name: board.name, version, updatedBy, updatedAt: '2026-12-03T10:00:00.000Z', board });
  const fakeApi: Partial<TeamBoardsApi> = {
    list: async () => {
      lists++;
      return structuredClone(stored);
    },
    save: async (board, baseVersion) => {
      const current = stored.find((entry) => entry.id === board.id);
      if ((current?.version ?? null) !== baseVersion) throw new ApiFailure(409, 'VERSION_CONFLICT', 'stale', null, { current });
      const next = teamBoard(board, (baseVersion ?? 0) + 1);
      stored = [...stored.filter((entry) => entry.id !== board.id), next];
      return next;
    },
    upload: async (boards) => {
      stored = [...stored, ...boards.map((board) => teamBoard(board, 1))];
      return { added: boards.length, unchanged: 0, renamed: 0, ids: boards.map((board) => board.id) };
    },
  };

  beforeEach(() => {
    saved = Object.fromEntries(keys.map((key) => [key, localStorage.getItem(key)]));
    keys.forEach((key) => localStorage.removeItem(key));
    stored = [teamBoard(startingBoard('Sales', revealed), 3)];
    pushed = new Subject();
    supervisor = signal(true);
    kioskToken = signal(null);
    lists = 0;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: RtdDirectory, useValue: { revealed: async () => revealed } },
        { provide: TeamBoardsApi, useValue: fakeApi },
        { provide: WallboardPush, useValue: { messages: pushed } },
        { provide: KioskCredentials, useValue: { token: kioskToken } },
        {
          provide: ServerSession,
          useValue: { signedIn: signal(true), supervisor, user: computed(() => ({ username: supervisor() ? 'admin' : 'user_1', supervisor: supervisor() })), ended: () => undefined },
        },
      ],
    });
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    }
  });

  async function started(): Promise<BoardStore> {
    const store = TestBed.inject(BoardStore);
    TestBed.tick();
    await store.refresh();
    return store;
  }

  it('shows the team’s boards, not this browser’s, and fetches them again when one changes anywhere', async () => {
    localStorage.setItem(STORAGE_KEY, boardFileText([startingBoard('Mine', revealed)]));
    const store = await started();
    expect(store.shared()).toBeTrue();
    expect(store.boards().map((b) => b.name)).toEqual(['Sales']);
    stored = [...stored, teamBoard(startingBoard('Support', revealed), 1, 'anna')];
    pushed.next({ topic: 'boards', id: 'support', version: 1, action: 'saved' });
    await store.refresh();
    expect(store.boards().map((b) => b.name)).toEqual(['Sales', 'Support']);
    const before = lists;
    pushed.next({ topic: 'resync' });
    await store.refresh();
    expect(lists).toBeGreaterThan(before);
  });

  it('saves from the version the editor started from; a stale save comes back with their board and changes nothing', async () => {
    const store = await started();
    const mine = { ...stored[0].board, name: 'Sales (mine)' };
    stored = [teamBoard({ ...stored[0].board, name: 'Sales (theirs)' }, 4, 'anna')];
    const problem = await store.save(mine, 3);
    expect(problem).toEqual(jasmine.objectContaining({ kind: 'conflict', current: jasmine.objectContaining({ version: 4, updatedBy: 'anna' }) }));
    expect(store.teamBoard('sales')?.board.name).toBe('Sales (theirs)');
    expect(await store.save(mine, 4)).toBeNull();
    expect(store.teamBoard('sales')).toEqual(jasmine.objectContaining({ version: 5, name: 'Sales (mine)' }));
  });

  it('offers a supervisor this browser’s boards once: uploaded, or never asked again', async () => {
    localStorage.setItem(STORAGE_KEY, boardFileText([startingBoard('Mine', revealed)]));
    const store = await started();
    expect(store.uploadOffer().map((b) => b.name)).toEqual(['Mine']);
    supervisor.set(false);
    expect(store.uploadOffer()).toEqual([]);
    supervisor.set(true);
    expect(await store.uploadLocal()).toEqual({ ok: true, added: 1, renamed: 0, unchanged: 0, first: 'mine' });
    expect(store.boards().map((b) => b.name)).toEqual(['Sales', 'Mine']);
    expect(store.uploadOffer()).toEqual([]);
    // A board added in this browser later is offered again; "never" ends that for this browser.
    localStorage.setItem(STORAGE_KEY, boardFileText([startingBoard('Mine', revealed), startingBoard('Later', revealed)]));
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY }));
    expect(store.uploadOffer().length).toBe(2);
    store.dismissUploadOffer(true);
    expect(store.uploadOffer()).toEqual([]);
    expect(localStorage.getItem(UPLOAD_KEY)).toBe('never');
  });

  it('is read-only to someone who is not a supervisor, who still gets a first board to look at', async () => {
    supervisor.set(false);
    stored = [];
    const store = await started();
    expect(store.canEdit()).toBeFalse();
    await store.ensureStartingBoard();
    expect(store.boards().map((b) => b.id)).toEqual(['all-services']);
    expect(stored).toEqual([], 'nothing was saved on the server');
  });

  it('keeps a kiosk on the boards its link brought (they stay in this browser)', async () => {
    kioskToken.set('kiosk-token');
    const store = await started();
    expect(store.shared()).toBeFalse();
    store.adopt([startingBoard('Wall', revealed)]);
    expect(store.boards().map((b) => b.name)).toEqual(['Wall']);
  });
});
