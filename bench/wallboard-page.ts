/**
 * What bench/wallboard.ts puts in every document of the browser before the app's own code runs
 * (`context.addInitScript(instrumentPage)`): it measures the app from the outside, without the app knowing.
 *
 * - Payloads: `WebSocket` is wrapped (a listener added before the app's `onmessage`) and so is `fetch` (for the
 *   polling strategy's HTTP answers), and a worker's `WebSocket` through a probe loaded before the worker's code; each data payload gets an id, is noted with the time the page's script saw it
 *   and a key (its length and first characters) by which node finds when the browser received it (CDP Network),
 *   and its entities are counted (subscription payloads apart from snapshots and poll answers).
 * - Expectations: for a few displayed figures (a service tile's counts, an agent row's counts), a payload that
 *   carries a value other than the one on screen becomes an expectation "key|field shows value"; a newer payload
 *   for the same figure supersedes it; one not met within 10 s expires.
 * - On screen: a MutationObserver sees `data-value` change; a met expectation is stamped when the DOM holds the
 *   value, then again after the next frame is painted (the first task after the rendering step that follows).
 * - Main thread: long tasks (PerformanceObserver 'longtask'), and in the top document a requestAnimationFrame loop
 *   whose gaps count the frames dropped.
 * - Settling: between `armSettle()` and `settle()`, every change of a figure the server drives (a `data-value` of a
 *   `[data-field]`, an agent row's `data-status`) to a value other than the one last seen for the same entity and
 *   field, stamped in the DOM and again after the frame that paints it; and when each data payload came in. Keyed by
 *   entity, not by element: a row reused for another agent, or a slide shown again, is not a change.
 *
 * `window.__bench.drain()` hands over what was gathered since the last call. Time is ms since the epoch
 * (`performance.timeOrigin + now`), so node can put the frames' figures on one axis. Self-contained: Playwright
 * sends this function's source to the page.
 */
export function instrumentPage(): void {
  const w = window as unknown as Record<string, unknown>;
  if (w['__bench']) return;
  const perf = performance;
  const epoch = (t: number) => perf.timeOrigin + t;
  /** Figures watched on screen, by the list that carries them (they are `data-field`s of tiles and rows). */
  const TILE_FIELDS = ['queuedCalls', 'receivedCalls', 'answeredCalls', 'hangupCalls', 'currentCalls', 'shortCalls', 'closedCallsCallBack', 'closedCalls'];
  const ROW_FIELDS = [
    'numberCallIn',
    'numberCallOut',
    'numberCallFromServiceAnswered',
    'numberCallFromServiceNotAnswered',
    'timeInStateReady',
    'timeInStateNotReady',
    'timeInStateBusy',
    'timeInStateWNR',
  ];
  const EXPIRE_MS = 10_000;

  const totals = {
    /** Payloads (socket `next` messages and /rtdserver HTTP answers) and their characters. */
    payloads: 0,
    payloadChars: 0,
    /** Entities in subscription payloads, in snapshot answers over the socket, and in HTTP answers (polling). */
    subscriptionEntities: 0,
    snapshotEntities: 0,
    httpEntities: 0,
    expectations: 0,
    superseded: 0,
    expired: 0,
    /** Milliseconds this script itself spent on the main thread (parsing payloads, looking up figures). */
    instrumentMs: 0,
    frames: 0,
    framesDropped: 0,
  };
  /** Each data payload: its id, its key for matching the browser's network record of it, when it was dispatched. */
  let seen: [string, string, number, boolean][] = [];
  let latencies: [string, number, number][] = []; // [payload id, epoch ms in the DOM, epoch ms painted]
  // Ids unique across the frames of one page (each frame counts from 1).
  const frameTag = Math.random().toString(36).slice(2, 8);
  let payloadCount = 0;
  let longTasks: [number, number][] = []; // [start epoch ms, duration ms]
  let longestFrameGap = 0;
  const pending = new Map<string, { value: string; at: number; payload: string }>();
  const subscriptionIds = new Set<string>();
  /** While armed (settle watch): figure values by entity|field, changes [DOM epoch ms, painted epoch ms, key], payloads' epoch ms. */
  let settleValues: Map<string, string> | null = null;
  let settleChanges: [number, number, string][] = [];
  let settlePayloads: number[] = [];
  let settleShown: [number, string][] = [];

  // ---- Looking up figures on screen ------------------------------------------------------------------------
  const tiles = new Map<string, Element>();
  let rows: Map<string, Element> | null = null;
  const tileOf = (key: string): Element | null => {
    const known = tiles.get(key);
    if (known?.isConnected) return known;
    const found = document.querySelector(`[data-service="${CSS.escape(key)}"]`);
    if (found) tiles.set(key, found);
    return found;
  };
  const rowOf = (username: string): Element | null => {
    rows ??= new Map(Array.from(document.querySelectorAll('[data-username]'), (row) => [row.getAttribute('data-username') ?? '', row]));
    return rows.get(username) ?? null;
  };
  const expect = (owner: Element, key: string, field: string, raw: unknown, at: number, payload: string) => {
    if (typeof raw !== 'number') return;
    const figure = owner.querySelector(`[data-field="${field}"]`);
    if (!figure) return;
    const id = `${key}|${field}`;
    if (pending.delete(id)) totals.superseded++;
    const value = String(raw);
    if (figure.getAttribute('data-value') === value) return;
    pending.set(id, { value, at, payload });
    totals.expectations++;
  };

  // ---- Payloads in -----------------------------------------------------------------------------------------
  const intake = (text: string, at: number, via: 'socket' | 'http') => {
    const started = perf.now();
    try {
      let message: { type?: string; id?: string; payload?: { data?: unknown }; data?: unknown };
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      if (via === 'socket' && message.type !== 'next') return;
      const data = (via === 'socket' ? message.payload?.data : message.data) as Record<string, unknown> | null | undefined;
      if (!data) return;
      totals.payloads++;
      totals.payloadChars += text.length;
      if (settleValues) settlePayloads.push(epoch(at));
      const payload = `${frameTag}:${++payloadCount}`;
      // The browser's network log (CDP) shows the same text: its length and start identify it there.
      const snapshot = via === 'socket' && !subscriptionIds.has(message.id ?? '');
      seen.push([payload, via === 'socket' ? `${text.length}:${text.slice(0, 60)}` : `http:${text.length}`, epoch(at), snapshot]);
      rows = null;
      for (const [field, list] of Object.entries(data)) {
        if (!Array.isArray(list)) continue;
        if (via === 'http') totals.httpEntities += list.length;
        else if (subscriptionIds.has(message.id ?? '')) totals.subscriptionEntities += list.length;
        else totals.snapshotEntities += list.length;
        if (field === 'serviceStats') {
          for (const entity of list) {
            const key = `${entity?.code}/${entity?.channel}`;
            const tile = entity?.channelStats && tileOf(key);
            if (tile) for (const name of TILE_FIELDS) expect(tile, key, name, entity.channelStats[name], at, payload);
          }
        } else if (field === 'userStats') {
          for (const entity of list) {
            const row = entity?.channel === 'CALL' ? rowOf(entity.username) : null;
            if (row) for (const name of ROW_FIELDS) expect(row, entity.username, name, entity[name], at, payload);
          }
        }
      }
    } finally {
      totals.instrumentMs += perf.now() - started;
    }
  };

  const NativeWebSocket = window.WebSocket;
  class MeasuredWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Added before the app sets onmessage, so it runs first: the arrival time is the message's.
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') intake(event.data, perf.now(), 'socket');
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (typeof data === 'string' && data.includes('"subscribe"') && /"query"\s*:\s*"\s*subscription\b/.test(data)) {
        try {
          subscriptionIds.add(JSON.parse(data).id);
        } catch {
          // Not JSON: not ours to count.
        }
      }
      super.send(data);
    }
  }
  window.WebSocket = MeasuredWebSocket;

  // A worker's sockets (the live lists in a worker, ?live=worker) are seen through a probe run in the worker before
  // its own code: it wraps the worker's WebSocket the same way and relays each message, with the time the worker
  // saw it, here. CDP's page session does not see a worker's frames, so their arrival is the worker's stamp.
  const workerProbe = (channelName: string) => {
    const channel = new BroadcastChannel(channelName);
    const clock = performance;
    const Native = self.WebSocket;
    class ProbedWebSocket extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event) => {
          if (typeof event.data === 'string') channel.postMessage(['message', event.data, clock.timeOrigin + clock.now()]);
        });
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        if (typeof data === 'string' && data.includes('"subscribe"') && /"query"\s*:\s*"\s*subscription\b/.test(data)) {
          try {
            channel.postMessage(['subscription', JSON.parse(data).id, 0]);
          } catch {
            // Not JSON: not ours to count.
          }
        }
        super.send(data);
      }
    }
    self.WebSocket = ProbedWebSocket;
  };
  const workerChannel = `__bench-worker-${frameTag}`;
  // Held by the window: a channel nothing references may be collected (the forced GCs did), and its messages lost.
  const relay = new BroadcastChannel(workerChannel);
  w['__benchWorkerRelay'] = relay;
  relay.onmessage = (event: MessageEvent<[string, string, number]>) => {
    const [kind, text, at] = event.data;
    if (kind === 'subscription') subscriptionIds.add(text);
    else intake(text, at - perf.timeOrigin, 'socket');
  };
  const NativeWorker = window.Worker;
  class ProbedWorker extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const blob = (source: string) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      // Module evaluation follows import order: the probe runs before the worker's code.
      const probe = blob(`var __name = (target) => target;\n(${workerProbe.toString()})(${JSON.stringify(workerChannel)});`);
      super(blob(`import ${JSON.stringify(probe)};\nimport ${JSON.stringify(new URL(url, location.href).href)};`), { ...options, type: 'module' });
    }
  }
  window.Worker = ProbedWorker;

  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await nativeFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/rtdserver') || !response.body) return response;
    // Read whole here, as the app's HttpClient does before it parses, and handed on as an equal answer: a clone's
    // copy would be cut short when the app aborts the finished request.
    const text = await response.text();
    intake(text, perf.now(), 'http');
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  // ---- On screen -------------------------------------------------------------------------------------------
  const nativeRaf = window.requestAnimationFrame.bind(window);
  /** Between a frame's animation callbacks and the first task after it: a change now is painted in this frame. */
  let inFrame = false;
  let afterFramePosted = false;
  let shown: [string, number][] = []; // [payload id, in DOM], waiting for the paint
  const afterFrame = new MessageChannel();
  afterFrame.port1.onmessage = () => {
    afterFramePosted = false;
    inFrame = false;
    if (settleShown.length) {
      const painted = epoch(perf.now());
      for (const [dom, key] of settleShown) settleChanges.push([dom, painted, key]);
      settleShown = [];
    }
    if (!shown.length) return;
    const painted = perf.now();
    for (const [payload, dom] of shown) latencies.push([payload, epoch(dom), epoch(painted)]);
    shown = [];
  };
  const frameStarted = () => {
    inFrame = true;
    if (!afterFramePosted) {
      afterFramePosted = true;
      afterFrame.port2.postMessage(0);
    }
  };
  window.requestAnimationFrame = (callback: FrameRequestCallback) =>
    nativeRaf((time) => {
      frameStarted();
      callback(time);
    });

  new MutationObserver((records) => {
    const started = perf.now();
    for (const record of records) {
      const figure = record.target as Element;
      const field = figure.getAttribute('data-field');
      const owner = field ? figure.closest('[data-service],[data-username]') : null;
      if (!owner) continue;
      const id = `${owner.getAttribute('data-service') ?? owner.getAttribute('data-username')}|${field}`;
      const expected = pending.get(id);
      if (!expected || figure.getAttribute('data-value') !== expected.value) continue;
      pending.delete(id);
      shown.push([expected.payload, started]);
    }
    // Not inside a frame: the next one paints it.
    if (shown.length && !inFrame) nativeRaf(frameStarted);
    totals.instrumentMs += perf.now() - started;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-value'] });

  // ---- Settling (armed around a server pause) ----------------------------------------------------------------
  const OWNERS = '[data-service],[data-total],[data-group],[data-username],[data-coarse-status]';
  const ownerKey = (owner: Element | null) =>
    owner
      ? `${owner.getAttribute('data-service') ?? owner.getAttribute('data-total') ?? owner.getAttribute('data-group') ?? owner.getAttribute('data-username') ?? owner.getAttribute('data-coarse-status')}`
      : '';
  /** The figures an element holds (itself included): [entity|field, value shown]. */
  const figuresIn = (element: Element): [string, string][] => {
    const found: [string, string][] = [];
    const figures = element.matches('[data-field]') ? [element] : [];
    figures.push(...Array.from(element.querySelectorAll('[data-field]')));
    for (const figure of figures) found.push([`${ownerKey(figure.closest(OWNERS))}|${figure.getAttribute('data-field')}`, figure.getAttribute('data-value') ?? '']);
    const rows = element.matches('[data-username]') ? [element] : [];
    rows.push(...Array.from(element.querySelectorAll('[data-username]')));
    for (const row of rows) found.push([`${row.getAttribute('data-username')}|status`, row.getAttribute('data-status') ?? '']);
    return found;
  };
  const settleObserver = new MutationObserver((records) => {
    if (!settleValues) return;
    const started = perf.now();
    const touched = new Set<Element>();
    for (const record of records) {
      if (record.type === 'attributes') touched.add(record.target as Element);
      else for (const node of Array.from(record.addedNodes)) if (node instanceof Element) touched.add(node);
    }
    for (const element of touched) {
      if (!element.isConnected) continue;
      for (const [key, value] of figuresIn(element)) {
        const before = settleValues.get(key);
        settleValues.set(key, value);
        if (before !== undefined && before !== value) settleShown.push([epoch(started), key]);
      }
    }
    if (settleShown.length && !inFrame) nativeRaf(frameStarted);
    totals.instrumentMs += perf.now() - started;
  });

  // ---- Main thread -----------------------------------------------------------------------------------------
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push([epoch(entry.startTime), entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task API: the CDP figures still count.
  }
  if (window.top === window) {
    const FRAME_MS = 1000 / 60;
    let last = 0;
    const loop = (time: number) => {
      if (last) {
        const gap = time - last;
        totals.frames++;
        totals.framesDropped += Math.max(0, Math.round(gap / FRAME_MS) - 1);
        longestFrameGap = Math.max(longestFrameGap, gap);
      }
      last = time;
      nativeRaf(loop);
    };
    nativeRaf(loop);
  }

  w['__bench'] = {
    /** Starts the settle watch: the figures on screen now are the values changes are judged against. */
    armSettle() {
      settleValues = new Map(figuresIn(document.documentElement));
      settleChanges = [];
      settlePayloads = [];
      settleShown = [];
      settleObserver.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value', 'data-status', 'data-username'] });
    },
    /** Ends the settle watch and hands over what it saw. */
    settle(): Settled {
      settleObserver.disconnect();
      settleValues = null;
      const out = { changes: settleChanges, payloads: settlePayloads };
      settleChanges = [];
      settlePayloads = [];
      return out;
    },
    drain() {
      const now = perf.now();
      for (const [id, expected] of pending) {
        if (now - expected.at < EXPIRE_MS) continue;
        pending.delete(id);
        totals.expired++;
      }
      const out = { ...totals, pending: pending.size, seen, latencies, longTasks, longestFrameGap };
      seen = [];
      latencies = [];
      longTasks = [];
      longestFrameGap = 0;
      return out;
    },
  };
}

/** What `window.__bench.drain()` returns: counters since the page loaded, lists since the last drain. */
export interface Drained {
  payloads: number;
  payloadChars: number;
  subscriptionEntities: number;
  snapshotEntities: number;
  httpEntities: number;
  expectations: number;
  superseded: number;
  expired: number;
  instrumentMs: number;
  frames: number;
  framesDropped: number;
  pending: number;
  /**
   * Data payloads since the last drain: [payload id, network key, epoch ms dispatched to the page's script, a query's
   * answer over the socket (a snapshot) rather than a subscription message].
   */
  seen: [string, string, number, boolean][];
  /** [payload id, epoch ms the value was in the DOM, epoch ms the frame with it was painted]. */
  latencies: [string, number, number][];
  longTasks: [number, number][];
  longestFrameGap: number;
}

/** What `window.__bench.settle()` returns: what changed on screen, and what came in, since `armSettle()`. */
export interface Settled {
  /** Each figure that changed: [epoch ms in the DOM, epoch ms painted, entity|field]. */
  changes: [number, number, string][];
  /** Epoch ms each data payload reached the page's script. */
  payloads: number[];
}
