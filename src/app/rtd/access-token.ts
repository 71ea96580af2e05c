/** The access token of the current login, kept in memory only: the HttpOnly session cookie survives reloads. */
import { Injectable, signal } from '@angular/core';

@Injectable({ providedIn: 'root' })
export class AccessToken {
  readonly value = signal<string | null>(null);
}
