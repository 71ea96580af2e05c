/** The emulator's command line, parsed and checked: a bad option exits with a message that names it. */
import { parseArgs } from 'node:util';
import { DEFAULT_AUTH_OPTIONS } from './auth/auth.ts';
import { DEFAULT_OPTIONS, type EmulatorOptions } from './emulator.ts';
import { DEFAULT_OPERATION_LIMITS } from './graphql/operation-limits.ts';

/**
 * The limits `--limit NAME=N` sets, with what each bounds (the defaults and reasons are documented where each
 * option is declared: operation-limits.ts, transport/sockets.ts, auth/auth.ts).
 */
const LIMITS = {
  maxDocumentLength: ['characters in a document', (o) => o.limits.maxDocumentLength, (o, n) => (o.limits = { ...o.limits, maxDocumentLength: n })],
  maxTokens: ['lexical tokens in a document', (o) => o.limits.maxTokens, (o, n) => (o.limits = { ...o.limits, maxTokens: n })],
  maxDepth: ['selection depth, fragments expanded', (o) => o.limits.maxDepth, (o, n) => (o.limits = { ...o.limits, maxDepth: n })],
  maxFields: ['fields selected, fragments expanded', (o) => o.limits.maxFields, (o, n) => (o.limits = { ...o.limits, maxFields: n })],
  maxAliases: ['aliased fields, fragments expanded', (o) => o.limits.maxAliases, (o, n) => (o.limits = { ...o.limits, maxAliases: n })],
  maxIntrospectionWithoutLogin: ['__schema/__type fields without a login', (o) => o.limits.maxIntrospectionWithoutLogin, (o, n) => (o.limits = { ...o.limits, maxIntrospectionWithoutLogin: n })],
  maxVariablesBytes: ["bytes of an operation's variables", (o) => o.limits.maxVariablesBytes, (o, n) => (o.limits = { ...o.limits, maxVariablesBytes: n })],
  maxFilterListLength: ['entries in one list of a filter', (o) => o.limits.maxFilterListLength, (o, n) => (o.limits = { ...o.limits, maxFilterListLength: n })],
  maxMessageBytes: ['bytes in one WebSocket message', (o) => o.maxMessageBytes, (o, n) => (o.maxMessageBytes = n)],
  maxOperationsPerSocket: ['operations running on one socket', (o) => o.maxOperationsPerSocket, (o, n) => (o.maxOperationsPerSocket = n)],
  maxSocketsPerAccount: ['open sockets of one account', (o) => o.maxSocketsPerAccount, (o, n) => (o.maxSocketsPerAccount = n)],
  maxSubscriptionsPerAccount: ['subscriptions of one account', (o) => o.maxSubscriptionsPerAccount, (o, n) => (o.maxSubscriptionsPerAccount = n)],
  maxFailedLoginRecords: ['usernames with failed logins remembered', (o) => o.auth.maxFailedLoginRecords, (o, n) => (o.auth = { ...o.auth, maxFailedLoginRecords: n })],
  maxCredentialLength: ['characters of a username or password', (o) => o.auth.maxCredentialLength, (o, n) => (o.auth = { ...o.auth, maxCredentialLength: n })],
} satisfies Record<string, [string, (o: EmulatorOptions) => number, (o: EmulatorOptions, n: number) => void]>;

const limitLines = Object.entries(LIMITS)
  .map(([name, [what, read]]) => `      ${`${name}=${read({ ...DEFAULT_OPTIONS, limits: DEFAULT_OPERATION_LIMITS })}`.padEnd(36)}${what}`)
  .join('\n');
import { parseRtdVersion } from './schema/rtd-schema.ts';
import { defaultScenario, generateScenario, loadScenarioFile, withDemoKioskToken } from './simulation/scenario.ts';

export const USAGE = `Usage: npm run emulator -- [options]

  --port N                 TCP port (default 4000; 0 picks a free one)
  --host H                 address to listen on (default 127.0.0.1)
  --seed N                 random seed: the same seed gives the same history (default 1)
  --speed X                simulated seconds per real second (default 1)
  --tick-ms N              milliseconds between simulation steps and subscription messages (default 1000)
  --scenario FILE          a scenario JSON file (see README) instead of the default contact centre
  --agents N --services M --groups G
                           generate a contact centre of that size instead (e.g. 2000, 200, 50)
  --rtd-version V          1.0.0, 1.0.1 or 1.0.2 (default 1.0.2)
  --start ISO              simulated clock at start (default: the scenario's, else now)
  --paused                 start with the simulation paused
  --session-ttl S          seconds a session lasts (default ${DEFAULT_AUTH_OPTIONS.sessionSeconds})
  --token-ttl S            seconds an access token lasts (default ${DEFAULT_AUTH_OPTIONS.tokenSeconds})
  --control-from-anywhere  accept /simulator requests from any address and Host name, not only loopback
  --exit-with-parent       stop when stdin ends: a parent that spawns the emulator with a stdin pipe takes it
                           down with it, however the parent ends (npm run serve and npm start use this)
  --limit NAME=N           change one of these limits (repeatable; defaults shown):
${limitLines}
  --tls-key FILE --tls-cert FILE
                           serve HTTPS and WSS with this PEM key and certificate, as a TVox host does
  --help                   this text`;

export class UsageError extends Error {}

/** The emulator's options, and what the process around it does. */
export type CommandLine = EmulatorOptions & {
  /** Stop when stdin ends (the parent that holds its other end has ended). */
  exitWithParent: boolean;
};

export function parseCommandLine(argv: string[]): CommandLine | 'help' {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        'tick-ms': { type: 'string' },
        scenario: { type: 'string' },
        agents: { type: 'string' },
        services: { type: 'string' },
        groups: { type: 'string' },
        'rtd-version': { type: 'string' },
        start: { type: 'string' },
        paused: { type: 'boolean' },
        'session-ttl': { type: 'string' },
        'token-ttl': { type: 'string' },
        'control-from-anywhere': { type: 'boolean' },
        limit: { type: 'string', multiple: true },
        'exit-with-parent': { type: 'boolean' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const number = (name: string, fallback: number, check: (n: number) => boolean, rule: string): number => {
    const text = values[name];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${rule} (got "${text}")`);
    return n;
  };
  const integer = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  const sizeGiven = ['agents', 'services', 'groups'].some((k) => values[k] !== undefined);
  if (sizeGiven && values.scenario) throw new UsageError('give either --scenario or --agents/--services/--groups, not both');
  const scenario = values.scenario
    ? loadScenarioFile(values.scenario as string)
    : sizeGiven
      ? withDemoKioskToken(
          generateScenario({
            agents: number('agents', 30, integer(1, 50_000), 'a whole number from 1 to 50000'),
            services: number('services', 6, integer(1, 5_000), 'a whole number from 1 to 5000'),
            groups: number('groups', 3, integer(1, 1_000), 'a whole number from 1 to 1000'),
          }),
        )
      : defaultScenario();
  let startTime: number | undefined;
  if (values.start !== undefined) {
    startTime = Date.parse(values.start as string);
    if (Number.isNaN(startTime)) throw new UsageError(`--start must be an RFC 3339 date-time (got "${values.start}")`);
  }
  let rtdVersion = DEFAULT_OPTIONS.rtdVersion;
  if (values['rtd-version'] !== undefined) {
    try {
      rtdVersion = parseRtdVersion(values['rtd-version'] as string);
    } catch (error) {
      throw new UsageError(`--rtd-version: ${(error as Error).message}`);
    }
  }
  if (!values['tls-key'] !== !values['tls-cert']) throw new UsageError('give both --tls-key and --tls-cert, or neither');
  const options: CommandLine = {
    ...DEFAULT_OPTIONS,
    tls: values['tls-key'] ? { keyFile: values['tls-key'] as string, certFile: values['tls-cert'] as string } : undefined,
    port: number('port', DEFAULT_OPTIONS.port, integer(0, 65535), 'a port number from 0 to 65535'),
    host: (values.host as string | undefined) ?? DEFAULT_OPTIONS.host,
    seed: number('seed', DEFAULT_OPTIONS.seed, integer(0, 2 ** 32 - 1), 'a whole number from 0 to 4294967295'),
    speed: number('speed', 1, (n) => n > 0 && n <= 10_000, 'a number above 0 and at most 10000'),
    tickMs: number('tick-ms', 1000, integer(10, 60_000), 'a whole number of milliseconds from 10 to 60000'),
    scenario,
    rtdVersion,
    startTime,
    paused: !!values.paused,
    auth: {
      ...DEFAULT_AUTH_OPTIONS,
      sessionSeconds: number('session-ttl', DEFAULT_AUTH_OPTIONS.sessionSeconds, integer(1, 10 ** 8), 'a whole number of seconds'),
      tokenSeconds: number('token-ttl', DEFAULT_AUTH_OPTIONS.tokenSeconds, integer(1, 10 ** 8), 'a whole number of seconds'),
    },
    controlFromAnywhere: !!values['control-from-anywhere'],
    exitWithParent: !!values['exit-with-parent'],
  };
  for (const setting of (values.limit ?? []) as string[]) {
    const [name, text] = setting.split('=', 2);
    const limit = LIMITS[name as keyof typeof LIMITS];
    if (!limit) throw new UsageError(`--limit: unknown limit "${name}"; limits are ${Object.keys(LIMITS).join(', ')}`);
    const n = Number(text);
    if (!text || !Number.isInteger(n) || n < 1) throw new UsageError(`--limit ${name} must be a whole number of at least 1 (got "${text ?? ''}")`);
    limit[2](options, n);
  }
  return options;
}
