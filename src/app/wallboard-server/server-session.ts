/**
 * The user's session on the wallboard server, opened after every RTD login with the access token that login
 * returned: the server asks the RTD Server itself who holds it, so what the app may change there follows what the RTD
 * Server says (a supervisor edits boards; others read them). Without a server the app still works on its own.
 */
import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiFailure, WallboardApi } from './wallboard-api';

export interface ServerUser {
  username: string;
  supervisor: boolean;
}

/**
 * unknown: not asked yet; absent: no wallboard server here (boards stay in this browser); signedIn; signedOut: the
 * server is there but this browser has no session on it (or it ended); unreachable: it did not answer just now.
 */
export type ServerSessionState = 'unknown' | 'absent' | 'signedIn' | 'signedOut' | 'unreachable';

@Injectable({ providedIn: 'root' })
export class ServerSession {
  private readonly api = inject(WallboardApi);
  private readonly stateSignal = signal<ServerSessionState>('unknown');
  private readonly userSignal = signal<ServerUser | null>(null);
  private checking: Promise<ServerSessionState> | null = null;

  readonly state = this.stateSignal.asReadonly();
  readonly user = this.userSignal.asReadonly();
  /** True once the server said who this is: boards and displays come from it. */
  readonly signedIn = computed(() => this.stateSignal() === 'signedIn');
  /** Whether the server lets this user change boards and manage displays. */
  readonly supervisor = computed(() => this.userSignal()?.supervisor === true);

  /** After an RTD login: hands the server the access token it returned. Never fails the login. */
  async signIn(accessToken: string): Promise<ServerSessionState> {
    try {
      this.settle('signedIn', await this.api.request<ServerUser>('POST', '/session', { accessToken }));
    } catch (error) {
      this.fail(error);
    }
    return this.stateSignal();
  }

  /** After a reload: is there still a session on the server? Shared while in flight. */
  check(): Promise<ServerSessionState> {
    this.checking ??= this.api
      .request<ServerUser>('GET', '/session')
      .then(
        (user) => this.settle('signedIn', user),
        (error: unknown) => this.fail(error),
      )
      .then(() => this.stateSignal())
      .finally(() => (this.checking = null));
    return this.checking;
  }

  /** The server said the session ended (a 401 on any call): boards are read-only until the next login. */
  ended(): void {
    this.settle('signedOut', null);
  }

  async signOut(): Promise<void> {
    if (this.stateSignal() === 'absent') return;
    await this.api.request('DELETE', '/session').catch(() => {});
    this.settle('signedOut', null);
  }

  private settle(state: ServerSessionState, user: ServerUser | null): void {
    this.userSignal.set(user);
    this.stateSignal.set(state);
  }

  private fail(error: unknown): void {
    const failure = error instanceof ApiFailure ? error : null;
    if (failure?.absent) this.settle('absent', null);
    else if (failure && (failure.status === 401 || failure.status === 403)) this.settle('signedOut', null);
    else this.settle('unreachable', this.userSignal());
  }
}
