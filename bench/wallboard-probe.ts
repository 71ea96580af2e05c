/**
 * A subscriber outside the browser that always keeps up: the board's three subscriptions (the app's own operations,
 * read from src/app/rtd/operations, with the filters the board's pages use), counting the entities the server
 * offers per second. A page that falls behind, or drops its socket, sees fewer; this says what it was offered.
 */
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const operations = (file: string) => readFileSync(new URL(`../src/app/rtd/operations/${file}`, import.meta.url), 'utf8');

export interface OfferProbe {
  /** Entities in subscription payloads received so far. */
  entities(): number;
  close(): Promise<void>;
}

/** Subscribes as admin to what a board of `services` (every channel) and every one of `usernames` shows. */
export async function startOfferProbe(origin: string, services: string[], usernames: string[]): Promise<OfferProbe> {
  const response = await fetch(`${origin}/rtdserver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "admin") { authToken { accessToken } } }' }),
  });
  const accessToken = ((await response.json()) as { data?: { login?: { authToken?: { accessToken?: string } } } }).data?.login?.authToken?.accessToken;
  if (!accessToken) throw new Error('the probe could not log in as admin');
  const client = createClient({ url: `${origin.replace(/^http/, 'ws')}/rtdserver`, webSocketImpl: WebSocket, connectionParams: { accessToken }, lazy: false, retryAttempts: 0 });
  let entities = 0;
  const perChannel = { services, customStatKeys: [] };
  const subscriptions: [string, string, Record<string, unknown>][] = [
    ['service-stats.graphql', 'ServiceStatsUpdates', { filter: { CALL: perChannel, VIDEO: perChannel, CHAT: perChannel } }],
    ['users.graphql', 'UsersUpdates', { filter: {} }],
    ['user-stats.graphql', 'UserStatsUpdates', { filter: { CALL: { users: usernames } } }],
  ];
  for (const [file, operationName, variables] of subscriptions) {
    client.subscribe<Record<string, unknown>>(
      { query: operations(file), operationName, variables },
      {
        next: (result) => {
          for (const list of Object.values(result.data ?? {})) if (Array.isArray(list)) entities += list.length;
        },
        error: (error) => console.warn(`  the probe's ${operationName} failed: ${JSON.stringify(error).slice(0, 300)}`),
        complete: () => {},
      },
    );
  }
  return { entities: () => entities, close: () => client.dispose() as Promise<void> };
}
