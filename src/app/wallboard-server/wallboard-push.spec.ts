import { TestBed } from '@angular/core/testing';
import { WallboardApi } from './wallboard-api';
import { WallboardPush, type PushMessage } from './wallboard-push';

/** A WebSocket that opens nothing: the test closes it or sends it messages. */
class FakeSocket {
  static opened: FakeSocket[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: URL) {
    FakeSocket.opened.push(this);
  }
  close(): void {}
  /** The server's side: the hello every push socket starts with, then a message. */
  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.onclose?.({ code });
  }
}

describe('WallboardPush', () => {
  let realWebSocket: typeof WebSocket;
  beforeEach(() => {
    realWebSocket = globalThis.WebSocket;
    FakeSocket.opened = [];
    (globalThis as unknown as { WebSocket: unknown }).WebSocket = FakeSocket;
  });
  afterEach(() => ((globalThis as unknown as { WebSocket: unknown }).WebSocket = realWebSocket));

  it('after a drop, reconnects as soon as the server answers over HTTP (not after its backoff), and asks listeners to fetch again', async () => {
    const push = TestBed.inject(WallboardPush);
    const api = TestBed.inject(WallboardApi);
    const messages: PushMessage[] = [];
    const subscription = push.messages.subscribe((message) => messages.push(message));
    FakeSocket.opened[0].receive({ topic: 'hello' });
    expect(push.state()).toBe('open');

    FakeSocket.opened[0].drop();
    expect(push.state()).toBe('waiting');
    expect(FakeSocket.opened.length).toBe(1);
    // A proxy's error page is not the server: the socket keeps waiting.
    spyOn(globalThis, 'fetch').and.resolveTo(new Response('Bad gateway', { status: 502, headers: { 'content-type': 'text/html' } }));
    await api.request('GET', '/boards').catch(() => undefined);
    expect(FakeSocket.opened.length).toBe(1);
    // The server's own answer: a socket at once.
    (globalThis.fetch as jasmine.Spy).and.resolveTo(new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } }));
    await api.request('GET', '/boards');
    expect(FakeSocket.opened.length).toBe(2);
    expect(push.state()).toBe('connecting');
    // While that one connects, more answers open no more sockets.
    await api.request('GET', '/boards');
    expect(FakeSocket.opened.length).toBe(2);
    FakeSocket.opened[1].receive({ topic: 'hello' });
    expect(messages).toEqual([{ topic: 'resync' }]);
    subscription.unsubscribe();
  });

  it('a revoked display’s socket stays closed, whatever the server answers', async () => {
    const push = TestBed.inject(WallboardPush);
    const api = TestBed.inject(WallboardApi);
    const messages: PushMessage[] = [];
    const subscription = push.messages.subscribe((message) => messages.push(message));
    FakeSocket.opened[0].drop(4403);
    expect(messages).toEqual([{ topic: 'revoked' }]);
    spyOn(globalThis, 'fetch').and.resolveTo(new Response('{}', { status: 401, headers: { 'content-type': 'application/json' } }));
    await api.request('GET', '/display').catch(() => undefined);
    expect(FakeSocket.opened.length).toBe(1);
    subscription.unsubscribe();
  });
});
