/** The board editor's rules, apart from the form: a draft from a board, what blocks saving, lists typed as text. */
import { type ThresholdProblem, thresholdProblems } from '../../../shared/thresholds';
import { type BoardDefinition, boardId, noCodes, startingBoard } from '../board';
import type { RevealedCodes } from '../../../rtd/directory';

export interface DraftProblems {
  name: boolean;
  thresholds: ThresholdProblem[];
}

export function draftProblems(draft: BoardDefinition): DraftProblems {
  return { name: !draft.name.trim(), thresholds: thresholdProblems(draft.thresholds) };
}

export function canSave(problems: DraftProblems): boolean {
  return !problems.name && !problems.thresholds.length;
}

/** What a new board starts from: nothing ticked (the user picks), or every service and group the server reveals. */
export type BoardTemplate = 'empty' | 'all';
export const BOARD_TEMPLATES: readonly BoardTemplate[] = ['empty', 'all'];

/** A new board from `template`, under a name not yet taken. */
export function newDraft(name: string, revealed: RevealedCodes, taken: ReadonlySet<string>, template: BoardTemplate = 'empty'): BoardDefinition {
  return withTemplate({ ...startingBoard(name, revealed), id: boardId(name, taken) }, revealed, template);
}

/** `draft` with the services and groups of `template`; its name and other settings kept. */
export function withTemplate(draft: BoardDefinition, revealed: RevealedCodes, template: BoardTemplate): BoardDefinition {
  const all = startingBoard(draft.name, revealed);
  return template === 'all' ? { ...draft, services: all.services, groups: all.groups } : { ...draft, services: noCodes(), groups: noCodes() };
}

/** Whether the board shows no tile yet: the editor then says what to do first. */
export function choosesNothing(draft: Pick<BoardDefinition, 'services' | 'groups'>): boolean {
  return [draft.services, draft.groups].every((codes) => !codes.CALL.length && !codes.VIDEO.length && !codes.CHAT.length);
}

/** The board to save: a new board's id follows its name; an existing board keeps its id so links stay valid. */
export function boardToSave(draft: BoardDefinition, isNew: boolean, taken: ReadonlySet<string>): BoardDefinition {
  const name = draft.name.trim();
  return { ...draft, name, id: isNew ? boardId(name, taken) : draft.id };
}

/** "a, b ,c" → ["a", "b", "c"]: how lists of codes are typed. */
export function listFromText(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/** "1, 2" → [1, 2], ignoring what is not a whole number. */
export function numbersFromText(text: string): number[] {
  return listFromText(text)
    .map(Number)
    .filter((value) => Number.isInteger(value));
}
