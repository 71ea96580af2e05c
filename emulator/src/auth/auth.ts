/**
 * Accounts, sessions and access tokens, as the RTD Server reference describes them: `login` and
 * `loginWithAccessToken` open a session (cookie `teleniaRtdSessionID`); the access token authenticates a
 * request by cookie (`teleniaRtdAccessToken`) or a socket by its `connection_init` payload.
 */
import { randomBytes } from 'node:crypto';
import type { Scenario } from '../simulation/scenario.ts';

export const SESSION_COOKIE = 'teleniaRtdSessionID';
export const ACCESS_TOKEN_COOKIE = 'teleniaRtdAccessToken';

export interface Account {
  username: string;
  password: string;
  name: string | null;
  surname: string;
  supervisor: boolean;
  language: 'IT' | 'EN' | 'it_IT' | 'en_US';
}

/** Who a request or socket acts as, and until when its credential holds (wall-clock ms). */
export interface Principal {
  account: Account;
  expiresAt: number;
  /** How the credential was presented, for error messages and logs. */
  via: 'session' | 'access-token' | 'kiosk-token';
  /** The session id or token itself, so a socket it opened can be closed when it is revoked. */
  credential: string;
}

/** Why a request is not authenticated; sent as `extensions.reason` beside `code: "UNAUTHENTICATED"`. */
export type AuthFailure = 'MISSING_CREDENTIALS' | 'SESSION_EXPIRED' | 'SESSION_UNKNOWN' | 'TOKEN_EXPIRED' | 'TOKEN_UNKNOWN';

export type Authentication = { principal: Principal } | { failure: AuthFailure };

export interface AuthOptions {
  /** Seconds a session lasts from login (reported as `session.expiresIn`). */
  sessionSeconds: number;
  /** Seconds an access token lasts from login (reported as `authToken.expiresIn`). */
  tokenSeconds: number;
  /** Wrong passwords for one username within `lockoutWindowSeconds` before it is locked. */
  maxFailedLogins: number;
  lockoutWindowSeconds: number;
  lockoutSeconds: number;
  /**
   * Usernames whose recent failed logins are remembered at once; the oldest are forgotten first, so no stream
   * of invented usernames grows memory without bound.
   * @default 10_000
   */
  maxFailedLoginRecords: number;
  /**
   * Longest username or password a login reads, in characters; a longer one is refused before any lookup
   * and never recorded.
   * @default 256
   */
  maxCredentialLength: number;
  /** Wall clock, injectable so tests can expire credentials without waiting. */
  now?: () => number;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionSeconds: 8 * 3600,
  tokenSeconds: 24 * 3600,
  maxFailedLogins: 5,
  lockoutWindowSeconds: 300,
  lockoutSeconds: 60,
  maxFailedLoginRecords: 10_000,
  maxCredentialLength: 256,
};

export class LoginError extends Error {
  constructor(
    message: string,
    readonly code: 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS' | 'TOKEN_EXPIRED' | 'TOKEN_UNKNOWN',
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface LoginResult {
  account: Account;
  sessionId: string;
  sessionExpiresIn: number;
  accessToken: string;
  tokenExpiresIn: number;
}

interface Credential {
  username: string;
  expiresAt: number;
  /** The kiosk token a session was opened with: switching the token off ends the session too. */
  kioskToken?: string;
}

export class AuthService {
  private readonly accounts = new Map<string, Account>();
  private readonly sessions = new Map<string, Credential>();
  private readonly tokens = new Map<string, Credential>();
  private readonly kioskTokens = new Map<string, string>();
  /** False while the scenario's kiosk tokens are revoked (control plane `kiosk-tokens`): they are then unknown. */
  kioskTokensEnabled = true;
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    scenario: Scenario,
    readonly options: AuthOptions = DEFAULT_AUTH_OPTIONS,
  ) {
    this.now = options.now ?? Date.now;
    for (const a of scenario.accounts) this.accounts.set(a.username, { ...a });
    // Every agent can log in as a non-supervisor with the password the scenario gives.
    for (const a of scenario.agents) {
      this.accounts.set(a.username, { username: a.username, password: a.password, name: a.name, surname: a.surname, supervisor: false, language: a.language });
    }
    for (const k of scenario.kioskTokens) this.kioskTokens.set(k.token, k.username);
  }

  login(username: string, password: string): LoginResult {
    const limit = this.options.maxCredentialLength;
    if (username.length > limit || password.length > limit) {
      throw new LoginError(`Invalid username or password (longer than ${limit} characters)`, 'INVALID_CREDENTIALS');
    }
    const locked = this.lockedUntil.get(username) ?? 0;
    const now = this.now();
    if (locked > now) {
      const wait = Math.ceil((locked - now) / 1000);
      throw new LoginError(`Too many failed logins for "${username}": try again in ${wait} s`, 'TOO_MANY_ATTEMPTS', wait);
    }
    const account = this.accounts.get(username);
    if (!account || account.password !== password) {
      this.recordFailure(username, now);
      throw new LoginError('Invalid username or password', 'INVALID_CREDENTIALS');
    }
    this.failures.delete(username);
    return this.open(account);
  }

  private kioskUser(accessToken: string): string | undefined {
    return this.kioskTokensEnabled ? this.kioskTokens.get(accessToken) : undefined;
  }

  loginWithAccessToken(accessToken: string): LoginResult {
    const kioskUser = this.kioskUser(accessToken);
    if (kioskUser) return this.open(this.accounts.get(kioskUser)!, accessToken);
    const token = this.tokens.get(accessToken);
    if (!token) throw new LoginError('Unknown access token', 'TOKEN_UNKNOWN');
    if (token.expiresAt <= this.now()) throw new LoginError('Access token expired: log in with username and password', 'TOKEN_EXPIRED');
    return this.open(this.accounts.get(token.username)!, accessToken);
  }

  bySession(sessionId: string): Authentication {
    const session = this.sessions.get(sessionId);
    if (!session) return { failure: 'SESSION_UNKNOWN' };
    // Kept until the next sweep, so every request with it is told "expired", not "unknown".
    if (session.expiresAt <= this.now() || (session.kioskToken && !this.kioskUser(session.kioskToken))) return { failure: 'SESSION_EXPIRED' };
    return { principal: { account: this.accounts.get(session.username)!, expiresAt: session.expiresAt, via: 'session', credential: sessionId } };
  }

  byAccessToken(accessToken: string): Authentication {
    const kioskUser = this.kioskUser(accessToken);
    if (kioskUser) return { principal: { account: this.accounts.get(kioskUser)!, expiresAt: Infinity, via: 'kiosk-token', credential: accessToken } };
    const token = this.tokens.get(accessToken);
    if (!token) return { failure: 'TOKEN_UNKNOWN' };
    if (token.expiresAt <= this.now()) return { failure: 'TOKEN_EXPIRED' };
    return { principal: { account: this.accounts.get(token.username)!, expiresAt: token.expiresAt, via: 'access-token', credential: accessToken } };
  }

  /**
   * Authenticates by whatever a request or socket carries. An explicit token (socket payload) wins over
   * cookies; a session cookie wins over an access-token cookie. A failure names the first credential tried.
   */
  authenticate(credentials: { sessionId?: string; accessToken?: string; payloadToken?: string }): Authentication {
    const attempts: (() => Authentication)[] = [];
    if (credentials.payloadToken) attempts.push(() => this.byAccessToken(credentials.payloadToken!));
    if (credentials.sessionId) attempts.push(() => this.bySession(credentials.sessionId!));
    if (credentials.accessToken) attempts.push(() => this.byAccessToken(credentials.accessToken!));
    let first: Authentication | null = null;
    for (const attempt of attempts) {
      const result = attempt();
      if ('principal' in result) return result;
      first ??= result;
    }
    return first ?? { failure: 'MISSING_CREDENTIALS' };
  }

  /**
   * Ends every session and every ordinary access token at once, as if their time had run out (tests and demos
   * of re-login). Kiosk tokens stay valid: they are the long-lived credential a TV logs in again with.
   */
  expireAll(): number {
    const ended = this.sessions.size + this.tokens.size;
    const past = this.now() - 1;
    for (const s of this.sessions.values()) s.expiresAt = past;
    for (const t of this.tokens.values()) t.expiresAt = past;
    return ended;
  }

  /**
   * Why a principal authenticated earlier no longer holds (its session or token expired or ended, its kiosk
   * token switched off), or null while it does: what closes the sockets it opened.
   */
  whyInvalid(principal: Principal): string | null {
    const current = principal.via === 'session' ? this.bySession(principal.credential) : this.byAccessToken(principal.credential);
    if ('principal' in current) return null;
    if (principal.via === 'kiosk-token') return 'Kiosk token revoked: this display needs a new link';
    return principal.via === 'session' ? 'Session expired: log in again' : 'Access token expired: log in again';
  }

  private open(account: Account, reuseToken?: string): LoginResult {
    const now = this.now();
    const sessionId = randomBytes(18).toString('base64url');
    const kioskToken = reuseToken && this.kioskTokens.has(reuseToken) ? reuseToken : undefined;
    this.sessions.set(sessionId, { username: account.username, expiresAt: now + this.options.sessionSeconds * 1000, kioskToken });
    let accessToken = reuseToken;
    let tokenExpiresIn: number;
    if (accessToken && this.kioskTokens.has(accessToken)) {
      // Kiosk tokens never expire; report a year so clients do not try to refresh them.
      tokenExpiresIn = 365 * 24 * 3600;
    } else if (accessToken) {
      tokenExpiresIn = Math.max(0, Math.floor((this.tokens.get(accessToken)!.expiresAt - now) / 1000));
    } else {
      accessToken = randomBytes(24).toString('base64url');
      this.tokens.set(accessToken, { username: account.username, expiresAt: now + this.options.tokenSeconds * 1000 });
      tokenExpiresIn = this.options.tokenSeconds;
    }
    this.sweep(now);
    return { account, sessionId, sessionExpiresIn: this.options.sessionSeconds, accessToken, tokenExpiresIn };
  }

  private recordFailure(username: string, now: number): void {
    const windowStart = now - this.options.lockoutWindowSeconds * 1000;
    const recent = (this.failures.get(username) ?? []).filter((t) => t > windowStart);
    recent.push(now);
    // Deleted first so the Map's order stays oldest-touched first, the order in which records are forgotten.
    this.failures.delete(username);
    this.failures.set(username, recent);
    if (recent.length >= this.options.maxFailedLogins) {
      this.lockedUntil.delete(username);
      this.lockedUntil.set(username, now + this.options.lockoutSeconds * 1000);
      this.failures.delete(username);
    }
    forgetOldest(this.failures, this.options.maxFailedLoginRecords);
    forgetOldest(this.lockedUntil, this.options.maxFailedLoginRecords);
  }

  /** Usernames with failed-login records or locks now (bounded by maxFailedLoginRecords each). */
  get failedLoginRecords(): number {
    return this.failures.size + this.lockedUntil.size;
  }

  /** Drops expired credentials so a long-running emulator does not keep every session it ever opened. */
  private sweep(now: number): void {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
    for (const [id, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(id);
  }
}

/** Drops a Map's oldest entries (insertion order) until it holds at most `max`. */
function forgetOldest(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

/** Parses a Cookie header into name → value (first occurrence wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) {
      try {
        cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        cookies.set(name, part.slice(eq + 1).trim());
      }
    }
  }
  return cookies;
}

export function credentialsFromCookies(header: string | undefined): { sessionId?: string; accessToken?: string } {
  const cookies = parseCookies(header);
  return { sessionId: cookies.get(SESSION_COOKIE), accessToken: cookies.get(ACCESS_TOKEN_COOKIE) };
}
