/** A board file problem in words, naming the value at fault. */
import type { I18n } from '../../../i18n/i18n';
import type { BoardFileProblem } from '../board-file';

export function importProblemMessage(i18n: I18n, problem: BoardFileProblem): string {
  switch (problem.kind) {
    case 'notJson':
      return i18n.t('boardFile.notJson', { detail: problem.detail });
    case 'foreign':
      return i18n.t('boardFile.foreign');
    case 'newerVersion':
      return i18n.t('boardFile.newerVersion', { version: problem.version });
    case 'invalid':
      return i18n.t('boardFile.invalid', { path: problem.path, detail: problem.detail });
    case 'duplicateId':
      return i18n.t('boardFile.duplicateId', { path: problem.path, id: problem.detail });
    case 'noBoards':
      return i18n.t('boardFile.noBoards');
  }
}
