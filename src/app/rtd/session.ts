/**
 * The logged-in user. The session itself is the HttpOnly `teleniaRtdSessionID` cookie, which the app never
 * reads: after a reload it asks the server whether the session still holds before showing /login.
 */
import { Injectable, computed, inject, signal } from '@angular/core';
import { Apollo } from 'apollo-angular';
import { firstValueFrom } from 'rxjs';
import { AccessToken } from './access-token';
import { RtdConnection } from './connection';
import { LoginDocument, LoginWithAccessTokenDocument, ServerInfoDocument, SessionCheckDocument, type SessionUserFieldsFragment } from './generated/graphql';
import { RTD_SOCKET } from './rtd-client';
import { type RtdErrorInfo, classifyRtdError } from './rtd-errors';

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

@Injectable({ providedIn: 'root' })
export class Session {
  private readonly apollo = inject(Apollo);
  private readonly token = inject(AccessToken);
  private readonly connection = inject(RtdConnection);
  private readonly socket = inject(RTD_SOCKET);
  private readonly profileSignal = signal<SessionProfile | null>(readProfile());
  /** Whether the server accepted the session since the app started (or after a reload, once checked). */
  private readonly verified = signal(false);

  readonly profile = this.profileSignal.asReadonly();
  readonly loggedIn = computed(() => this.verified() && this.profileSignal() !== null);

  async login(username: string, password: string): Promise<SessionProfile> {
    return this.open(() => firstValueFrom(this.apollo.mutate({ mutation: LoginDocument, variables: { username, password } })).then((r) => r.data!.login));
  }

  async loginWithAccessToken(accessToken: string): Promise<SessionProfile> {
    return this.open(() => firstValueFrom(this.apollo.mutate({ mutation: LoginWithAccessTokenDocument, variables: { accessToken } })).then((r) => r.data!.loginWithAccessToken));
  }

  /** After a reload: does the session cookie still work? */
  async restore(): Promise<boolean> {
    if (this.verified()) return true;
    if (!this.profileSignal()) return false;
    try {
      await firstValueFrom(this.apollo.query({ query: SessionCheckDocument, fetchPolicy: 'network-only' }));
      this.verified.set(true);
      void this.loadServerInfo();
      return true;
    } catch (error) {
      if (classifyRtdError(error).kind === 'unauthenticated') this.forget();
      return false;
    }
  }

  /** Forgets everything client-side: cache, socket, token, profile. */
  async logout(): Promise<void> {
    this.forget();
    await this.apollo.client.clearStore();
  }

  /** The server ended the session (expired, or refused the socket). */
  expired(): void {
    this.forget();
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
      this.connection.serverVersion.set(version);
      this.connection.serverVersionUnavailable.set(false);
    } else if (!this.connection.serverVersion()) {
      this.connection.serverVersionUnavailable.set(true);
    }
  }

  private async open(login: () => Promise<SessionUserFieldsFragment>): Promise<SessionProfile> {
    let user: SessionUserFieldsFragment;
    try {
      user = await login();
    } catch (error) {
      throw new LoginFailure(classifyRtdError(error));
    }
    // A new identity: nothing cached for the previous one may show.
    await this.apollo.client.clearStore();
    this.socket.terminate();
    this.token.value.set(user.authToken.accessToken);
    const profile: SessionProfile = { username: user.username, name: user.name ?? null, surname: user.surname, supervisor: user.supervisor, language: user.language };
    localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
    this.profileSignal.set(profile);
    this.verified.set(true);
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
