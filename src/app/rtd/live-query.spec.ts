/**
 * RtdLive as features see it: a list's members and one signal per entity, and a write of one entity notifying only
 * that entity's readers, against a stand-in server link and the real cache, writer and state machine.
 */
import { Component, computed, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ApolloLink } from '@apollo/client';
import { getMainDefinition } from '@apollo/client/utilities';
import { provideApollo } from 'apollo-angular';
import fc from 'fast-check';
import { Observable, type Subscriber } from 'rxjs';
import { createRtdCache } from './cache-policies';
import { RtdConnection } from './connection';
import type { RtdObject } from './delta-writer';
import { RtdLive } from './live-query';
import { deltaResultsLink } from './rtd-client';
import { user } from './testing/rtd-histories';

describe('RtdLive lists', () => {
  let subscribers: Subscriber<{ data: RtdObject }>[];
  const agents: RtdObject[] = ['u1', 'u2', 'u3'].map((name) => ({ ...fc.sample(user(name), { seed: 9, numRuns: 1 })[0], site: 1 }));

  const server = new ApolloLink(
    (operation) =>
      new Observable((subscriber) => {
        const definition = getMainDefinition(operation.query);
        if (definition.kind === 'OperationDefinition' && definition.operation === 'subscription') {
          subscribers.push(subscriber);
          return;
        }
        setTimeout(() => {
          subscriber.next({ data: { users: agents } });
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

  async function liveUsers() {
    subscribers = [];
    TestBed.configureTestingModule({ providers: [provideApollo(() => ({ link: ApolloLink.from([deltaResultsLink(), server]), cache: createRtdCache() }))] });
    TestBed.inject(RtdConnection).serverVersion.set('1.0.2');
    const { users } = TestBed.createComponent(Host).componentInstance;
    await until('the list is live', () => users.status() === 'live' && users.members().length === 3);
    return users;
  }

  const id = (name: string) => `User:{"username":"${name}"}`;

  it('lists its members, and each entity on a signal of its own', async () => {
    const users = await liveUsers();
    expect(users.members()).toEqual(['u1', 'u2', 'u3'].map(id));
    expect(users.entity(id('u2'))()?.name).toBe(agents[1]['name'] as string);
    expect(users.items().map((u) => u.username)).toEqual(['u1', 'u2', 'u3']);
  });

  it("a write of one entity notifies only that entity's readers; the members stay the same array", async () => {
    const users = await liveUsers();
    const runs = { u1: 0, u2: 0, u3: 0 };
    const sites = (['u1', 'u2', 'u3'] as const).map((name) => computed(() => (runs[name]++, users.entity(id(name))()?.site)));
    sites.forEach((site) => site());
    const members = users.members();
    const u2 = users.entity(id('u2'))();

    subscribers[0].next({
      data: {
        users: [
          { __typename: 'User', username: 'u1', mutation: 'UPDATED', activeProfile: null, surname: null, name: null, activityCodes: null, services: null, site: 2, skillsets: null, statuses: null },
        ],
      },
    });
    await until('u1 moved', () => sites[0]() === 2);
    sites.forEach((site) => site());
    expect(runs).toEqual({ u1: 2, u2: 1, u3: 1 });
    expect(users.entity(id('u2'))())
      .withContext('an entity not written keeps its object')
      .toBe(u2);
    expect(users.members()).withContext('no member joined or left').toBe(members);
    expect(users.items().map((u) => u.site))
      .withContext('the whole list holds the written entity in its place')
      .toEqual([2, agents[1]['site'] as number, agents[2]['site'] as number]);
    expect(users.items()[1]).withContext('and the others as they were').toBe(u2!);
    expect(users.entity(id('u1'))()?.name)
      .withContext("the delta's nulls kept the stored values")
      .toBe(agents[0]['name'] as string);
  });

  it('an agent leaving the filter leaves the members; one joining is appended', async () => {
    const users = await liveUsers();
    subscribers[0].next({
      data: {
        users: [
          { __typename: 'User', username: 'u2', mutation: 'DELETED' },
          { ...agents[0], username: 'u4', mutation: 'CREATED' },
        ],
      },
    });
    await until('the members changed', () => users.members().length === 3 && users.members()[2] === id('u4'));
    expect(users.members()).toEqual([id('u1'), id('u3'), id('u4')]);
    expect(users.items().map((u) => u.username)).toEqual(['u1', 'u3', 'u4']);
    expect(users.entity(id('u4'))()?.username).toBe('u4');
  });
});
