import type { BreachWarning } from '../../../../contract/forecast';
import type { HistorySample } from '../../../../contract/history-format';
import { type StatTileView, shownTiles } from '../../shared/stat-tile/stat-tile-view';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { DEFAULT_THRESHOLDS, LevelHold } from '../../shared/thresholds';
import { serviceStatOfSample, serviceTiles } from '../services/service-tile-view';
import { BreachWarnings } from './breach-warnings';

const MINUTE = 60_000;
/** A second into the minute after the last sample's: the recorder has written it, the page has read it. */
const NOW = Date.parse('2026-12-04T10:00:05Z');
const HOLD_MS = DEFAULT_THRESHOLDS.holdSeconds * 1000;
const settings: TileSettings = { customStatKeys: [], serviceLevel: 'answered', thresholds: DEFAULT_THRESHOLDS, hasField: () => true };

/**
 * 30 minute samples of one CALL service ending at the minute before NOW: 15 calm minutes, then calls coming faster than
 * its agents answer them, the queue and its longest wait growing (under the critical 120 s at the end: 80 s).
 */
function surging(code = 'service_1', minutes = 30): HistorySample[] {
  const counters = { received: 1000, answered: 950, inTime: 900, abandoned: 20 };
  return Array.from({ length: minutes }, (_, i) => {
    const surge = i >= minutes - 10;
    const m = surge
      ? { received: 16, answered: 9, inTime: 3, busy: 10, ready: 0, queued: 2 * (i - minutes + 11), longestWait: 8 * (i - minutes + 11) }
      : { received: 5, answered: 5, inTime: 5, busy: 7, ready: 3, queued: 0, longestWait: 0 };
    counters.received += m.received;
    counters.answered += m.answered;
    counters.inTime += m.inTime;
    return sample(code, NOW - 5_000 - (minutes - i) * MINUTE, { ...counters, busy: m.busy, ready: m.ready, queued: m.queued, longestWait: m.longestWait });
  });
}

/** The same service, calm all along. */
function calm(code = 'service_1', minutes = 30): HistorySample[] {
  return Array.from({ length: minutes }, (_, i) =>
    sample(code, NOW - 5_000 - (minutes - i) * MINUTE, { received: 1000 + 5 * i, answered: 950 + 5 * i, inTime: 900 + 5 * i, abandoned: 20, busy: 6, ready: 4, queued: 0, longestWait: 0 }),
  );
}

function sample(
  code: string,
  minute: number,
  f: { received: number; answered: number; inTime: number; abandoned: number; busy: number; ready: number; queued: number; longestWait: number },
): HistorySample {
  return {
    kind: 'service',
    code,
    channel: 'CALL',
    minute: new Date(minute).toISOString(),
    queued: f.queued,
    longestWait: f.longestWait,
    received: f.received,
    answered: f.answered,
    answeredInTime: f.inTime,
    abandoned: f.abandoned,
    shortAbandons: 0,
    agentsReady: f.ready,
    agentsBusy: f.busy,
    agentsPostCall: 1,
    agentsNotReady: 0,
    agentsLogged: f.ready + f.busy + 1,
  };
}

/** The board's tiles from live stats standing as the latest samples, with `live` overriding what the tile shows now. */
function tilesOf(samplesByCode: Record<string, HistorySample[]>, live: Partial<HistorySample> = {}): StatTileView[] {
  return serviceTiles(
    Object.values(samplesByCode).map((samples) => serviceStatOfSample({ ...samples.at(-1)!, ...live })),
    settings,
  );
}

/** The tiles as shown at `now` with the warnings of `model` over `samplesByCode`. */
function shownAt(
  model: BreachWarnings,
  samplesByCode: Record<string, HistorySample[]>,
  now: number,
  hold = new LevelHold(),
  live: Partial<HistorySample> = {},
  boardSettings = settings,
): StatTileView[] {
  const warnings = model.warnings(Object.keys(samplesByCode), (code) => samplesByCode[code] ?? [], boardSettings, now);
  return shownTiles(tilesOf(samplesByCode, live), hold, now, HOLD_MS, () => [], new Map(), warnings);
}

const tile = (tiles: StatTileView[], id: string) => tiles.find((t) => t.id === id)!;

describe('breach warnings on the board’s tiles', () => {
  it('a CALL tile whose samples forecast a breach shows “critical in ~N min” once the warning has held for the board’s hold time', () => {
    const model = new BreachWarnings();
    const history = { service_1: surging() };
    const hold = new LevelHold();
    expect(tile(shownAt(model, history, NOW, hold), 'service_1/CALL').forecast).toBeUndefined();
    expect(tile(shownAt(model, history, NOW + HOLD_MS - 1000, hold), 'service_1/CALL').forecast).toBeUndefined();
    const shown = tile(shownAt(model, history, NOW + HOLD_MS, hold), 'service_1/CALL');
    expect(shown.forecast?.kpi).toBe('longestWait');
    expect(shown.forecast!.minutes).toBeGreaterThanOrEqual(1);
    expect(shown.forecast!.minutes).toBeLessThanOrEqual(10);
    // The tile itself is not critical: the warning is ahead of the red, not instead of it.
    expect(shown.level).not.toBe('critical');
  });

  it('shows no warning on a figure already critical on the tile: the red says it', () => {
    const model = new BreachWarnings();
    const history = { service_1: surging() };
    const hold = new LevelHold();
    shownAt(model, history, NOW, hold, { longestWait: 150 });
    const shown = tile(shownAt(model, history, NOW + HOLD_MS, hold, { longestWait: 150 }), 'service_1/CALL');
    expect(shown.level).toBe('critical');
    expect(shown.causes?.[0].field).toBe('maxTimeCallOnQueue');
    expect(shown.forecast).toBeUndefined();
  });

  it('a warning about one figure stays while another is critical', () => {
    const warnings = new Map<string, BreachWarning>([['service_1/CALL', { kpi: 'longestWait', minutes: 4 }]]);
    // The day's service level at 60 %: critical; the longest wait at 80 s: not yet.
    const tiles = tilesOf({ service_1: calm() }, { answered: 1000, answeredInTime: 600, queued: 4, longestWait: 80 });
    const [shown] = shownTiles(tiles, new LevelHold(), NOW, HOLD_MS, () => [], new Map(), warnings);
    expect(shown.level).toBe('critical');
    expect(shown.forecast).toEqual({ kpi: 'longestWait', minutes: 4 });
  });

  it('no samples (no wallboard server, no recorder), no warning; calm samples, none either', () => {
    const model = new BreachWarnings();
    for (const now of [NOW, NOW + HOLD_MS, NOW + 10 * MINUTE]) {
      const shown = shownAt(model, { service_1: [], service_2: calm('service_2') }, now);
      expect(shown.every((t) => t.forecast === undefined))
        .withContext(`at +${(now - NOW) / 1000} s`)
        .toBeTrue();
    }
    expect(model.warnings(['service_1'], () => [], settings, NOW + 11 * MINUTE).size).toBe(0);
  });

  it('goes quiet when the samples stop coming (a recorder that stopped): a warning on old data is not shown', () => {
    const model = new BreachWarnings();
    const history = { service_1: surging() };
    model.warnings(['service_1'], () => history.service_1, settings, NOW);
    expect(model.warnings(['service_1'], () => history.service_1, settings, NOW + HOLD_MS).size).toBe(1);
    // Minutes later, nothing newer: the forecast is stale, and the warning clears once that has held.
    const later = NOW + 4 * MINUTE;
    model.warnings(['service_1'], () => history.service_1, settings, later);
    expect(model.warnings(['service_1'], () => history.service_1, settings, later + HOLD_MS).size).toBe(0);
  });

  it('a live delta costs no forecast; a service’s new minute costs that service’s forecast alone', () => {
    const model = new BreachWarnings();
    const history: Record<string, HistorySample[]> = { service_1: surging('service_1'), service_2: calm('service_2'), service_3: calm('service_3') };
    const samplesOf = (code: string) => history[code];
    const codes = Object.keys(history);
    model.warnings(codes, samplesOf, settings, NOW);
    expect(model.forecastsMade).toBe(3);
    // Every clock tick of the minute (the live numbers moving meanwhile): the same samples, no new forecast.
    for (let second = 1; second < 50; second++) model.warnings(codes, samplesOf, settings, NOW + second * 1000);
    expect(model.forecastsMade).toBe(3);
    const first = model.warnings(codes, samplesOf, settings, NOW + 50_000);
    expect(model.warnings(codes, samplesOf, settings, NOW + 51_000)).toBe(first);
    // service_2's minute in progress read again: its forecast only.
    history['service_2'] = [...history['service_2']];
    model.warnings(codes, samplesOf, settings, NOW + 52_000);
    expect(model.forecastsMade).toBe(4);
    // The minute turns: each service once (a latest sample may have grown old).
    model.warnings(codes, samplesOf, settings, NOW + 60_000);
    expect(model.forecastsMade).toBe(7);
  });

  it('on a board whose service level is the server’s sl1, only the longest wait warns (the samples keep no custom stats)', () => {
    // Agents nearly all busy (10 agent-minutes a minute for 5 calls: 2 min each, 11 staffed): Erlang answers under half
    // the calls within 20 s, so the day's service level, 70.9 % now, falls under 70 % within minutes; nobody waits long.
    const falling = Array.from({ length: 30 }, (_, i) =>
      sample('service_1', NOW - 5_000 - (30 - i) * MINUTE, { received: 1000 + 5 * i, answered: 1000 + 5 * i, inTime: 707 + 3.6 * i, abandoned: 20, busy: 9, ready: 1, queued: 0, longestWait: 0 }),
    );
    const answered = new BreachWarnings();
    answered.warnings(['service_1'], () => falling, settings, NOW);
    const warned = answered.warnings(['service_1'], () => falling, settings, NOW + HOLD_MS).get('service_1/CALL');
    expect(warned?.kpi).toBe('serviceLevel');
    const sl1 = new BreachWarnings();
    const sl1Settings: TileSettings = { ...settings, serviceLevel: 'sl1' };
    sl1.warnings(['service_1'], () => falling, sl1Settings, NOW);
    expect(sl1.warnings(['service_1'], () => falling, sl1Settings, NOW + HOLD_MS).size).toBe(0);
  });

  it('forgets services that left the board', () => {
    const model = new BreachWarnings();
    const history = { service_1: surging() };
    model.warnings(['service_1'], () => history.service_1, settings, NOW);
    expect(model.warnings(['service_1'], () => history.service_1, settings, NOW + HOLD_MS).size).toBe(1);
    expect(model.warnings([], () => [], settings, NOW + HOLD_MS + 1000).size).toBe(0);
    // Back on the board: its warning waits for the hold again, as a new one.
    expect(model.warnings(['service_1'], () => history.service_1, settings, NOW + HOLD_MS + 2000).size).toBe(0);
  });
});
