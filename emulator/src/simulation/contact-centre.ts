/**
 * The simulated contact centre: a discrete-event simulation of calls, video calls and chats arriving at
 * services, waiting in queues, ringing agents, being talked, held and wrapped up, and of agents taking
 * breaks and direct (DN) calls. Everything the RTD Server reports is read from this state; the GraphQL
 * layer never invents a number.
 */
import { type Channel, type DirectCallKind, type UserStatus, directCallKindOf, directCallStatus } from '../domain/contact-centre.ts';
import { EventQueue } from './event-queue.ts';
import { Random } from './random.ts';
import type { AgentDefinition, Scenario, ServiceDefinition } from './scenario.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Calls by hour of day (UTC): quiet nights, a morning and an afternoon peak, never fully idle for demos. */
const DEFAULT_ARRIVAL_CURVE = [0.25, 0.25, 0.25, 0.25, 0.25, 0.3, 0.4, 0.6, 0.85, 1, 1, 0.9, 0.7, 0.75, 0.9, 1, 0.9, 0.75, 0.6, 0.45, 0.35, 0.3, 0.25, 0.25];

export interface Call {
  readonly id: number;
  readonly queue: ServiceQueue;
  readonly arrivedAt: number;
  state: 'queued' | 'ringing' | 'connected' | 'closed';
  agent: Agent | null;
}

/** Counters of one service on one channel in the "active" context (since the last daily reset). */
export interface ServiceCounters {
  received: number;
  answered: number;
  answeredUnderSpeedLimit: number;
  /** Answered calls whose conversation has ended. */
  completedAnswered: number;
  closed: number;
  callbacks: number;
  abandoned: number;
  shortAbandoned: number;
  accessListHits: number;
  /** Calls currently in conversation with an agent. */
  connected: number;
  waitTotalMs: number;
  waitCount: number;
  outboundAttempts: number;
  outboundAnswered: number;
  outboundNotAnswered: number;
  outboundFailed: number;
  outboundPending: number;
  directoryLookups: number;
  directorySingle: number;
  directoryMultiple: number;
  directoryAnonymous: number;
}

export interface ServiceQueue {
  readonly code: string;
  readonly channel: Channel;
  readonly skillset: string;
  readonly definition: ServiceDefinition;
  /** Calls not yet connected (queued or ringing an agent), in arrival order. */
  readonly waiting: Call[];
  /** Agents who can answer this queue: the service's skillset and this channel. */
  readonly agents: Agent[];
  counters: ServiceCounters;
}

export type StateTotal = 'ready' | 'notReady' | 'booked' | 'busy' | 'busyOnService' | 'busyDnCallIn' | 'busyDnCallOut' | 'busyDnCallOutPrivate' | 'wnr';

export interface AgentCounters {
  callsFromService: number;
  callsFromServiceAnswered: number;
  callsFromServiceNotAnswered: number;
  callsIn: number;
  callsOut: number;
  callsOutPrivate: number;
  answeredOverSpeedLimit: number;
}

export interface ActivityTime {
  totalMs: number;
  busyMs: number;
  notReadyMs: number;
}

export interface Agent {
  readonly definition: AgentDefinition;
  readonly username: string;
  readonly profileId: number;
  readonly site: number;
  readonly skillsets: readonly string[];
  readonly channels: readonly Channel[];
  /** Services whose skillset this agent has. */
  readonly services: readonly string[];
  readonly queues: ServiceQueue[];
  status: UserStatus;
  /** When the current state began (simulated ms): `timeInState`. */
  statusSince: number;
  /** Time totals count from here: the later of the state's start and the last daily reset. */
  accrueFrom: number;
  readySince: number;
  activityCode: string | null;
  activityCode2: string | null;
  /** The service of the call the agent is ringing with, talking on or wrapping up. */
  currentQueue: ServiceQueue | null;
  call: Call | null;
  /** A not-ready pause (break or no-answer) lasts until then. */
  notReadyUntil: number;
  breakDue: boolean;
  totalsMs: Record<StateTotal, number>;
  activityTimes: Map<string, ActivityTime>;
  counters: AgentCounters;
  holdStartedAt: number | null;
  /** When the agent last put a service call on hold (`timeInHold.time`). */
  lastHoldAt: number | null;
  holdTotalMs: number;
  /** The simulation version during which anything reported about this agent last changed. */
  changedAt: number;
}

/** A change in one service's arrival rate, on every channel, for a while (the control plane's surge). */
export interface Surge {
  readonly service: string;
  /** The arrival rate is multiplied by this: 2 doubles it, 0.5 halves it, 0 stops new calls. */
  readonly factor: number;
  /** Simulated ms when it began and when it ends. */
  readonly from: number;
  readonly until: number;
}

export interface SimulationOptions {
  seed: number;
  /** Simulated start time (ms since epoch). */
  startTime: number;
}

export class ContactCentre {
  readonly queues: ServiceQueue[] = [];
  readonly queuesByKey = new Map<string, ServiceQueue>();
  readonly agents: Agent[] = [];
  readonly agentsByUsername = new Map<string, Agent>();
  readonly agentsByProfile = new Map<number, Agent>();
  readonly agentsBySkillset = new Map<string, Agent[]>();
  readonly skillsetChannels = new Map<string, Channel[]>();
  /** Increases whenever simulated state may have changed; views cache on it. */
  version = 0;
  now: number;

  private readonly events = new EventQueue();
  private readonly random: Random;
  private readonly curve: number[];
  private nextCallId = 1;
  /** The surge of each service, kept until it ends (at most one per service: a new one replaces it). */
  private readonly surges = new Map<string, Surge>();

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions,
  ) {
    this.random = new Random(options.seed);
    this.now = options.startTime;
    this.curve = scenario.arrivalCurve ?? DEFAULT_ARRIVAL_CURVE;
    for (const definition of scenario.services) {
      for (const channel of definition.channels) {
        const queue: ServiceQueue = {
          code: definition.code,
          channel,
          skillset: definition.skillset,
          definition,
          waiting: [],
          agents: [],
          counters: emptyServiceCounters(),
        };
        this.queues.push(queue);
        this.queuesByKey.set(queueKey(definition.code, channel), queue);
        const channels = this.skillsetChannels.get(definition.skillset) ?? [];
        if (!channels.includes(channel)) channels.push(channel);
        this.skillsetChannels.set(definition.skillset, channels);
      }
    }
    for (const definition of scenario.agents) this.addAgent(definition);
    this.start();
  }

  queue(code: string, channel: Channel): ServiceQueue | undefined {
    return this.queuesByKey.get(queueKey(code, channel));
  }

  /** Runs every event up to `now + ms` in time order; the history does not depend on how time is sliced. */
  advance(ms: number): void {
    const target = this.now + ms;
    while (this.events.peekTime() <= target) {
      const event = this.events.pop()!;
      this.now = event.at;
      event.run();
    }
    this.now = target;
    this.version++;
  }

  private addAgent(definition: AgentDefinition): void {
    const skillsets = new Set(definition.skillsets);
    const queues = this.queues.filter((q) => skillsets.has(q.skillset) && definition.channels.includes(q.channel));
    const agent: Agent = {
      definition,
      username: definition.username,
      profileId: definition.profileId,
      site: definition.site,
      skillsets: definition.skillsets,
      channels: definition.channels,
      services: this.scenario.services.filter((s) => skillsets.has(s.skillset)).map((s) => s.code),
      queues,
      status: 'READY',
      statusSince: this.now,
      accrueFrom: this.now,
      readySince: this.now,
      activityCode: null,
      activityCode2: null,
      currentQueue: null,
      call: null,
      notReadyUntil: 0,
      breakDue: false,
      totalsMs: emptyTotals(),
      activityTimes: new Map(this.scenario.activityCodes.map((a) => [a.code, { totalMs: 0, busyMs: 0, notReadyMs: 0 }])),
      counters: emptyAgentCounters(),
      holdStartedAt: null,
      lastHoldAt: null,
      holdTotalMs: 0,
      changedAt: this.version,
    };
    for (const queue of queues) queue.agents.push(agent);
    for (const skillset of agent.skillsets) {
      const members = this.agentsBySkillset.get(skillset) ?? [];
      members.push(agent);
      this.agentsBySkillset.set(skillset, members);
    }
    this.agents.push(agent);
    this.agentsByUsername.set(agent.username, agent);
    this.agentsByProfile.set(agent.profileId, agent);
  }

  private start(): void {
    // Stagger the agents' idle times so routing order is not simply scenario order.
    for (const agent of this.agents) agent.readySince = this.now - this.random.between(0, 5 * MINUTE);
    // Start the day part-way through: some agents already on a break.
    for (const agent of this.agents) if (this.random.chance(0.15)) this.startBreak(agent);
    for (const queue of this.queues) this.scheduleArrival(queue);
    for (const definition of this.scenario.services) {
      if (definition.outboundPerHour > 0 && definition.channels.includes('CALL')) {
        this.scheduleOutbound(this.queue(definition.code, 'CALL')!);
      }
    }
    for (const agent of this.agents) {
      this.scheduleBreak(agent);
      this.scheduleDirectCall(agent);
    }
    this.scheduleDailyReset();
  }

  private at(delayMs: number, run: () => void): void {
    this.events.schedule(this.now + Math.max(1, Math.round(delayMs)), run);
  }

  // ---- surges ----

  /**
   * Multiplies the arrival rate of `service` (every channel) by `factor` for `minutes` simulated minutes from now,
   * replacing a surge it had; null when the scenario has no such service.
   */
  surge(service: string, factor: number, minutes: number): Surge | null {
    const queues = this.queues.filter((q) => q.code === service);
    if (!queues.length) return null;
    const surge: Surge = { service, factor, from: this.now, until: this.now + Math.round(minutes * MINUTE) };
    this.surges.set(service, surge);
    for (const queue of queues) this.scheduleSurgeArrival(queue, surge);
    this.version++;
    return surge;
  }

  /** The surges still running, in the order they began. */
  activeSurges(): Surge[] {
    for (const [service, surge] of this.surges) if (surge.until <= this.now) this.surges.delete(service);
    return [...this.surges.values()].sort((a, b) => a.from - b.from);
  }

  /** The multiplier of a queue's arrival rate now (1 without a surge). */
  private arrivalFactor(queue: ServiceQueue): number {
    const surge = this.surges.get(queue.code);
    return surge && this.now < surge.until ? surge.factor : 1;
  }

  /**
   * A surge above 1 adds a second Poisson stream of arrivals at (factor − 1) × the peak rate, thinned by the hour's
   * curve like the first, for as long as the surge lasts; the ordinary stream draws exactly as before, so a run
   * without surges keeps its history.
   */
  private scheduleSurgeArrival(queue: ServiceQueue, surge: Surge): void {
    const perHour = (surge.factor - 1) * queue.definition.callsPerHour;
    if (perHour <= 0) return;
    this.at(this.random.exponential(HOUR / perHour), () => {
      if (this.surges.get(queue.code) !== surge || this.now >= surge.until) return;
      if (this.random.chance(this.curve[new Date(this.now).getUTCHours()])) this.arrive(queue);
      this.scheduleSurgeArrival(queue, surge);
    });
  }

  // ---- service interactions ----

  private scheduleArrival(queue: ServiceQueue): void {
    const peak = queue.definition.callsPerHour;
    if (peak <= 0) return;
    // Thinning: draw at the peak rate, keep each arrival with the hour's share of the peak.
    this.at(this.random.exponential(HOUR / peak), () => {
      // A surge below 1 thins the ordinary stream further (one draw either way, as without a surge).
      if (this.random.chance(this.curve[new Date(this.now).getUTCHours()] * Math.min(1, this.arrivalFactor(queue)))) this.arrive(queue);
      this.scheduleArrival(queue);
    });
  }

  private arrive(queue: ServiceQueue): void {
    const c = queue.counters;
    const definition = queue.definition;
    c.received++;
    if (queue.channel === 'CALL' && definition.directory) this.lookUpDirectory(c);
    if (this.random.chance(definition.accessListShare)) {
      // Refused by the access list: received and closed at once, never queued.
      c.accessListHits++;
      c.closed++;
      return;
    }
    const call: Call = { id: this.nextCallId++, queue, arrivedAt: this.now, state: 'queued', agent: null };
    queue.waiting.push(call);
    this.at(Math.max(SECOND, this.random.exponential(definition.patienceSeconds * SECOND)), () => this.abandon(call));
    if (this.random.chance(definition.callbackShare)) {
      this.at(this.random.between(15, 60) * SECOND, () => this.requestCallback(call));
    }
    this.routeCall(queue);
  }

  private lookUpDirectory(c: ServiceCounters): void {
    c.directoryLookups++;
    const r = this.random.next();
    if (r < 0.1) c.directoryAnonymous++;
    else if (r < 0.65) c.directorySingle++;
    else if (r < 0.77) c.directoryMultiple++;
  }

  private routeCall(queue: ServiceQueue): void {
    for (const call of queue.waiting) {
      if (call.state !== 'queued') continue;
      const agent = this.longestIdleReadyAgent(queue);
      if (!agent) return;
      this.offer(call, agent);
    }
  }

  private longestIdleReadyAgent(queue: ServiceQueue): Agent | null {
    let best: Agent | null = null;
    for (const agent of queue.agents) {
      if (agent.status === 'READY' && (!best || agent.readySince < best.readySince)) best = agent;
    }
    return best;
  }

  /** An agent who just became ready takes the longest-waiting call among the queues they serve. */
  private routeAgent(agent: Agent): void {
    let oldest: Call | null = null;
    for (const queue of agent.queues) {
      const call = queue.waiting.find((c) => c.state === 'queued');
      if (call && (!oldest || call.arrivedAt < oldest.arrivedAt)) oldest = call;
    }
    if (oldest) this.offer(oldest, agent);
  }

  private offer(call: Call, agent: Agent): void {
    call.state = 'ringing';
    call.agent = agent;
    agent.call = call;
    agent.currentQueue = call.queue;
    agent.counters.callsFromService++;
    agent.counters.callsIn++;
    this.setStatus(agent, 'BOOKED');
    const behaviour = this.scenario.behaviour;
    this.at(this.random.between(0.5, 1.5) * behaviour.ringSeconds * SECOND, () => {
      if (call.state !== 'ringing' || call.agent !== agent) return;
      if (this.random.chance(behaviour.noAnswerShare)) this.ringNoAnswer(call, agent);
      else this.answer(call, agent);
    });
  }

  private ringNoAnswer(call: Call, agent: Agent): void {
    agent.counters.callsFromServiceNotAnswered++;
    call.state = 'queued';
    call.agent = null;
    agent.call = null;
    agent.currentQueue = null;
    // As on a real ACD, an agent who lets a call ring out is set not ready for a short while.
    this.pause(agent, 30 * SECOND, null, null);
    this.routeCall(call.queue);
  }

  private answer(call: Call, agent: Agent): void {
    const c = call.queue.counters;
    const wait = this.now - call.arrivedAt;
    call.state = 'connected';
    removeFrom(call.queue.waiting, call);
    c.answered++;
    c.connected++;
    c.waitTotalMs += wait;
    c.waitCount++;
    if (wait <= this.scenario.speedOfAnswerSeconds * SECOND) c.answeredUnderSpeedLimit++;
    else agent.counters.answeredOverSpeedLimit++;
    agent.counters.callsFromServiceAnswered++;
    this.setStatus(agent, 'BUSY_service');
    const definition = call.queue.definition;
    const talk = Math.max(15 * SECOND, this.random.exponential(definition.talkSeconds * SECOND));
    if (this.random.chance(this.scenario.behaviour.holdShare)) {
      const holdLength = Math.min(this.random.between(10, 60) * SECOND, talk / 2);
      this.at(talk / 4, () => {
        if (agent.call !== call) return;
        agent.holdStartedAt = this.now;
        agent.lastHoldAt = this.now;
        agent.changedAt = this.version;
        this.at(holdLength, () => this.endHold(agent));
      });
    }
    this.at(talk, () => this.hangUp(call, agent));
  }

  private endHold(agent: Agent): void {
    if (agent.holdStartedAt === null) return;
    agent.holdTotalMs += this.now - agent.holdStartedAt;
    agent.holdStartedAt = null;
    agent.changedAt = this.version;
  }

  private hangUp(call: Call, agent: Agent): void {
    const c = call.queue.counters;
    this.endHold(agent);
    call.state = 'closed';
    c.connected--;
    c.completedAnswered++;
    c.closed++;
    agent.call = null;
    this.setStatus(agent, 'WNR');
    this.at(call.queue.definition.wrapUpSeconds * this.random.between(0.5, 1.5) * SECOND, () => {
      if (agent.status === 'WNR') this.becomeReady(agent);
    });
  }

  private abandon(call: Call): void {
    if (call.state !== 'queued' && call.state !== 'ringing') return;
    const c = call.queue.counters;
    const wait = this.now - call.arrivedAt;
    this.leaveQueue(call);
    c.abandoned++;
    if (wait < this.scenario.shortCallSeconds * SECOND) c.shortAbandoned++;
    c.waitTotalMs += wait;
    c.waitCount++;
  }

  private requestCallback(call: Call): void {
    if (call.state !== 'queued' && call.state !== 'ringing') return;
    this.leaveQueue(call);
    call.queue.counters.callbacks++;
  }

  /** A caller leaves before being answered; an agent whose phone was ringing for them is free again. */
  private leaveQueue(call: Call): void {
    const agent = call.agent;
    call.state = 'closed';
    call.agent = null;
    removeFrom(call.queue.waiting, call);
    call.queue.counters.closed++;
    if (agent && agent.call === call) {
      agent.call = null;
      agent.currentQueue = null;
      this.becomeReady(agent);
    }
  }

  private scheduleOutbound(queue: ServiceQueue): void {
    this.at(this.random.exponential(HOUR / queue.definition.outboundPerHour), () => {
      const c = queue.counters;
      c.outboundAttempts++;
      c.outboundPending++;
      this.at(this.random.between(5, 40) * SECOND, () => {
        c.outboundPending--;
        const r = this.random.next();
        if (r < 0.6) c.outboundAnswered++;
        else if (r < 0.9) c.outboundNotAnswered++;
        else c.outboundFailed++;
      });
      this.scheduleOutbound(queue);
    });
  }

  // ---- agent behaviour ----

  private setStatus(agent: Agent, status: UserStatus): void {
    this.accrue(agent);
    agent.status = status;
    agent.statusSince = this.now;
    agent.accrueFrom = this.now;
    agent.changedAt = this.version;
    if (status === 'READY') agent.readySince = this.now;
  }

  /** Adds the finished part of the current state to the agent's totals (completed intervals only). */
  private accrue(agent: Agent): void {
    const ms = this.now - agent.accrueFrom;
    const totals = agent.totalsMs;
    const status = agent.status;
    const kind = directCallKindOf(status);
    if (status === 'READY') totals.ready += ms;
    else if (status === 'NOT_READY') totals.notReady += ms;
    else if (status === 'BOOKED') totals.booked += ms;
    else if (status === 'WNR') totals.wnr += ms;
    else if (status === 'BUSY_service') {
      totals.busy += ms;
      totals.busyOnService += ms;
    } else if (kind) {
      totals.busy += ms;
      if (kind === 'dn_call_in') totals.busyDnCallIn += ms;
      if (kind === 'dn_call_out') totals.busyDnCallOut += ms;
      if (kind === 'dn_call_out_private') totals.busyDnCallOutPrivate += ms;
    }
    if (agent.activityCode) {
      const time = agent.activityTimes.get(agent.activityCode)!;
      time.totalMs += ms;
      if (status === 'NOT_READY') time.notReadyMs += ms;
      if (status.startsWith('NR_BUSY')) time.busyMs += ms;
    }
  }

  private becomeReady(agent: Agent): void {
    agent.currentQueue = null;
    if (agent.breakDue) {
      this.startBreak(agent);
      return;
    }
    agent.activityCode = null;
    agent.activityCode2 = null;
    this.setStatus(agent, 'READY');
    this.routeAgent(agent);
  }

  private pause(agent: Agent, lengthMs: number, activityCode: string | null, activityCode2: string | null): void {
    agent.activityCode = activityCode;
    agent.activityCode2 = activityCode2;
    // Whole milliseconds, as events are scheduled: the end check must not run a fraction early.
    agent.notReadyUntil = this.now + Math.max(1, Math.round(lengthMs));
    this.resumePause(agent);
  }

  /** Not ready until `notReadyUntil`, then ready: also after a direct call taken during the pause. */
  private resumePause(agent: Agent): void {
    this.setStatus(agent, 'NOT_READY');
    this.at(agent.notReadyUntil - this.now, () => {
      if (agent.status === 'NOT_READY' && this.now >= agent.notReadyUntil) this.becomeReady(agent);
    });
  }

  private scheduleBreak(agent: Agent): void {
    const rate = this.scenario.behaviour.breaksPerAgentHour;
    if (rate <= 0) return;
    this.at(this.random.exponential(HOUR / rate), () => {
      if (agent.status === 'READY') this.startBreak(agent);
      else if (agent.status !== 'NOT_READY' && !agent.status.startsWith('NR_')) agent.breakDue = true;
      this.scheduleBreak(agent);
    });
  }

  private startBreak(agent: Agent): void {
    agent.breakDue = false;
    const activity = this.random.pick(this.scenario.activityCodes);
    const sub = activity.subCodes.length && this.random.chance(0.6) ? this.random.pick(activity.subCodes) : null;
    const length = Math.max(30 * SECOND, this.random.exponential(this.scenario.behaviour.breakMinutes * MINUTE));
    this.pause(agent, length, activity.code, sub);
  }

  private scheduleDirectCall(agent: Agent): void {
    const rate = this.scenario.behaviour.directCallsPerAgentHour;
    if (rate <= 0) return;
    this.at(this.random.exponential(HOUR / rate), () => {
      if (agent.status === 'READY' || agent.status === 'NOT_READY') this.startDirectCall(agent);
      this.scheduleDirectCall(agent);
    });
  }

  private startDirectCall(agent: Agent): void {
    const r = this.random.next();
    const kind: DirectCallKind = r < 0.5 ? 'dn_call_in' : r < 0.85 ? 'dn_call_out' : 'dn_call_out_private';
    const wasNotReady = agent.status === 'NOT_READY';
    if (kind === 'dn_call_in') agent.counters.callsIn++;
    else agent.counters.callsOut++;
    if (kind === 'dn_call_out_private') agent.counters.callsOutPrivate++;
    this.setStatus(agent, directCallStatus(kind, wasNotReady));
    this.at(Math.max(10 * SECOND, this.random.exponential(this.scenario.behaviour.directCallSeconds * SECOND)), () => {
      // Back to the pause if it is not over yet, otherwise ready.
      if (wasNotReady && this.now < agent.notReadyUntil) this.resumePause(agent);
      else this.becomeReady(agent);
    });
  }

  // ---- the daily reset of the "active" context ----

  private scheduleDailyReset(): void {
    const hour = this.scenario.dailyResetHourUtc * HOUR;
    const dayStart = Math.floor(this.now / DAY) * DAY;
    let next = dayStart + hour;
    if (next <= this.now) next += DAY;
    this.events.schedule(next, () => {
      this.dailyReset();
      this.scheduleDailyReset();
    });
  }

  /** Counters restart at the reset hour; calls and states in progress carry over into the new context. */
  dailyReset(): void {
    for (const queue of this.queues) {
      const old = queue.counters;
      queue.counters = {
        ...emptyServiceCounters(),
        received: queue.waiting.length + old.connected,
        answered: old.connected,
        connected: old.connected,
        outboundAttempts: old.outboundPending,
        outboundPending: old.outboundPending,
      };
    }
    for (const agent of this.agents) {
      this.accrue(agent);
      agent.accrueFrom = this.now;
      agent.totalsMs = emptyTotals();
      agent.counters = emptyAgentCounters();
      for (const time of agent.activityTimes.values()) Object.assign(time, { totalMs: 0, busyMs: 0, notReadyMs: 0 });
      agent.holdTotalMs = 0;
      agent.changedAt = this.version;
    }
    this.version++;
  }

  /**
   * Rules that hold at every instant; returns what is broken (empty when all hold). Tests call it after
   * every step; it is the emulator's own proof that its numbers add up.
   */
  checkInvariants(): string[] {
    const broken: string[] = [];
    for (const q of this.queues) {
      const c = q.counters;
      const name = `${q.code}/${q.channel}`;
      const queued = q.waiting.length;
      if (c.received !== c.closed + queued + c.connected) broken.push(`${name}: received ≠ closed + queued + connected`);
      if (c.closed !== c.completedAnswered + c.abandoned + c.callbacks + c.accessListHits) broken.push(`${name}: closed ≠ completed + abandoned + callbacks + access-list`);
      if (c.answered !== c.completedAnswered + c.connected) broken.push(`${name}: answered ≠ completed + connected`);
      if (c.shortAbandoned > c.abandoned) broken.push(`${name}: short abandons > abandons`);
      if (c.answeredUnderSpeedLimit > c.answered) broken.push(`${name}: answered under speed limit > answered`);
      if (c.outboundAttempts !== c.outboundAnswered + c.outboundNotAnswered + c.outboundFailed + c.outboundPending) broken.push(`${name}: outbound attempts do not add up`);
      const ringing = q.waiting.filter((call) => call.state === 'ringing');
      for (const call of ringing) if (call.agent?.status !== 'BOOKED' || call.agent.call !== call) broken.push(`${name}: ringing call without a booked agent`);
      if (q.waiting.some((call) => call.state !== 'queued' && call.state !== 'ringing')) broken.push(`${name}: closed call in queue`);
    }
    for (const agent of this.agents) {
      const onServiceCall = agent.status === 'BOOKED' || agent.status === 'BUSY_service';
      if (onServiceCall !== (agent.call !== null)) broken.push(`${agent.username}: ${agent.status} with call ${agent.call?.id ?? 'none'}`);
      if (agent.status === 'READY' && agent.activityCode) broken.push(`${agent.username}: ready with activity code`);
      if (agent.statusSince > this.now) broken.push(`${agent.username}: state starts in the future`);
      if (agent.status === 'NOT_READY' && agent.notReadyUntil <= this.now) broken.push(`${agent.username}: not ready past the end of the pause`);
    }
    return broken;
  }
}

export function queueKey(code: string, channel: Channel): string {
  return `${code}\u0000${channel}`;
}

function removeFrom<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

function emptyServiceCounters(): ServiceCounters {
  return {
    received: 0,
    answered: 0,
    answeredUnderSpeedLimit: 0,
    completedAnswered: 0,
    closed: 0,
    callbacks: 0,
    abandoned: 0,
    shortAbandoned: 0,
    accessListHits: 0,
    connected: 0,
    waitTotalMs: 0,
    waitCount: 0,
    outboundAttempts: 0,
    outboundAnswered: 0,
    outboundNotAnswered: 0,
    outboundFailed: 0,
    outboundPending: 0,
    directoryLookups: 0,
    directorySingle: 0,
    directoryMultiple: 0,
    directoryAnonymous: 0,
  };
}

function emptyTotals(): Record<StateTotal, number> {
  return { ready: 0, notReady: 0, booked: 0, busy: 0, busyOnService: 0, busyDnCallIn: 0, busyDnCallOut: 0, busyDnCallOutPrivate: 0, wnr: 0 };
}

function emptyAgentCounters(): AgentCounters {
  return {
    callsFromService: 0,
    callsFromServiceAnswered: 0,
    callsFromServiceNotAnswered: 0,
    callsIn: 0,
    callsOut: 0,
    callsOutPrivate: 0,
    answeredOverSpeedLimit: 0,
  };
}
