/**
 * The RTD Server emulator: one HTTP server carrying GraphQL over HTTP and WebSocket on `/rtdserver`, the
 * playground, and the control plane under `/simulator`, driven by a simulated contact centre whose clock
 * advances one tick at a time.
 */
import { type Server, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type AuthOptions, AuthService, DEFAULT_AUTH_OPTIONS } from './auth/auth.ts';
import { LiveHub } from './graphql/live-hub.ts';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './graphql/operation-limits.ts';
import { type RtdRuntime, createRootValue } from './graphql/root-resolvers.ts';
import { DEFAULT_RTD_VERSION, type RtdVersion, buildRtdSchema } from './schema/rtd-schema.ts';
import { ContactCentre } from './simulation/contact-centre.ts';
import { type Scenario, defaultScenario } from './simulation/scenario.ts';
import { handleControlRequest } from './transport/control-plane.ts';
import { createGraphQLHttpHandler, sendJson } from './transport/http.ts';
import { servePlayground } from './transport/playground/playground.ts';
import { RTD_PATH, SocketHub, type SocketOptions } from './transport/sockets.ts';

export interface EmulatorOptions extends SocketOptions {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  host: string;
  seed: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Wall-clock milliseconds between simulation steps and subscription messages. */
  tickMs: number;
  scenario: Scenario;
  rtdVersion: RtdVersion;
  /** Simulated clock at start (ms since epoch); defaults to the scenario's, else now. */
  startTime?: number;
  /** Start with the simulation paused (tests). */
  paused: boolean;
  auth: AuthOptions;
  /** Accept control-plane requests from other hosts, not only loopback. */
  controlFromAnywhere: boolean;
  /** What one operation may cost (operation-limits.ts), whichever transport brings it. */
  limits: OperationLimits;
  /** PEM files to serve HTTPS/WSS, as a TVox host does; cookies then get `Secure`. */
  tls?: { keyFile: string; certFile: string };
}

export const DEFAULT_OPTIONS: EmulatorOptions = {
  port: 4000,
  host: '127.0.0.1',
  seed: 1,
  speed: 1,
  tickMs: 1000,
  scenario: defaultScenario(),
  rtdVersion: DEFAULT_RTD_VERSION,
  paused: false,
  auth: DEFAULT_AUTH_OPTIONS,
  controlFromAnywhere: false,
  limits: DEFAULT_OPERATION_LIMITS,
  maxOperationsPerSocket: 100,
  maxSocketsPerAccount: 500,
  maxSubscriptionsPerAccount: 1_000,
  maxMessageBytes: 1_000_000,
  keepAliveMs: 12_000,
  initTimeoutMs: 10_000,
};

export interface SimulatorState {
  clock: string;
  speed: number;
  tickMs: number;
  paused: boolean;
  seed: number;
  rtdVersion: RtdVersion;
  health: 'PASS' | 'FAIL';
  scenario: { name: string; services: number; agents: number; skillsets: number };
  sockets: { total: number; transport: number; legacy: number };
  subscriptions: number;
  subscriptionGroups: number;
  lastTick: { durationMs: number; messages: number };
  /** Usernames with failed-login records or locks held now (bounded by maxFailedLoginRecords). */
  failedLoginRecords: number;
  /** Surges running now (POST /simulator/surge), with the simulated time each ends. */
  surges: { service: string; factor: number; until: string }[];
}

export class Emulator {
  readonly runtime: RtdRuntime;
  readonly hub: LiveHub;
  readonly url: string;
  private readonly sockets: SocketHub;
  private timer: NodeJS.Timeout | undefined;
  private paused: boolean;
  private seed: number;
  private lastTickMs = 0;
  /** Called after every step with the fan-out's duration, for the benchmark. */
  onTick?: (report: ReturnType<LiveHub['fanOut']>) => void;

  private constructor(
    readonly options: EmulatorOptions,
    private readonly server: Server,
    runtime: RtdRuntime,
    hub: LiveHub,
    sockets: SocketHub,
  ) {
    this.runtime = runtime;
    this.hub = hub;
    this.sockets = sockets;
    this.paused = options.paused;
    this.seed = options.seed;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}${RTD_PATH}`;
    this.timer = setInterval(() => this.tick(), options.tickMs);
  }

  static async start(overrides: Partial<EmulatorOptions> = {}): Promise<Emulator> {
    const options = { ...DEFAULT_OPTIONS, ...overrides };
    const runtime: RtdRuntime = {
      cc: newContactCentre(options, options.seed),
      auth: new AuthService(options.scenario, options.auth),
      rtdVersion: options.rtdVersion,
      health: 'PASS',
    };
    const schema = buildRtdSchema(options.rtdVersion);
    const rootValue = createRootValue(runtime);
    const hub = new LiveHub(rootValue, options.maxSubscriptionsPerAccount);
    const graphqlHttp = createGraphQLHttpHandler(runtime, schema, rootValue, options.limits);
    let emulator: Emulator | undefined;
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      try {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (path === RTD_PATH || path === `${RTD_PATH}/`) return void graphqlHttp(req, res);
        if (servePlayground(path, res)) return;
        if ((path === '/simulator' || path.startsWith('/simulator/')) && emulator) return void handleControlRequest(emulator, req, res);
        sendJson(res, 404, { errors: [{ message: `Nothing at ${path}: GraphQL is at ${RTD_PATH}, the playground at ${RTD_PATH}/playground` }] });
      } catch (error) {
        // One bad request must never take the server down.
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: `Internal error: ${(error as Error).message}` }] });
      }
    };
    const server: Server = options.tls ? createTlsServer({ key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) }, handle) : createServer(handle);
    // A client that trickles its headers or body holds a socket, not the server: Node's defaults allow minutes.
    server.headersTimeout = 15_000;
    server.requestTimeout = 30_000;
    const sockets = new SocketHub(server, runtime, schema, rootValue, hub, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
    emulator = new Emulator(options, server, runtime, hub, sockets);
    return emulator;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** One tick: advance the simulation (unless paused), send the deltas, close expired sockets. */
  private tick(): void {
    if (!this.paused) this.runtime.cc.advance(this.options.tickMs * this.options.speed);
    this.afterChange();
    this.sockets.closeRevoked();
  }

  private afterChange(lose = false): void {
    const report = this.hub.fanOut(lose);
    this.lastTickMs = report.durationMs;
    this.onTick?.(report);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Advances simulated time by `seconds` at once (paused or not) and sends what changed. */
  step(seconds: number): void {
    this.runtime.cc.advance(seconds * 1000);
    this.afterChange();
  }

  /**
   * Advances simulated time by `seconds` and loses the subscription messages of that step, as a network
   * would: every subscriber's numbers are then wrong until a snapshot (a reconciliation) corrects them.
   */
  loseDeltas(seconds: number): void {
    this.runtime.cc.advance(seconds * 1000);
    this.afterChange(true);
  }

  /**
   * Multiplies a service's arrival rate by `factor` for `minutes` simulated minutes (replacing a surge it had), as a
   * campaign or an outage elsewhere would; false when the scenario has no such service.
   */
  surge(service: string, factor: number, minutes: number): boolean {
    const started = this.runtime.cc.surge(service, factor, minutes) !== null;
    if (started) this.afterChange();
    return started;
  }

  /** The scenario's service codes, for messages. */
  get serviceCodes(): string[] {
    return this.runtime.cc.scenario.services.map((s) => s.code);
  }

  setHealth(status: 'PASS' | 'FAIL'): void {
    this.runtime.health = status;
  }

  /** Restarts the simulation from its beginning with a seed; subscribers get the difference as a delta. */
  reset(seed: number): void {
    this.seed = seed;
    this.runtime.cc = newContactCentre(this.options, seed);
    this.afterChange();
  }

  /**
   * Ends every session and ordinary access token now, and closes the sockets they (or kiosk tokens)
   * authenticate with CloseCode.Unauthorized (4401): what a client meets when its session runs out. Kiosk tokens stay valid.
   */
  expireSessions(): { expired: number; closedSockets: number } {
    const expired = this.runtime.auth.expireAll();
    return { expired, closedSockets: this.sockets.closeAuthenticated('Session expired: log in again') };
  }

  /** Switches the scenario's kiosk tokens on or off; off closes the sockets they (or their sessions) opened. */
  setKioskTokens(enabled: boolean): { closedSockets: number } {
    this.runtime.auth.kioskTokensEnabled = enabled;
    return { closedSockets: this.sockets.closeRevoked() };
  }

  disconnectSockets(): number {
    return this.sockets.dropAll();
  }

  state(): SimulatorState {
    const cc = this.runtime.cc;
    return {
      clock: new Date(cc.now).toISOString(),
      speed: this.options.speed,
      tickMs: this.options.tickMs,
      paused: this.paused,
      seed: this.seed,
      rtdVersion: this.runtime.rtdVersion,
      health: this.runtime.health,
      scenario: { name: cc.scenario.name, services: cc.scenario.services.length, agents: cc.agents.length, skillsets: cc.scenario.skillsets.length },
      sockets: this.sockets.counts,
      subscriptions: this.hub.subscriptionCount,
      subscriptionGroups: this.hub.groupCount,
      lastTick: { durationMs: Math.round(this.lastTickMs * 100) / 100, messages: this.hub.lastFanOut.messages },
      failedLoginRecords: this.runtime.auth.failedLoginRecords,
      surges: cc.activeSurges().map((s) => ({ service: s.service, factor: s.factor, until: new Date(s.until).toISOString() })),
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.hub.clear();
    await this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Simulated time run before the clock reaches its start, so a wallboard opens on a day already under way. */
const WARM_UP_MS = 3600_000;

function newContactCentre(options: EmulatorOptions, seed: number): ContactCentre {
  const startTime = options.startTime ?? (options.scenario.startTime ? Date.parse(options.scenario.startTime) : Date.now());
  // Never warm up across the daily reset: the counters would restart anyway.
  const sinceReset = (((startTime - options.scenario.dailyResetHourUtc * 3600_000) % 86_400_000) + 86_400_000) % 86_400_000;
  const warmUp = Math.min(WARM_UP_MS, sinceReset);
  const cc = new ContactCentre(options.scenario, { seed, startTime: startTime - warmUp });
  cc.advance(warmUp);
  return cc;
}
