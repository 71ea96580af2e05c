/**
 * Board files: how boards are exported, imported and kept in the browser. The format and its checks live in
 * contract/board-format.ts, so the wallboard server refuses exactly what an import here refuses.
 */
import type { BoardFormatProblem } from '../../../../contract/board-format';

export {
  BOARD_FILE_FORMAT,
  BOARD_FILE_VERSION,
  type BoardFile,
  type BoardFileResult,
  type InvalidReason,
  MAX_BOARD_FILE_BYTES,
  boardFileText,
  parseBoard,
  parseBoardFile,
} from '../../../../contract/board-format';

/** Why boards were refused: the file's problem, the browser's storage refusing the write, or the team's server. */
export type BoardFileProblem = BoardFormatProblem | { kind: 'storageRefused'; detail: string } | { kind: 'server'; detail: string };
