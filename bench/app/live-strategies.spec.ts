/**
 * The benchmark's comparison strategies: which one a page's query string picks, that `RtdLive` hands its lists to
 * it (and keeps its own path otherwise), and that subscribeToMore keeps the numbers right although each payload's
 * unchanged fields are null (Apollo's own write of the payload goes through the generated policies).
 */
import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ApolloLink } from '@apollo/client';
import { getMainDefinition } from '@apollo/client/utilities';
import { provideApollo } from 'apollo-angular';
import { Observable, type Subscriber } from 'rxjs';
import { createRtdCache } from '../../src/app/rtd/cache-policies';
import { RtdConnection } from '../../src/app/rtd/connection';
import type { RtdObject } from '../../src/app/rtd/delta-writer';
import type { UserFieldsFragment } from '../../src/app/rtd/generated/graphql';
import { RtdLive } from '../../src/app/rtd/live-query';
import { VIA_SOCKET, deltaResultsLink } from '../../src/app/rtd/rtd-client';
import { RTD_WORKER } from '../../src/app/rtd/live-worker/rtd-worker';
import { BENCH_LIVE_LIST_PROVIDERS, LIVE_STRATEGIES, LIVE_STRATEGY, type LiveStrategy, POLL_INTERVAL_MS, liveStrategyFrom, membershipAfter } from './live-strategies';

const channels = (typename: string, CALL: string | null, VIDEO: string | null = null, CHAT: string | null = null) => ({ __typename: typename, CALL, VIDEO, CHAT });

/** A whole user, as a snapshot or a CREATED payload carries it. */
function user(username: string, status: string, site: number, mutation = 'CREATED'): RtdObject {
  return {
    __typename: 'User',
    mutation,
    username,
    activeProfile: 1,
    surname: `Surname ${username}`,
    name: `Name ${username}`,
    activityCodes: channels('UserActivityCodeMap', '__EMPTY__', '__EMPTY__', '__EMPTY__'),
    services: ['service_1'],
    site,
    skillsets: ['skillset_1'],
    statuses: channels('UserStatusMultiChannelMap', status, 'READY', 'READY'),
  };
}

/** An update as the server sends it: key fields and what changed; every unchanged field null. */
function userDelta(username: string, changed: RtdObject, mutation = 'UPDATED'): RtdObject {
  const nulls = { activeProfile: null, surname: null, name: null, activityCodes: null, services: null, site: null, skillsets: null, statuses: null };
  return { __typename: 'User', mutation, username, ...nulls, ...changed };
}

describe('choosing the live list strategy', () => {
  it("reads ?live= from the query string, and keeps the app's own path for anything else", () => {
    expect(liveStrategyFrom('')).toBe('deltas');
    expect(liveStrategyFrom('?board=front')).toBe('deltas');
    expect(liveStrategyFrom('?board=front&live=subscribe-to-more')).toBe('subscribe-to-more');
    expect(liveStrategyFrom('?live=polling&board=front')).toBe('polling');
    expect(liveStrategyFrom('?live=deltas')).toBe('deltas');
    expect(liveStrategyFrom('?live=websockets')).toBe('deltas');
  });
});

describe('membershipAfter (the subscribeToMore updateQuery)', () => {
  const keyOf = (entity: RtdObject) => String(entity['username']);

  it('leaves the list alone when a payload only updates its entities (Apollo merged them already)', () => {
    const list = [user('user_1', 'READY', 1), user('user_2', 'READY', 2)];
    expect(membershipAfter(list, [userDelta('user_1', { statuses: channels('UserStatusMultiChannelMap', 'BUSY') })], keyOf)).toBeNull();
  });

  it('appends entities new to the list and removes users that left it', () => {
    const list = [user('user_1', 'READY', 1), user('user_2', 'READY', 2)];
    const after = membershipAfter(list, [userDelta('user_1', {}, 'DELETED'), user('user_3', 'BUSY', 1)], keyOf)!;
    expect(after.map(keyOf)).toEqual(['user_2', 'user_3']);
    expect(membershipAfter(after, [user('user_1', 'READY', 1)], keyOf)!.map(keyOf)).toEqual(['user_2', 'user_3', 'user_1']);
    expect(list.map(keyOf)).withContext('the list given is left as it was').toEqual(['user_1', 'user_2']);
  });
});

describe('RtdLive with each strategy', () => {
  interface Sent {
    name: string;
    subscription: boolean;
    viaSocket: boolean;
  }
  let sent: Sent[];
  let subscribers: Subscriber<{ data: RtdObject }>[];
  let snapshot: RtdObject[];

  /** Stands for the server: answers every query with `snapshot`, keeps every subscription open for the test. */
  const server = new ApolloLink(
    (operation) =>
      new Observable((subscriber) => {
        const definition = getMainDefinition(operation.query);
        const subscription = definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
        sent.push({ name: operation.operationName ?? '', subscription, viaSocket: operation.getContext()[VIA_SOCKET] === true });
        if (subscription) {
          subscribers.push(subscriber);
          return;
        }
        setTimeout(() => {
          subscriber.next({ data: { users: snapshot } });
          subscriber.complete();
        });
      }),
  );

  @Component({ selector: 'app-host', template: '' })
  class Host {
    readonly users = inject(RtdLive).users({});
  }

  async function until(what: string, condition: () => boolean, timeoutMs = 3_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  function start(strategy: LiveStrategy) {
    sent = [];
    subscribers = [];
    snapshot = [user('user_1', 'READY', 1), user('user_2', 'READY', 2)];
    TestBed.configureTestingModule({
      providers: [
        provideApollo(() => ({ link: ApolloLink.from([deltaResultsLink(), server]), cache: createRtdCache() })),
        { provide: LIVE_STRATEGY, useValue: strategy },
        ...BENCH_LIVE_LIST_PROVIDERS,
      ],
    });
    TestBed.inject(RtdConnection).serverVersion.set('1.0.2');
    const fixture = TestBed.createComponent(Host);
    return { fixture, users: fixture.componentInstance.users };
  }

  const shown = (items: readonly UserFieldsFragment[]) => items.map((u) => `${u.username} ${u.statuses?.CALL} site ${u.site}`);

  it("keeps the app's own path by default, its lists in the worker; every other strategy runs on the page", () => {
    for (const strategy of LIVE_STRATEGIES) {
      TestBed.resetTestingModule();
      TestBed.configureTestingModule({ providers: [{ provide: LIVE_STRATEGY, useValue: strategy }, ...BENCH_LIVE_LIST_PROVIDERS] });
      expect(TestBed.inject(RTD_WORKER) !== null)
        .withContext(strategy)
        .toBe(strategy === 'deltas');
    }
  });

  it("page: the app's own lists written on the page, subscription first, then the snapshot over the socket", async () => {
    const { users } = start('page');
    await until('the list is live', () => users.status() === 'live');
    expect(sent.map((s) => s.name)).toEqual(['UsersUpdates', 'Users']);
    expect(sent[1].viaSocket).toBeTrue();
  });

  it('subscribe-to-more: the query over HTTP and a subscription whose payloads Apollo merges through the policies', async () => {
    const { fixture, users } = start('subscribe-to-more');
    await until('the snapshot is shown', () => users.items().length === 2);
    expect(sent.map((s) => s.name).sort()).toEqual(['Users', 'UsersUpdates']);
    expect(sent.find((s) => s.name === 'Users')!.viaSocket).toBeFalse();
    expect(users.status()).toBe('live');

    subscribers[0].next({ data: { users: [userDelta('user_1', { statuses: channels('UserStatusMultiChannelMap', 'BUSY') })] } });
    await until('the payload is shown', () => users.items()[0]?.statuses?.CALL === 'BUSY');
    expect(shown(users.items())).toEqual(['user_1 BUSY site 1', 'user_2 READY site 2']);
    expect(users.items()[0].statuses?.VIDEO).withContext('a null in the payload means unchanged').toBe('READY');

    subscribers[0].next({ data: { users: [userDelta('user_2', {}, 'DELETED'), user('user_3', 'WNR', 1)] } });
    await until('user_3 is listed', () => users.items().length === 2 && users.items()[1].username === 'user_3');
    expect(shown(users.items())).toEqual(['user_1 BUSY site 1', 'user_3 WNR site 1']);
    fixture.destroy();
    expect(subscribers[0].closed).withContext('the subscription ends with the component').toBeTrue();
  });

  it('polling: the snapshot query again every second, never a subscription', async () => {
    const { users } = start('polling');
    await until('the snapshot is shown', () => users.items().length === 2);
    snapshot = [user('user_1', 'BUSY', 1), user('user_2', 'READY', 2)];
    await until('the next poll is shown', () => users.items()[0]?.statuses?.CALL === 'BUSY', POLL_INTERVAL_MS * 3);
    expect(sent.every((s) => s.name === 'Users' && !s.subscription && !s.viaSocket)).toBeTrue();
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });
});
