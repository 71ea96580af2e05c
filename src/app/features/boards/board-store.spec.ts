import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RtdDirectory } from '../../rtd/directory';
import { startingBoard } from './board';
import { boardFileText } from './board-file';
import { BoardStore } from './board-store';

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

  it('imports a file without overwriting anything saved, and reports what it did', () => {
    const store = TestBed.inject(BoardStore);
    const a = startingBoard('A', revealed);
    store.save(a);
    const outcome = store.importFile(boardFileText([{ ...a, name: 'A again' }, startingBoard('B', revealed)]));
    expect(outcome).toEqual({ ok: true, added: 2, renamed: 1, unchanged: 0, first: 'a-again' });
    expect(store.boards().map((b) => `${b.id}:${b.name}`)).toEqual(['a:A', 'a-again:A again', 'b:B']);
    expect(store.importFile(boardFileText([a]))).toEqual({ ok: true, added: 0, renamed: 0, unchanged: 1, first: 'a' });
    expect(store.boards().length).toBe(3);
  });

  it('forgets a deleted board as the last one used', () => {
    const store = TestBed.inject(BoardStore);
    store.save(startingBoard('A', revealed));
    store.save(startingBoard('B', revealed));
    store.remember('b');
    store.remove('b');
    expect(localStorage.getItem('rtd-wallboard.lastBoard')).toBeNull();
    expect(store.active()?.id).toBe('a');
  });

  it('changes nothing when the browser refuses to store', () => {
    const store = TestBed.inject(BoardStore);
    store.save(startingBoard('A', revealed));
    spyOn(Storage.prototype, 'setItem').and.throwError(new DOMException('quota', 'QuotaExceededError'));
    expect(store.save(startingBoard('B', revealed))).toEqual(jasmine.objectContaining({ kind: 'storageRefused' }));
    expect(store.boards().map((b) => b.id)).toEqual(['a']);
  });

  it('leaves every saved board as it was when a file is bad', () => {
    const store = TestBed.inject(BoardStore);
    store.save(startingBoard('A', revealed));
    const before = localStorage.getItem(STORAGE_KEY);
    const outcome = store.importFile('{"format":"rtd-wallboard/boards","version":1,"boards":[{"id":"x"}]}');
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

  it('exports the boards asked for', () => {
    const store = TestBed.inject(BoardStore);
    store.save(startingBoard('A', revealed));
    store.save(startingBoard('B', revealed));
    expect(JSON.parse(store.exportText(['b'])).boards.map((b: { id: string }) => b.id)).toEqual(['b']);
    store.remove('a');
    expect(store.boards().map((b) => b.id)).toEqual(['b']);
  });
});
