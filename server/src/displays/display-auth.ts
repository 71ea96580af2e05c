/**
 * How a paired TV is recognised: its display credential, an HttpOnly cookie set when it collected the credential
 * after pairing (its JavaScript never reads it). The RTD traffic of a display goes out with the access token a
 * supervisor stored for displays: the TV never holds an RTD secret, and revoking one display shuts out only it.
 */
import type { IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import { readCookie } from '../auth/cookies.ts';
import { secretHash } from '../auth/secrets.ts';
import type { DisplayRow, WallboardDatabase } from '../db/schema.ts';

export const DISPLAY_COOKIE = 'wallboardDisplay';
/** The settings key of the RTD access token displays use. */
export const DISPLAY_RTD_TOKEN_KEY = 'display.rtdAccessToken';

/** The RTD access token stored for displays (it serves the server's own RTD use too: the recorder), or null. */
export async function storedDisplayRtdToken(db: Kysely<WallboardDatabase>): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', DISPLAY_RTD_TOKEN_KEY).executeTakeFirst();
  return row?.value ?? null;
}

/** Reads of the credential table per request are cheap, but a TV's socket and polls come often: remember briefly. */
const CACHE_MS = 2_000;

export class DisplayAuth {
  private readonly cache = new Map<string, { row: DisplayRow | null; at: number }>();
  private token: { value: string | null; at: number } | null = null;

  constructor(private readonly db: Kysely<WallboardDatabase>) {}

  /** The display a request comes from (its credential cookie), or null; a revoked display is nobody. */
  async fromRequest(req: IncomingMessage): Promise<DisplayRow | null> {
    const credential = readCookie(req, DISPLAY_COOKIE);
    return credential ? this.byCredential(credential) : null;
  }

  async byCredential(credential: string): Promise<DisplayRow | null> {
    const hash = secretHash(credential);
    const cached = this.cache.get(hash);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.row;
    const row = (await this.db.selectFrom('displays').selectAll().where('credential_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst()) ?? null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { row, at: Date.now() });
    return row;
  }

  /** Forget what was remembered (a revoke on this instance takes effect at once; others within CACHE_MS). */
  forget(): void {
    this.cache.clear();
    this.token = null;
  }

  /** The RTD access token for a display's request, or null for anyone else's (their own cookies go upstream). */
  async rtdTokenFor(req: IncomingMessage): Promise<string | null> {
    if (!(await this.fromRequest(req))) return null;
    if (this.token && Date.now() - this.token.at < CACHE_MS) return this.token.value;
    this.token = { value: await storedDisplayRtdToken(this.db), at: Date.now() };
    return this.token.value;
  }
}
