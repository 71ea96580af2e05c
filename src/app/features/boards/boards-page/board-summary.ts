/** A saved board in a line: how many service and group tiles it asks for, each count with its own plural. */
import type { I18n } from '../../../i18n/i18n';
import type { BoardDefinition, ChannelCodes } from '../board';

const tileCount = (codes: ChannelCodes) => codes.CALL.length + codes.VIDEO.length + codes.CHAT.length;

export function boardSummary(i18n: I18n, board: Pick<BoardDefinition, 'services' | 'groups'>): string {
  return i18n.t('boards.summary', {
    services: i18n.plural('boards.summaryServices', tileCount(board.services)),
    groups: i18n.plural('boards.summaryGroups', tileCount(board.groups)),
  });
}
