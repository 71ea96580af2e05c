import { DEFAULT_THRESHOLDS } from '../../../shared/thresholds';
import { startingBoard } from '../board';
import { boardToSave, canSave, draftProblems, listFromText, newDraft, numbersFromText } from './board-editor-view';

const revealed = { services: ['service_1'], skillsets: [], sites: [] };

describe('board editor view', () => {
  it('blocks saving a board without a name or with inverted thresholds', () => {
    const draft = startingBoard('x', revealed);
    expect(canSave(draftProblems(draft))).toBeTrue();
    expect(draftProblems({ ...draft, name: '  ' }).name).toBeTrue();
    expect(canSave(draftProblems({ ...draft, thresholds: { ...DEFAULT_THRESHOLDS, serviceLevel: { warning: 60, critical: 70 } } }))).toBeFalse();
  });

  it('gives a new board an id from its name; an existing board keeps its id so links stay valid', () => {
    const draft = { ...newDraft('New board', revealed, new Set()), name: ' Sales floor ' };
    expect(boardToSave(draft, true, new Set(['sales-floor']))).toEqual(jasmine.objectContaining({ id: 'sales-floor-2', name: 'Sales floor' }));
    expect(boardToSave({ ...draft, id: 'old-id' }, false, new Set()).id).toBe('old-id');
    expect(newDraft('New board', revealed, new Set(['new-board'])).id).toBe('new-board-2');
  });

  it('reads typed lists', () => {
    expect(listFromText(' a, b ,,c a ')).toEqual(['a', 'b', 'c']);
    expect(numbersFromText('1, 2, x, 3.5')).toEqual([1, 2]);
  });
});
