/**
 * The logged-in user. The session itself is the HttpOnly `teleniaRtdSessionID` cookie, which the app never
 * reads: after a reload it asks the server whether the session still holds before showing /login.
 *
 * A kiosk (a wall TV nobody logs into) keeps its access token (KioskCredentials) and, whenever the session
 * ends (an HTTP answer SESSION_EXPIRED / SESSION_UNKNOWN / TOKEN_EXPIRED, the socket closed with 4401 Unauthorized or
 * refused with 4403 Forbidden: contract/close-codes.ts), logs in again by itself with backoff instead of ending the session; live lists then
 * subscribe again and take fresh snapshots (`RtdConnection.sessionRenewed`).
 */
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { Apollo } from 'apollo-angular';
import { firstValueFrom } from 'rxjs';
import { AccessToken } from './access-token';
import { RtdConnection } from './connection';
import { LoginDocument, LoginWithAccessTokenDocument, ServerInfoDocument, SessionCheckDocument, type SessionUserFieldsFragment } from './generated/graphql';
import { KIOSK_RENEWAL, KioskCredentials, kioskLoginOutcome, sessionEndIsRenewable } from './kiosk-credentials';
import { RTD_SOCKET } from './rtd-socket';
import { backoffMs } from './socket-timing';
import { type RtdErrorInfo, classifyRtdError } from './rtd-errors';
import { ServerVersionWatch } from './server-version-watch';
import { type SessionEnd, sessionEndOf } from './session-end';
import { ServerSession } from '../wallboard-server/server-session';

/** Where a kiosk stands: null when this browser is not one. Also set as `data-kiosk-token` on <html>. */
export type KioskState = 'pending' | 'accepted' | 'rejected' | null;

/** Who is logged in, without secrets: kept in localStorage to greet the user after a reload. */
export interface SessionProfile {
  username: string;
  name: string | null;
  surname: string;
  supervisor: boolean;
  language: SessionUserFieldsFragment['language'];
}

const PROFILE_KEY = 'rtd-wallboard.profile';

export class LoginFailure extends Error {
  constructor(readonly info: RtdErrorInfo) {
    super(info.message);
  }
}

/** A kiosk session that lasted this long counts as working: the next renewal needs no backoff. */
const SESSION_HELD_MS = 60_000;

@Injectable({ providedIn: 'root' })
export class Session {
  private readonly apollo = inject(Apollo);
  private readonly token = inject(AccessToken);
  private readonly connection = inject(RtdConnection);
  private readonly socket = inject(RTD_SOCKET);
  private readonly profileSignal = signal<SessionProfile | null>(readProfile());
  private readonly kiosk = inject(KioskCredentials);
  private readonly renewalOptions = inject(KIOSK_RENEWAL);
  private readonly versionWatch = inject(ServerVersionWatch);
  /** The team's wallboard server (boards, displays), told who logged in; absent when the app runs without it. */
  private readonly serverSession = inject(ServerSession);
  /** Whether the server accepted the session since the app started (or after a reload, once checked). */
  private readonly verified = signal(false);
  private readonly rejected = signal(false);
  private readonly endSignal = signal<SessionEnd | null>(null);
  /** The kiosk login in flight, a retry waiting, and the failures in a row that set the backoff. */
  /** When the kiosk last logged in (ms), for the backoff of renewals that come too soon after. */
  private lastKioskLoginAt: number | null = null;
  private renewal: Promise<boolean> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;

  readonly profile = this.profileSignal.asReadonly();
  /** Why the server ended the last session, for the login page to say; null once the user moves on (or never). */
  readonly ended = this.endSignal.asReadonly();
  /** A paired display has no profile: nobody logged in, the wallboard server vouches for its RTD traffic. */
  readonly loggedIn = computed(() => this.verified() && (this.profileSignal() !== null || this.kiosk.display()));
  /** Whether this browser is a kiosk: it has a kiosk token (or is a paired display) and logs in again by itself. */
  readonly kioskMode = computed(() => this.kiosk.token() !== null || this.kiosk.display());
  /**
   * True while the server rejects the kiosk token itself (unknown or invalid): the display needs a new link.
   * Login is still tried every `KioskRenewalOptions.rejectedRetryMs` in case the server comes back with it.
   */
  readonly kioskTokenRejected = this.rejected.asReadonly();
  readonly kioskState = computed<KioskState>(() => (!this.kioskMode() ? null : this.rejected() ? 'rejected' : this.loggedIn() ? 'accepted' : 'pending'));
  constructor() {
    // A kiosk's refused socket is not the end of its session (RtdConnection.refused is not emitted then).
    this.connection.renewSession = (closed) => {
      if (!this.kioskMode() || !sessionEndIsRenewable({ closeCode: closed.code })) return false;
      void this.renewKioskSession();
      return true;
    };
    this.connection.unauthenticated.subscribe((reason) => {
      // Without a kiosk token the guard and the socket's 4401 already deal with an ended session.
      if (this.kioskMode() && sessionEndIsRenewable({ reason })) void this.renewKioskSession();
    });
    effect(() => {
      const state = this.kioskState();
      const root = globalThis.document?.documentElement;
      if (!root) return;
      if (state) root.setAttribute('data-kiosk-token', state);
      else root.removeAttribute('data-kiosk-token');
    });
  }

  async login(username: string, password: string): Promise<SessionProfile> {
    return this.open(() => firstValueFrom(this.apollo.mutate({ mutation: LoginDocument, variables: { username, password } })).then((r) => r.data!.login));
  }

  async loginWithAccessToken(accessToken: string): Promise<SessionProfile> {
    return this.open(() => firstValueFrom(this.apollo.mutate({ mutation: LoginWithAccessTokenDocument, variables: { accessToken } })).then((r) => r.data!.loginWithAccessToken));
  }

  /**
   * Makes this browser a kiosk: keeps `token` (never a password) and logs in with it. True once logged in;
   * false when not yet: `kioskTokenRejected` says whether the server refused the token, and either way login
   * is tried again by itself (slowly when rejected, with backoff otherwise).
   */
  async loginAsKiosk(token: string): Promise<boolean> {
    this.kiosk.store(token);
    this.cancelKioskRetry();
    this.rejected.set(false);
    this.failures = 0;
    await this.renewal?.catch(() => false);
    return this.renewKioskSession();
  }

  /**
   * Makes this browser a display paired with the wallboard server: no login, no token; its RTD session is the one
   * the server's proxy opens for it, so the session is whatever the SessionCheck query says, checked again (with
   * backoff) whenever it fails or ends. True once it holds.
   */
  async startDisplay(): Promise<boolean> {
    this.kiosk.playAsDisplay(true);
    this.cancelKioskRetry();
    this.rejected.set(false);
    this.failures = 0;
    this.lastKioskLoginAt = null;
    await this.renewal?.catch(() => false);
    return this.renewKioskSession();
  }

  /** The display was revoked: nothing more goes to the RTD Server until it is paired again. */
  async stopDisplay(): Promise<void> {
    this.kiosk.playAsDisplay(false);
    this.cancelKioskRetry();
    this.versionWatch.stop();
    this.forget();
    await this.apollo.client.clearStore();
  }

  /** After a reload: does the session cookie still work? A kiosk logs in again when it does not. */
  async restore(): Promise<boolean> {
    if (this.verified()) return true;
    const kiosk = this.kioskMode();
    if (!this.profileSignal() && !kiosk) return false;
    if (this.profileSignal()) {
      try {
        await firstValueFrom(this.apollo.query({ query: SessionCheckDocument, fetchPolicy: 'network-only' }));
        await this.serverSession.check();
        this.verified.set(true);
        void this.loadServerInfo();
        if (kiosk) this.versionWatch.start();
        return true;
      } catch (error) {
        if (!kiosk) {
          const info = classifyRtdError(error);
          if (info.kind === 'unauthenticated') {
            this.forget();
            this.endSignal.set(sessionEndOf(info.reason ?? info.message));
          }
          return false;
        }
      }
    }
    return this.renewKioskSession();
  }

  /** Forgets everything client-side: cache, socket, token, profile, and the kiosk token. */
  async logout(): Promise<void> {
    this.endSignal.set(null);
    this.kiosk.clear();
    this.cancelKioskRetry();
    this.rejected.set(false);
    this.versionWatch.stop();
    this.forget();
    await Promise.all([this.apollo.client.clearStore(), this.serverSession.signOut()]);
  }

  /** The server ended the session (expired, or refused the socket); `reason` is its code or close reason. */
  expired(reason?: string): void {
    this.forget();
    this.endSignal.set(sessionEndOf(reason));
  }

  /** The user has read why the session ended and is typing anew. */
  dismissEnded(): void {
    this.endSignal.set(null);
  }

  /**
   * Version and health, for the toolbar; the version also decides which fields live lists ask for. A failed
   * read keeps the version last known; with none known, the data layer assumes the oldest (see
   * `RtdConnection.fieldsVersion`) until a later read (every 30 s, and after each reconnect) succeeds.
   */
  async loadServerInfo(): Promise<void> {
    let version: string | null = null;
    try {
      const result = await firstValueFrom(this.apollo.query({ query: ServerInfoDocument, fetchPolicy: 'network-only' }));
      const server = result.data?.version?.server;
      if (server) version = `${server.major}.${server.minor}.${server.patch}`;
      this.connection.health.set(result.data?.serverHealth?.status ?? null);
    } catch {
      // Not worth a message: the badge shows when the server cannot be reached.
    }
    if (version) {
      this.connection.noteServerVersion(version);
      this.connection.serverVersion.set(version);
      this.connection.serverVersionUnavailable.set(false);
    } else if (!this.connection.serverVersion()) {
      this.connection.serverVersionUnavailable.set(true);
    }
  }

  /**
   * Logs in with the kiosk token now, unless a login is in flight (its answer is shared) or a retry is already
   * waiting (it keeps its turn, so refusals arriving meanwhile do not hurry the backoff). On failure the next
   * attempt is scheduled. True when logged in.
   */
  private renewKioskSession(): Promise<boolean> {
    if (this.renewal) return this.renewal;
    if (this.retryTimer !== undefined) return Promise.resolve(false);
    // A session that ended soon after the last login (a cookie the browser will not keep, a server that refuses
    // what follows) is not renewed at once: each such renewal waits longer, so a TV never logs in in a loop.
    if (this.lastKioskLoginAt !== null && Date.now() - this.lastKioskLoginAt < SESSION_HELD_MS) {
      const wait = backoffMs(this.failures++, this.renewalOptions);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.lastKioskLoginAt = null;
        void this.renewKioskSession();
      }, wait);
      return Promise.resolve(false);
    }
    this.renewal = this.kioskAttempt().finally(() => (this.renewal = null));
    return this.renewal;
  }

  private async kioskAttempt(): Promise<boolean> {
    if (this.kiosk.display()) return this.displayAttempt();
    const token = this.kiosk.token();
    if (!token) return false;
    try {
      await this.open(() => firstValueFrom(this.apollo.mutate({ mutation: LoginWithAccessTokenDocument, variables: { accessToken: token } })).then((r) => r.data!.loginWithAccessToken), {
        renewal: true,
      });
    } catch (error) {
      // Logged out, or another token stored, meanwhile: this attempt no longer matters.
      if (this.kiosk.token() !== token) return false;
      const { outcome, waitMs } = kioskLoginOutcome(error instanceof LoginFailure ? error.info : classifyRtdError(error));
      this.rejected.set(outcome === 'rejected');
      const wait = outcome === 'rejected' ? this.renewalOptions.rejectedRetryMs : (waitMs ?? backoffMs(this.failures, this.renewalOptions));
      this.failures++;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.renewKioskSession();
      }, wait);
      return false;
    }
    // The backoff count starts again only once a session has held (see renewKioskSession).
    if (this.lastKioskLoginAt === null || Date.now() - this.lastKioskLoginAt >= SESSION_HELD_MS) this.failures = 0;
    this.lastKioskLoginAt = Date.now();
    this.rejected.set(false);
    this.versionWatch.start();
    this.connection.sessionRenewed.next();
    return true;
  }

  /** A display's session check: the cheapest query that needs a session, through the server that vouches for it. */
  private async displayAttempt(): Promise<boolean> {
    try {
      await firstValueFrom(this.apollo.query({ query: SessionCheckDocument, fetchPolicy: 'network-only' }));
    } catch {
      if (!this.kiosk.display()) return false;
      // The server, or its RTD access token for displays, is not there yet: try again, ever more slowly.
      this.retryTimer = setTimeout(
        () => {
          this.retryTimer = undefined;
          void this.renewKioskSession();
        },
        backoffMs(this.failures++, this.renewalOptions),
      );
      return false;
    }
    if (!this.kiosk.display()) return false;
    const renewed = this.verified();
    if (this.lastKioskLoginAt === null || Date.now() - this.lastKioskLoginAt >= SESSION_HELD_MS) this.failures = 0;
    this.lastKioskLoginAt = Date.now();
    // A socket refused before the check held: it opens again for the live lists' new subscriptions.
    if (renewed) this.socket.terminate();
    this.verified.set(true);
    this.endSignal.set(null);
    this.versionWatch.start();
    void this.loadServerInfo();
    this.connection.sessionRenewed.next();
    return true;
  }

  private cancelKioskRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async open(login: () => Promise<SessionUserFieldsFragment>, { renewal = false } = {}): Promise<SessionProfile> {
    let user: SessionUserFieldsFragment;
    try {
      user = await login();
    } catch (error) {
      throw new LoginFailure(classifyRtdError(error));
    }
    // A new identity: nothing cached for the previous one may show. A kiosk renewing its own session keeps the
    // board on screen; the fresh snapshots that follow correct it.
    if (!renewal || this.profileSignal()?.username !== user.username) await this.apollo.client.clearStore();
    // The socket reconnects with the new credentials.
    this.socket.terminate();
    this.token.value.set(user.authToken.accessToken);
    // Before the app shows a page: the boards it lists come from the server once it knows who this is. A kiosk
    // renewing its RTD session keeps the server session it has.
    if (!renewal || !this.serverSession.signedIn()) await this.serverSession.signIn(user.authToken.accessToken);
    const profile: SessionProfile = { username: user.username, name: user.name ?? null, surname: user.surname, supervisor: user.supervisor, language: user.language };
    localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
    this.profileSignal.set(profile);
    this.verified.set(true);
    this.endSignal.set(null);
    void this.loadServerInfo();
    return profile;
  }

  private forget(): void {
    this.token.value.set(null);
    this.profileSignal.set(null);
    this.verified.set(false);
    localStorage.removeItem(PROFILE_KEY);
    this.socket.terminate();
    this.connection.idle();
    // The next login may reach another server (or this one upgraded): its version is read afresh.
    this.connection.serverVersion.set(null);
    this.connection.serverVersionUnavailable.set(false);
  }
}

function readProfile(): SessionProfile | null {
  try {
    return JSON.parse(localStorage.getItem(PROFILE_KEY) ?? 'null');
  } catch {
    return null;
  }
}
