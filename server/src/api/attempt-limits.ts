/**
 * Rate limits kept in the database (the `attempts` table), so they hold across every server instance behind a load
 * balancer: a count per key (`pairing-create:<address>`, `pairing-wrong:<user>`, `sign-in-refused:<address>`) and a fixed window.
 */
import { isIPv6 } from 'node:net';
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { ApiError } from './api-error.ts';
import { nowText } from '../db/database.ts';
import type { WallboardDatabase } from '../db/schema.ts';

export interface AttemptLimit {
  /** What is counted, the first part of the key. */
  kind: string;
  max: number;
  windowSeconds: number;
  /** The refusal's sentence, with the wait in it. */
  message: (retryAfterSeconds: number) => string;
}

/** Windows older than this are deleted now and then. */
const KEEP_WINDOWS_MS = 24 * 3600_000;

export class AttemptLimits {
  private lastSweep = 0;

  constructor(
    private readonly db: Kysely<WallboardDatabase>,
    private readonly now: () => number,
  ) {}

  private window(limit: AttemptLimit) {
    const now = this.now();
    const size = limit.windowSeconds * 1000;
    const start = Math.floor(now / size) * size;
    return { start: nowText(start), retryAfterSeconds: Math.max(1, Math.ceil((start + size - now) / 1000)) };
  }

  private key(limit: AttemptLimit, who: string) {
    // A key is bounded whatever a client sends as its address or name.
    return `${limit.kind}:${who.slice(0, 200)}`;
  }

  /** Counts one attempt of `who`; throws 429 when it is over the limit (the refused attempt counts too). */
  async take(limit: AttemptLimit, who: string, db: Kysely<WallboardDatabase> = this.db): Promise<void> {
    const count = await this.add(limit, who, db);
    if (count > limit.max) throw this.refusal(limit);
  }

  /** Counts one attempt of `who` (a wrong code) and returns the count in this window. */
  async add(limit: AttemptLimit, who: string, db: Kysely<WallboardDatabase> = this.db): Promise<number> {
    const { start } = this.window(limit);
    const row = await db
      .insertInto('attempts')
      .values({ key: this.key(limit, who), window_start: start, count: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('attempts.count', '+', 1) })))
      .returning('count')
      .executeTakeFirstOrThrow();
    await this.sweep(db);
    return Number(row.count);
  }

  /** Throws 429 when `who` already used up this window (without counting). */
  async check(limit: AttemptLimit, who: string): Promise<void> {
    const { start } = this.window(limit);
    const row = await this.db.selectFrom('attempts').select('count').where('key', '=', this.key(limit, who)).where('window_start', '=', start).executeTakeFirst();
    if (row && Number(row.count) >= limit.max) throw this.refusal(limit);
  }

  refusal(limit: AttemptLimit): ApiError {
    const { retryAfterSeconds } = this.window(limit);
    return new ApiError(429, 'TOO_MANY_ATTEMPTS', limit.message(retryAfterSeconds), undefined, { retryAfterSeconds });
  }

  // On the caller's executor: inside a SQLite transaction, another query on the pool would wait for it forever.
  private async sweep(db: Kysely<WallboardDatabase>) {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await db
      .deleteFrom('attempts')
      .where('window_start', '<', nowText(now - KEEP_WINDOWS_MS))
      .execute();
  }
}

/** "3 minutes" / "40 seconds": a wait in words. */
export function waitText(seconds: number): string {
  if (seconds >= 90) return `${Math.ceil(seconds / 60)} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** A 429 also says when to come back in the standard header, for clients and proxies that read it. */
export async function withRetryAfter<T>(res: Response, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const wait = error instanceof ApiError && error.status === 429 ? error.details?.['retryAfterSeconds'] : undefined;
    if (typeof wait === 'number') res.setHeader('Retry-After', String(wait));
    throw error;
  }
}

/**
 * The address a limit counts: IPv4 as it is (an IPv4-mapped IPv6 address too), IPv6 by its /64, since one client
 * commonly holds a whole /64 and could otherwise take a fresh address for every request.
 */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!isIPv6(plain)) return plain;
  const [head, tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The client a limit counts of a request: behind a trusted proxy, the address it names (Express's `req.ip`). */
export function clientAddressKey(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}
