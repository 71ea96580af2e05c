/**
 * A scenario describes one contact centre: its services, skillsets, agents, accounts and how busy it is.
 * Scenario files are JSON, validated here; every problem is reported with the path of the bad field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CHANNELS } from '../domain/contact-centre.ts';

const channel = z.enum(CHANNELS);
const language = z.enum(['IT', 'EN', 'it_IT', 'en_US']);
const code = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "-" or "."');

const service = z.strictObject({
  code,
  /** Channels this service takes interactions on; one ServiceStat per channel. */
  channels: z.array(channel).min(1),
  /** The skillset (group) whose agents answer this service. */
  skillset: code,
  /** Arrivals per hour per channel at the busiest hour of the day. */
  callsPerHour: z.number().min(0).max(100_000),
  talkSeconds: z.number().positive().default(180),
  wrapUpSeconds: z.number().min(0).default(15),
  /** Mean time a caller waits before hanging up. */
  patienceSeconds: z.number().positive().default(120),
  /** Share of callers who leave a callback request after waiting a while. */
  callbackShare: z.number().min(0).max(1).default(0.03),
  /** Share of calls filtered by the access list (blacklist/whitelist). */
  accessListShare: z.number().min(0).max(1).default(0.01),
  /** Whether the T4you directory looks callers up; when false its percentages are -1. */
  directory: z.boolean().default(true),
  outboundPerHour: z.number().min(0).max(100_000).default(0),
});

const agent = z.strictObject({
  username: code,
  password: z.string().min(1),
  name: z.string(),
  surname: z.string(),
  site: z.number().int(),
  profileId: z.number().int().positive(),
  skillsets: z.array(code).min(1),
  channels: z.array(channel).min(1).default(['CALL']),
  language: language.default('IT'),
});

const account = z.strictObject({
  username: code,
  password: z.string().min(1),
  name: z.string().nullable().default(null),
  surname: z.string(),
  supervisor: z.boolean(),
  language: language.default('EN'),
});

const activityCode = z.strictObject({
  code,
  /** Second-level codes an agent may pick under this one (activityCode2). */
  subCodes: z.array(code).default([]),
});

const kioskToken = z.strictObject({
  /** The access token a wallboard TV logs in with; it outlives emulator restarts. */
  token: z.string().min(16),
  /** The account the token logs in as. */
  username: code,
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    /** Simulated clock at start (RFC 3339); when absent the simulation starts at wall-clock time. */
    startTime: z.iso.datetime().optional(),
    speedOfAnswerSeconds: z.number().positive().default(20),
    shortCallSeconds: z.number().min(0).default(5),
    /** Hour of the simulated clock (UTC) at which "active context" counters restart. */
    dailyResetHourUtc: z.number().int().min(0).max(23).default(0),
    /** Multiplier of each service's peak rate per hour of the day (UTC), 24 values. */
    arrivalCurve: z.array(z.number().min(0).max(1)).length(24).optional(),
    behaviour: z
      .strictObject({
        breaksPerAgentHour: z.number().min(0).default(0.5),
        breakMinutes: z.number().positive().default(6),
        directCallsPerAgentHour: z.number().min(0).default(1.5),
        directCallSeconds: z.number().positive().default(90),
        ringSeconds: z.number().positive().default(5),
        noAnswerShare: z.number().min(0).max(1).default(0.03),
        holdShare: z.number().min(0).max(1).default(0.2),
      })
      .prefault({}),
    activityCodes: z.array(activityCode).min(1),
    skillsets: z.array(code).min(1),
    services: z.array(service).min(1),
    agents: z.array(agent),
    accounts: z.array(account).default([]),
    kioskTokens: z.array(kioskToken).default([]),
  })
  .superRefine((scenario, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const skillsets = new Set(scenario.skillsets);
    unique(scenario.skillsets, (s, i) => issue(['skillsets', i], `duplicate skillset "${s}"`));
    unique(
      scenario.services.map((s) => s.code),
      (c, i) => issue(['services', i, 'code'], `duplicate service "${c}"`),
    );
    scenario.services.forEach((s, i) => {
      if (!skillsets.has(s.skillset)) issue(['services', i, 'skillset'], `unknown skillset "${s.skillset}"`);
    });
    const usernames = [...scenario.agents.map((a) => a.username), ...scenario.accounts.map((a) => a.username)];
    unique(usernames, (u) => issue(['agents'], `duplicate username "${u}"`));
    unique(
      scenario.agents.map((a) => a.profileId),
      (p, i) => issue(['agents', i, 'profileId'], `duplicate profileId ${p}`),
    );
    scenario.agents.forEach((a, i) =>
      a.skillsets.forEach((s, j) => {
        if (!skillsets.has(s)) issue(['agents', i, 'skillsets', j], `unknown skillset "${s}"`);
      }),
    );
    const known = new Set(usernames);
    scenario.kioskTokens.forEach((k, i) => {
      if (!known.has(k.username)) issue(['kioskTokens', i, 'username'], `unknown username "${k.username}"`);
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ServiceDefinition = Scenario['services'][number];
export type AgentDefinition = Scenario['agents'][number];

function unique<T>(values: T[], onDuplicate: (value: T, index: number) => void): void {
  const seen = new Set<T>();
  values.forEach((v, i) => (seen.has(v) ? onDuplicate(v, i) : seen.add(v)));
}

export class ScenarioError extends Error {}

/** Validates a parsed scenario; throws ScenarioError naming every bad field by its path. */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  throw new ScenarioError(`${source} is not a valid scenario:\n${problems.join('\n')}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`cannot read scenario file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`scenario file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseScenario(json, `scenario file ${file}`);
}

const FIRST_NAMES = ['Giulia', 'Marco', 'Sara', 'Luca', 'Chiara', 'Andrea', 'Elena', 'Paolo', 'Francesca', 'Matteo', 'Anna', 'Davide'];
const SURNAMES = ['Rossi', 'Bianchi', 'Russo', 'Ferrari', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'Costa'];

/** Contact-centre sizes for `generateScenario`. */
export interface ScenarioSize {
  agents: number;
  services: number;
  groups: number;
}

/**
 * A generated contact centre: `services` services over `groups` skillsets, agents spread over the
 * skillsets (each agent in one or two) and two sites. Channels cycle so every channel is present.
 * The default scenario is the small instance; benchmarks use 2,000 agents and 200 services.
 */
export function generateScenario(size: ScenarioSize, name = `generated-${size.agents}a-${size.services}s-${size.groups}g`): Scenario {
  const skillsets = range(size.groups).map((i) => `skillset_${i + 1}`);
  const channelSets: (typeof CHANNELS)[number][][] = [['CALL'], ['CALL', 'VIDEO'], ['CALL', 'CHAT'], ['CALL', 'VIDEO', 'CHAT'], ['CHAT'], ['VIDEO']];
  // Enough traffic to keep the agents of each skillset mostly busy at the peak hour.
  const agentsPerService = Math.max(1, size.agents / Math.max(1, size.services));
  const services = range(size.services).map((i) => ({
    code: `service_${i + 1}`,
    channels: channelSets[i % channelSets.length],
    skillset: skillsets[i % skillsets.length],
    callsPerHour: Math.round(agentsPerService * 8 * (0.7 + ((i * 37) % 7) / 10)),
    outboundPerHour: i % 4 === 0 ? Math.round(agentsPerService * 3) : 0,
    directory: i % 5 !== 4,
  }));
  const agents = range(size.agents).map((i) => {
    const mix = Math.floor(i / Math.max(1, size.groups)) % 3;
    const allChannels = mix === 0 ? ['CALL', 'VIDEO', 'CHAT'] : mix === 1 ? ['CALL', 'CHAT'] : ['CALL', 'VIDEO'];
    return {
      username: `user_${i + 1}`,
      password: `user_${i + 1}`,
      name: FIRST_NAMES[i % FIRST_NAMES.length],
      // Surnames step by 3 and shift each round of first names: the first 168 agents all have different names.
      surname: SURNAMES[(Math.floor(i / FIRST_NAMES.length) + 3 * i) % SURNAMES.length],
      site: i % 4 === 3 ? 2 : 1,
      profileId: i + 1,
      // The first two skillsets get everyone's second skill so the reference's examples always match.
      skillsets: uniq([skillsets[i % skillsets.length], skillsets[(i + 1) % Math.min(2, skillsets.length)]]),
      channels: allChannels,
      language: i % 5 === 0 ? 'EN' : 'IT',
    };
  });
  return parseScenario(
    {
      name,
      activityCodes: [
        { code: 'activityCode_1', subCodes: [] },
        { code: 'activityCode_2', subCodes: ['activityCode_2_meeting', 'activityCode_2_training'] },
        { code: 'activityCode_3', subCodes: [] },
      ],
      skillsets,
      services,
      agents,
      accounts: [
        { username: 'admin', password: 'admin', name: 'Admin', surname: 'Administrator', supervisor: true, language: 'EN' },
        { username: 'supervisor', password: 'supervisor', name: 'Silvia', surname: 'Supervisore', supervisor: true, language: 'IT' },
      ],
    },
    name,
  );
}

/**
 * The kiosk token of the default scenario: a demo TV logs in with it as admin. A constant, so a kiosk link keeps
 * working across emulator restarts as a dedicated wallboard account's token would on a real server.
 */
export const DEFAULT_KIOSK_TOKEN = 'rtd-wallboard-kiosk-demo-token';

/** The embedded default: small enough to read on one screen, rich enough that every reference example returns data. */
export function defaultScenario(): Scenario {
  return withDemoKioskToken(generateScenario({ agents: 30, services: 6, groups: 3 }, 'default'));
}

/** A generated scenario with the demo kiosk token, so `--agents 2000` runs a kiosk (and its soak) the same way. */
export function withDemoKioskToken(scenario: Scenario): Scenario {
  return parseScenario({ ...scenario, kioskTokens: [{ token: DEFAULT_KIOSK_TOKEN, username: 'admin' }] }, scenario.name);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function uniq<T>(values: T[]): T[] {
  return [...new Set(values)];
}
