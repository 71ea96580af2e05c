/**
 * The board format, one definition for the app (its editor, board files, kiosk links, browser storage) and the
 * wallboard server (which stores the team's boards): what a board holds, what makes it wrong, and the board file
 * that carries boards in and out. A problem names the path of the value at fault, so "nothing changes" and "the
 * message names the problem" hold wherever a board is checked. Imports nothing of the programs (only zod).
 */
import * as z from 'zod/mini';

/** The contact-centre channels (the RTD schema's MultiChannel). */
export type BoardChannel = 'CALL' | 'VIDEO' | 'CHAT';
/** The agent states a board's agent filter can pick (the RTD schema's UserStatusFilter). */
export type BoardUserStatus = 'READY' | 'NOT_READY' | 'BUSY' | 'BOOKED' | 'NOT_READY_BUSY' | 'WNR';

/** The figures a board sets thresholds for. */
export const THRESHOLD_KPIS = ['serviceLevel', 'longestWait', 'abandonRate'] as const;
export type ThresholdKpi = (typeof THRESHOLD_KPIS)[number];

export interface KpiThreshold {
  /** The level is `warning` from this value on (past it in the worse direction)… */
  warning: number;
  /** …and `critical` past this one. */
  critical: number;
}

export interface BoardThresholds extends Record<ThresholdKpi, KpiThreshold> {
  /** How long (s) a new level must hold before the tile shows it. */
  holdSeconds: number;
}

/** Service level is worse when lower; waits and abandons are worse when higher. */
export const WORSE_WHEN: Record<ThresholdKpi, 'below' | 'above'> = { serviceLevel: 'below', longestWait: 'above', abandonRate: 'above' };

/** The unit a threshold is typed in: service level and abandon rate in %, the longest wait in seconds. */
export const THRESHOLD_UNITS: Record<ThresholdKpi, 'percent' | 'seconds'> = { serviceLevel: 'percent', longestWait: 'seconds', abandonRate: 'percent' };

export const DEFAULT_THRESHOLDS: BoardThresholds = {
  serviceLevel: { warning: 80, critical: 70 },
  longestWait: { warning: 60, critical: 120 },
  abandonRate: { warning: 5, critical: 8 },
  holdSeconds: 5,
};

export type ThresholdProblem = { kpi: ThresholdKpi | 'holdSeconds'; problem: 'order' | 'range' };

/** What is wrong with a set of thresholds (empty when they make sense): the editor and board files share it. */
export function thresholdProblems(thresholds: BoardThresholds): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  for (const kpi of THRESHOLD_KPIS) {
    const { warning, critical } = thresholds[kpi];
    const max = THRESHOLD_UNITS[kpi] === 'percent' ? 100 : 86_400;
    if (![warning, critical].every((v) => Number.isFinite(v) && v >= 0 && v <= max)) problems.push({ kpi, problem: 'range' });
    else if (WORSE_WHEN[kpi] === 'below' ? critical > warning : critical < warning) problems.push({ kpi, problem: 'order' });
  }
  if (!(Number.isFinite(thresholds.holdSeconds) && thresholds.holdSeconds >= 0 && thresholds.holdSeconds <= 600)) {
    problems.push({ kpi: 'holdSeconds', problem: 'range' });
  }
  return problems;
}

export type ChannelCodes = Record<BoardChannel, string[]>;

/** How a tile's service level is worked out: from the answered calls, or the server's `sl1` custom stat. */
export type ServiceLevelSource = 'answered' | 'sl1';
export type BoardDensity = 'comfortable' | 'compact';

/** The agent grid's filter: the `UserFilter` fields a board can set. */
export interface AgentFilter {
  name?: string;
  surname?: string;
  sites?: number[];
  statuses?: BoardUserStatus[];
  skillsets?: string[];
  services?: string[];
  activityCodes?: string[];
  channels?: BoardChannel[];
}

export interface BoardDefinition {
  /** URL-safe and unique among the saved boards; the `board` query parameter names it. */
  id: string;
  name: string;
  services: ChannelCodes;
  groups: ChannelCodes;
  agents: AgentFilter;
  /**
   * Where the board's agents come from: those serving its services or in its groups ('services'), or the agent
   * filter ('filter'). Unset in boards saved before the choice existed: see `agentSource`.
   */
  agentSource?: AgentSource;
  /** Custom stat keys to show on every tile, e.g. "sl1". */
  customStatKeys: string[];
  /** Only agents of this site count in the tiles' figures; null for every site. */
  site: number | null;
  serviceLevel: ServiceLevelSource;
  thresholds: BoardThresholds;
  density: BoardDensity;
}

export type AgentSource = 'services' | 'filter';
export const AGENT_SOURCES: readonly AgentSource[] = ['services', 'filter'];

export const USER_STATUS_FILTERS: readonly BoardUserStatus[] = ['READY', 'NOT_READY', 'BUSY', 'BOOKED', 'NOT_READY_BUSY', 'WNR'];

/** The editor's route segment for a board not saved yet; no board can have it as id. */
export const NEW_BOARD_ID = 'new';

/** What a board id looks like: lower case, digits and dashes, up to 60 characters (a URL parameter as it is). */
export const BOARD_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** A board id from its name: lower case, dashes, unique among `taken`. */
export function boardId(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'board';
  let id = base;
  // "new" is the editor's route for a board not saved yet.
  for (let n = 2; taken.has(id) || id === NEW_BOARD_ID; n++) id = `${base}-${n}`;
  return id;
}

/** Whether an agent filter narrows anything (empty fields do not). */
export function hasAgentFilter(agents: AgentFilter): boolean {
  return Object.values(agents).some((value) => (Array.isArray(value) ? value.length > 0 : !!value));
}

/**
 * Where a board's agents come from. A board saved before the choice existed keeps its agent filter if it set one;
 * otherwise its agents follow its services and groups (an empty filter listed every agent, which nobody chose).
 */
export function agentSource(board: BoardDefinition): AgentSource {
  return board.agentSource ?? (hasAgentFilter(board.agents) ? 'filter' : 'services');
}

/** Two boards with the same settings, whatever the order of their keys (an import or upload then adds nothing). */
export function sameBoard(a: BoardDefinition, b: BoardDefinition): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

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
  id: z.string().check(z.regex(BOARD_ID_PATTERN)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  services: channelCodes,
  groups: channelCodes,
  agents: z._default(
    z.strictObject({
      name: z.optional(z.string()),
      surname: z.optional(z.string()),
      sites: z.optional(z.array(z.int())),
      statuses: z.optional(z.array(z.enum(USER_STATUS_FILTERS as [BoardUserStatus, ...BoardUserStatus[]]))),
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
export type BoardFormatProblem =
  | { kind: 'notJson'; detail: string }
  | { kind: 'foreign' }
  | { kind: 'newerVersion'; version: number }
  | { kind: 'invalid'; path: string; reason: InvalidReason }
  | { kind: 'duplicateId'; path: string; detail: string }
  | { kind: 'noBoards' }
  | { kind: 'tooLarge'; megabytes: number };

/** Larger files are refused before reading: a boards file is a few kilobytes. */
export const MAX_BOARD_FILE_BYTES = 5_000_000;

export type BoardFileResult = { ok: true; boards: BoardDefinition[] } | { ok: false; problem: BoardFormatProblem };

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
    const problem = thresholdsProblem(board, `boards[${index}]`);
    if (problem) return { ok: false, problem };
  }
  return { ok: true, boards };
}

/** The first threshold of a board that makes no sense, as an `invalid` problem at `path`.thresholds.… */
function thresholdsProblem(board: BoardDefinition, path: string): Extract<BoardFormatProblem, { kind: 'invalid' }> | null {
  const [problem] = thresholdProblems(board.thresholds);
  if (!problem) return null;
  const reason: InvalidReason =
    problem.problem === 'order'
      ? { reason: problem.kpi === 'serviceLevel' ? 'thresholdOrderBelow' : 'thresholdOrderAbove' }
      : problem.kpi === 'holdSeconds'
        ? { reason: 'holdRange' }
        : { reason: 'thresholdRange', max: THRESHOLD_UNITS[problem.kpi] === 'percent' ? '100 %' : '86400 s' };
  return { kind: 'invalid', path: `${path}.thresholds.${problem.kpi}`, reason };
}

export type BoardResult = { ok: true; board: BoardDefinition } | { ok: false; problem: Extract<BoardFormatProblem, { kind: 'invalid' }> };

/**
 * Checks one board as it travels alone (the wallboard server's `board` field), by the same rules as a file's
 * boards: on success it is complete (defaults filled in); else the problem's path starts with `path`.
 */
export function parseBoard(value: unknown, path = 'board'): BoardResult {
  const parsed = boardSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: { kind: 'invalid', path: pathText([path, ...issue.path]), reason: reasonOf(issue) } };
  }
  const board = parsed.data as BoardDefinition;
  const problem = thresholdsProblem(board, path);
  return problem ? { ok: false, problem } : { ok: true, board };
}

/** A reason in English, for the server's refusals (the app words reasons in the reader's language itself). */
export function invalidReasonText(reason: InvalidReason): string {
  switch (reason.reason) {
    case 'type':
      return `expected ${reason.expected}`;
    case 'unknownKeys':
      return `unknown field(s): ${reason.keys}`;
    case 'choice':
      return `must be one of ${reason.choices}`;
    case 'empty':
      return 'must not be empty';
    case 'tooLong':
      return `longer than ${reason.max}`;
    case 'id':
      return 'an id is lower-case letters, digits and dashes (up to 60), starting with a letter or digit';
    case 'value':
      return 'not a value this field takes';
    case 'thresholdOrderBelow':
      return 'critical must not be above warning (lower is worse)';
    case 'thresholdOrderAbove':
      return 'critical must not be below warning (higher is worse)';
    case 'thresholdRange':
      return `must be between 0 and ${reason.max}`;
    case 'holdRange':
      return 'must be between 0 and 600 s';
  }
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

/** A board as the team's wallboard server keeps and answers it (/api/boards): its content, the version a change must start from, who saved it last and when. */
export interface TeamBoard {
  id: string;
  name: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
  board: BoardDefinition;
}

/** One of a board's kept versions, as /api/boards/:id/versions lists it. */
export interface TeamBoardVersion {
  version: number;
  savedBy: string;
  savedAt: string;
}

/** What an upload of a browser's boards did (/api/boards/upload). */
export interface UploadOutcome {
  added: number;
  unchanged: number;
  renamed: number;
  /** Where each uploaded board is now, in the order sent (a renamed one under its new id). */
  ids: string[];
}
