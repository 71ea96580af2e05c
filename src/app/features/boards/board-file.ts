/**
 * Board files: how boards are exported, imported and kept in the browser. A file is checked in full before
 * anything is saved, and a problem is reported with the path of the value at fault, so "nothing changes" and
 * "the message names the problem" both hold.
 */
import * as z from 'zod/mini';
import { THRESHOLD_UNITS, thresholdProblems } from '../../shared/thresholds';
import { AGENT_SOURCES, type AgentSource, type BoardDefinition, USER_STATUS_FILTERS, agentSource } from './board';

export const BOARD_FILE_FORMAT = 'rtd-wallboard/boards';
export const BOARD_FILE_VERSION = 1;

export interface BoardFile {
  format: typeof BOARD_FILE_FORMAT;
  version: typeof BOARD_FILE_VERSION;
  boards: BoardDefinition[];
}

const code = z.string().check(z.minLength(1), z.maxLength(200));
const codes = z._default(z.array(code).check(z.maxLength(5_000)), []);
const channelCodes = z._default(z.strictObject({ CALL: codes, VIDEO: codes, CHAT: codes }), { CALL: [], VIDEO: [], CHAT: [] });
const channel = z.enum(['CALL', 'VIDEO', 'CHAT']);
const threshold = z.strictObject({ warning: z.number(), critical: z.number() });

const boardSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,59}$/)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  services: channelCodes,
  groups: channelCodes,
  agents: z._default(
    z.strictObject({
      name: z.optional(z.string()),
      surname: z.optional(z.string()),
      sites: z.optional(z.array(z.int())),
      statuses: z.optional(z.array(z.enum(USER_STATUS_FILTERS as [string, ...string[]]))),
      skillsets: z.optional(z.array(code)),
      services: z.optional(z.array(code)),
      activityCodes: z.optional(z.array(code)),
      channels: z.optional(z.array(channel)),
    }),
    {},
  ),
  // Boards saved before the choice have none: agentSource() then reads their agent filter.
  agentSource: z.optional(z.enum(AGENT_SOURCES as [AgentSource, ...AgentSource[]])),
  customStatKeys: z._default(z.array(code).check(z.maxLength(50)), []),
  site: z._default(z.nullable(z.int()), null),
  serviceLevel: z._default(z.enum(['answered', 'sl1']), 'answered'),
  thresholds: z.strictObject({
    serviceLevel: threshold,
    longestWait: threshold,
    abandonRate: threshold,
    holdSeconds: z.number(),
  }),
  density: z._default(z.enum(['comfortable', 'compact']), 'comfortable'),
});

/** What is wrong with one value, as a code the page words in the reader's language. */
export type InvalidReason =
  | { reason: 'type'; expected: string }
  | { reason: 'unknownKeys'; keys: string }
  | { reason: 'choice'; choices: string }
  | { reason: 'empty' }
  | { reason: 'tooLong'; max: number }
  | { reason: 'id' }
  | { reason: 'value' }
  | { reason: 'thresholdOrderBelow' }
  | { reason: 'thresholdOrderAbove' }
  | { reason: 'thresholdRange'; max: string }
  | { reason: 'holdRange' };

/** A zod issue as a reason (zod's own messages are English only). */
function reasonOf(issue: z.core.$ZodIssue): InvalidReason {
  switch (issue.code) {
    case 'invalid_type':
      return { reason: 'type', expected: String(issue.expected) };
    case 'unrecognized_keys':
      return { reason: 'unknownKeys', keys: issue.keys.join(', ') };
    case 'invalid_value':
      return { reason: 'choice', choices: issue.values.map((v) => JSON.stringify(v)).join(', ') };
    case 'too_small':
      return { reason: 'empty' };
    case 'too_big':
      return { reason: 'tooLong', max: Number(issue.maximum) };
    case 'invalid_format':
      return issue.path.at(-1) === 'id' ? { reason: 'id' } : { reason: 'value' };
    default:
      return { reason: 'value' };
  }
}

/** Why a file was refused; `path` names the value at fault. */
export type BoardFileProblem =
  | { kind: 'notJson'; detail: string }
  | { kind: 'foreign' }
  | { kind: 'newerVersion'; version: number }
  | { kind: 'invalid'; path: string; reason: InvalidReason }
  | { kind: 'duplicateId'; path: string; detail: string }
  | { kind: 'noBoards' }
  | { kind: 'tooLarge'; megabytes: number }
  | { kind: 'storageRefused'; detail: string };

/** Larger files are refused before reading: a boards file is a few kilobytes. */
export const MAX_BOARD_FILE_BYTES = 5_000_000;

export type BoardFileResult = { ok: true; boards: BoardDefinition[] } | { ok: false; problem: BoardFileProblem };

/** "boards[0].thresholds.serviceLevel.warning" from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Checks a board file's text; on success the boards are complete (defaults filled in) and sensible. */
export function parseBoardFile(text: string): BoardFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { kind: 'notJson', detail: (error as Error).message } };
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== BOARD_FILE_FORMAT) {
    return { ok: false, problem: { kind: 'foreign' } };
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && version > BOARD_FILE_VERSION) return { ok: false, problem: { kind: 'newerVersion', version } };
  const parsed = z.strictObject({ format: z.literal(BOARD_FILE_FORMAT), version: z.literal(BOARD_FILE_VERSION), boards: z.array(boardSchema) }).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: { kind: 'invalid', path: pathText(issue.path), reason: reasonOf(issue) } };
  }
  const boards = parsed.data.boards as BoardDefinition[];
  if (!boards.length) return { ok: false, problem: { kind: 'noBoards' } };
  const seen = new Set<string>();
  for (const [index, board] of boards.entries()) {
    if (seen.has(board.id)) return { ok: false, problem: { kind: 'duplicateId', path: `boards[${index}].id`, detail: board.id } };
    seen.add(board.id);
    const [problem] = thresholdProblems(board.thresholds);
    if (problem) {
      const reason: InvalidReason =
        problem.problem === 'order'
          ? { reason: problem.kpi === 'serviceLevel' ? 'thresholdOrderBelow' : 'thresholdOrderAbove' }
          : problem.kpi === 'holdSeconds'
            ? { reason: 'holdRange' }
            : { reason: 'thresholdRange', max: THRESHOLD_UNITS[problem.kpi] === 'percent' ? '100 %' : '86400 s' };
      return { ok: false, problem: { kind: 'invalid', path: `boards[${index}].thresholds.${problem.kpi}`, reason } };
    }
  }
  return { ok: true, boards };
}

/** The file text for `boards`, readable and stable so it diffs well in version control. */
export function boardFileText(boards: readonly BoardDefinition[]): string {
  const file: BoardFile = { format: BOARD_FILE_FORMAT, version: BOARD_FILE_VERSION, boards: boards.map(withoutImpliedAgentSource) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * A board's agent source only where its agent filter does not imply it: files and kiosk links stay readable by
 * builds from before the choice (which refuse a field they do not know), and mean the same to both.
 */
function withoutImpliedAgentSource(board: BoardDefinition): BoardDefinition {
  const { agentSource: chosen, ...rest } = board;
  return chosen === undefined || chosen === agentSource(rest) ? rest : board;
}
