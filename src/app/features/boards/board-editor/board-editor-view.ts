/** The board editor's rules, apart from the form: a draft from a board, what blocks saving, lists typed as text. */
import { type ThresholdProblem, thresholdProblems } from '../../../shared/thresholds';
import { type BoardDefinition, boardId, startingBoard } from '../board';
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

/** A new board: what the server reveals, under a name not yet taken. */
export function newDraft(name: string, revealed: RevealedCodes, taken: ReadonlySet<string>): BoardDefinition {
  return { ...startingBoard(name, revealed), id: boardId(name, taken) };
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
