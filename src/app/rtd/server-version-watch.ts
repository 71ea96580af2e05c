/**
 * Follows the `version` subscription, so a server upgraded while a wallboard runs is noticed at once (the
 * server-info read every 30 s notices it too, later): `RtdConnection.serverUpgraded`. The server sends only
 * what changed, nulls for the rest, so a message is completed from the version last known.
 */
import { Injectable, inject } from '@angular/core';
import { Apollo } from 'apollo-angular';
import type { Subscription } from 'rxjs';
import { RtdConnection } from './connection';
import { ServerVersionUpdatesDocument } from './generated/graphql';

type VersionParts = { major?: number | null; minor?: number | null; patch?: number | null } | null | undefined;

/** "1.0.3" from a version message whose unchanged parts are null, completed from `known` ("1.0.2"). */
export function versionFromDelta(server: VersionParts, known: string | null): string | null {
  if (!server) return null;
  const [major, minor, patch] = (known ?? '').split('.').map((n) => (n === '' ? null : Number(n)));
  const parts = [server.major ?? major, server.minor ?? minor, server.patch ?? patch];
  return parts.every((n) => typeof n === 'number' && Number.isFinite(n)) ? parts.join('.') : null;
}

@Injectable({ providedIn: 'root' })
export class ServerVersionWatch {
  private readonly apollo = inject(Apollo);
  private readonly connection = inject(RtdConnection);
  private subscription: Subscription | null = null;

  /** (Re)subscribes; call after every login, since a refused socket ends the subscription. */
  start(): void {
    this.subscription?.unsubscribe();
    this.subscription = this.apollo.subscribe({ query: ServerVersionUpdatesDocument, fetchPolicy: 'no-cache' }).subscribe({
      next: (result) => {
        const version = versionFromDelta(result.data?.version?.server, this.connection.serverVersion());
        if (!version) return;
        this.connection.noteServerVersion(version);
        this.connection.serverVersion.set(version);
      },
      // The socket's own state is shown by the badge; the next login starts the watch again.
      error: () => (this.subscription = null),
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }
}
