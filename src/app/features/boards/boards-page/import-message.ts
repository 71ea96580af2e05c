/** A board file problem in words, naming the value at fault. */
import type { I18n } from '../../../i18n/i18n';
import type { BoardFileProblem, InvalidReason } from '../board-file';

/** What an import did, in plain words that leave out what did not happen ("1 board added.", not "0 already saved"). */
export function importedMessage(i18n: I18n, file: string, outcome: { added: number; renamed: number; unchanged: number }): string {
  return i18n.t('boards.imported', { file, parts: importedParts(i18n, outcome) });
}

/** "1 board added and 2 boards already saved", for an import or an upload. */
export function importedParts(i18n: I18n, outcome: { added: number; renamed: number; unchanged: number }): string {
  const parts: string[] = [];
  const plain = outcome.added - outcome.renamed;
  if (plain > 0) parts.push(i18n.plural('boards.importedAdded', plain));
  if (outcome.renamed > 0) parts.push(i18n.plural('boards.importedRenamed', outcome.renamed));
  if (outcome.unchanged > 0) parts.push(i18n.plural('boards.importedUnchanged', outcome.unchanged));
  return i18n.list(parts);
}

export function importProblemMessage(i18n: I18n, problem: BoardFileProblem): string {
  switch (problem.kind) {
    case 'notJson':
      return i18n.t('boardFile.notJson', { detail: problem.detail });
    case 'foreign':
      return i18n.t('boardFile.foreign');
    case 'newerVersion':
      return i18n.t('boardFile.newerVersion', { version: problem.version });
    case 'invalid':
      return i18n.t('boardFile.invalid', { path: problem.path, detail: reasonMessage(i18n, problem.reason) });
    case 'duplicateId':
      return i18n.t('boardFile.duplicateId', { path: problem.path, id: problem.detail });
    case 'noBoards':
      return i18n.t('boardFile.noBoards');
    case 'tooLarge':
      return i18n.t('boardFile.tooLarge', { megabytes: problem.megabytes });
    case 'storageRefused':
      return i18n.t('boardFile.storageRefused', { detail: problem.detail });
    case 'server':
      return i18n.t('boardFile.server', { detail: problem.detail });
  }
}

function reasonMessage(i18n: I18n, reason: InvalidReason): string {
  switch (reason.reason) {
    case 'type':
      return i18n.t('boardFile.reason.type', { expected: reason.expected });
    case 'unknownKeys':
      return i18n.t('boardFile.reason.unknownKeys', { keys: reason.keys });
    case 'choice':
      return i18n.t('boardFile.reason.choice', { choices: reason.choices });
    case 'tooLong':
      return i18n.t('boardFile.reason.tooLong', { max: reason.max });
    case 'thresholdRange':
      return i18n.t('boardFile.reason.thresholdRange', { max: reason.max });
    case 'empty':
    case 'id':
    case 'value':
    case 'thresholdOrderBelow':
    case 'thresholdOrderAbove':
    case 'holdRange':
      return i18n.t(`boardFile.reason.${reason.reason}`);
  }
}
