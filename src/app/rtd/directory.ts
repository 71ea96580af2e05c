/**
 * The contact centre as far as the server reveals it. The RTD schema cannot list services or skillsets, but
 * every agent says which ones they belong to, so the union of those is what a board can offer as choices.
 */
import { Injectable, inject } from '@angular/core';
import { Apollo } from 'apollo-angular';
import { firstValueFrom } from 'rxjs';
import { DirectoryDocument, type DirectoryQuery } from './generated/graphql';
import { naturalOrder } from '../shared/natural-order';

export interface RevealedCodes {
  services: string[];
  skillsets: string[];
  sites: number[];
}

const byNumberInName = naturalOrder;

/** Sorted, de-duplicated codes from a `users` result. */
export function revealedCodes(users: DirectoryQuery['users']): RevealedCodes {
  const services = new Set<string>();
  const skillsets = new Set<string>();
  const sites = new Set<number>();
  for (const user of users ?? []) {
    if (!user) continue;
    user.services?.forEach((code) => services.add(code));
    user.skillsets?.forEach((code) => skillsets.add(code));
    if (user.site !== null && user.site !== undefined) sites.add(user.site);
  }
  return { services: [...services].sort(byNumberInName), skillsets: [...skillsets].sort(byNumberInName), sites: [...sites].sort((a, b) => a - b) };
}

@Injectable({ providedIn: 'root' })
export class RtdDirectory {
  private readonly apollo = inject(Apollo);

  /** Asks the server now; not cached, since agents' services change with the centre's configuration. */
  async revealed(): Promise<RevealedCodes> {
    const result = await firstValueFrom(this.apollo.query({ query: DirectoryDocument, fetchPolicy: 'no-cache' }));
    return revealedCodes(result.data?.users ?? []);
  }
}
