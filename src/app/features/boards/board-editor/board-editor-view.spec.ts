import { DEFAULT_THRESHOLDS } from '../../../shared/thresholds';
import { startingBoard } from '../board';
import { boardToSave, canSave, choosesNothing, draftProblems, listFromText, newDraft, numbersFromText, withTemplate } from './board-editor-view';

const revealed = { services: ['service_1'], skillsets: [], sites: [] };
const none = { CALL: [], VIDEO: [], CHAT: [] };

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

  it('starts a new board empty, so the user ticks only what it shows', () => {
    const draft = newDraft('New board', { services: ['service_1', 'service_2'], skillsets: ['skillset_1'], sites: [] }, new Set());
    expect(draft.services).toEqual(none);
    expect(draft.groups).toEqual(none);
    expect(choosesNothing(draft)).toBeTrue();
  });

  it('starts a new board from every revealed service and group when asked, and back to empty, keeping its name', () => {
    const codes = { services: ['service_1', 'service_2'], skillsets: ['skillset_1'], sites: [] };
    const all = withTemplate({ ...newDraft('New board', codes, new Set()), name: 'Floor' }, codes, 'all');
    expect(all.services.CALL).toEqual(['service_1', 'service_2']);
    expect(all.groups.CHAT).toEqual(['skillset_1']);
    expect(all.name).toBe('Floor');
    expect(choosesNothing(all)).toBeFalse();
    expect(withTemplate(all, codes, 'empty').services).toEqual(none);
    expect(newDraft('x', codes, new Set(), 'all').services.VIDEO).toEqual(['service_1', 'service_2']);
  });

  it('reads typed lists', () => {
    expect(listFromText(' a, b ,,c a ')).toEqual(['a', 'b', 'c']);
    expect(numbersFromText('1, 2, x, 3.5')).toEqual([1, 2]);
  });
});
