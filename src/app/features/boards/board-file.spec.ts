import { agentSource, startingBoard } from './board';
import { BOARD_FILE_FORMAT, boardFileText, parseBoardFile } from './board-file';

const board = startingBoard('Front office', { services: ['service_1'], skillsets: ['skillset_1'], sites: [1] });
const file = (boards: unknown[], extra: object = {}) => JSON.stringify({ format: BOARD_FILE_FORMAT, version: 1, boards, ...extra });
const problemOf = (text: string) => {
  const result = parseBoardFile(text);
  return result.ok ? null : result.problem;
};

describe('board files', () => {
  it('round-trips boards through export and import', () => {
    const result = parseBoardFile(boardFileText([board]));
    expect(result).toEqual({ ok: true, boards: [board] });
  });

  it('fills in what an older or hand-written file leaves out', () => {
    const { id, name, thresholds } = board;
    const result = parseBoardFile(file([{ id, name, thresholds, services: { CALL: ['service_9'] } }]));
    expect(result.ok).toBeTrue();
    if (!result.ok) return;
    expect(result.boards[0]).toEqual(
      jasmine.objectContaining({ services: { CALL: ['service_9'], VIDEO: [], CHAT: [] }, site: null, density: 'comfortable', serviceLevel: 'answered', customStatKeys: [] }),
    );
  });

  it('imports a file from before the agents choice: a set agent filter is kept, an empty one follows the services', () => {
    const result = parseBoardFile(
      file([
        { ...board, id: 'kept', agents: { statuses: ['READY'] } },
        { ...board, id: 'follows', agents: {} },
      ]),
    );
    expect(result.ok).toBeTrue();
    if (!result.ok) return;
    expect(result.boards.map(agentSource)).toEqual(['filter', 'services']);
    expect(result.boards[0].agents).toEqual({ statuses: ['READY'] });
  });

  it('keeps the agents choice through export and import, and refuses an unknown one', () => {
    const chosen = { ...board, agentSource: 'filter' as const };
    expect(parseBoardFile(boardFileText([chosen]))).toEqual({ ok: true, boards: [chosen] });
    expect(problemOf(file([{ ...board, agentSource: 'everyone' }]))).toEqual(jasmine.objectContaining({ kind: 'invalid', path: 'boards[0].agentSource' }));
  });

  it('refuses text that is not JSON, saying so', () => {
    expect(problemOf('{"format": ')).toEqual(jasmine.objectContaining({ kind: 'notJson' }));
  });

  it('refuses a foreign file (another program’s JSON)', () => {
    expect(problemOf('{"name": "my-package", "version": "1.0.0"}')).toEqual({ kind: 'foreign' });
    expect(problemOf('[1, 2]')).toEqual({ kind: 'foreign' });
  });

  it('refuses a file from a newer version of the wallboard', () => {
    expect(problemOf(file([board], { version: 7 }))).toEqual({ kind: 'newerVersion', version: 7 });
  });

  it('names the path of a wrong value', () => {
    const broken = { ...board, thresholds: { ...board.thresholds, serviceLevel: { warning: 'eighty', critical: 70 } } };
    expect(problemOf(file([board, broken]))).toEqual(jasmine.objectContaining({ kind: 'invalid', path: 'boards[1].thresholds.serviceLevel.warning' }));
    expect(problemOf(file([{ ...board, services: { CALL: [''] } }]))).toEqual(jasmine.objectContaining({ kind: 'invalid', path: 'boards[0].services.CALL[0]' }));
    expect(problemOf(file([{ ...board, id: 'Not An Id' }]))).toEqual(jasmine.objectContaining({ kind: 'invalid', path: 'boards[0].id' }));
  });

  it('names an unknown field (a typo) rather than dropping it', () => {
    expect(problemOf(file([{ ...board, treshold: {} }]))).toEqual(jasmine.objectContaining({ kind: 'invalid', path: 'boards[0]' }));
  });

  it('refuses thresholds that make no sense, naming them', () => {
    const inverted = { ...board, thresholds: { ...board.thresholds, longestWait: { warning: 120, critical: 60 } } };
    expect(problemOf(file([inverted]))).toEqual(jasmine.objectContaining({ kind: 'invalid', path: 'boards[0].thresholds.longestWait' }));
  });

  it('refuses two boards with one id, and a file with no boards', () => {
    expect(problemOf(file([board, board]))).toEqual({ kind: 'duplicateId', path: 'boards[1].id', detail: board.id });
    expect(problemOf(file([]))).toEqual({ kind: 'noBoards' });
  });
});
