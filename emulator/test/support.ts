/** Test helpers: an emulator on a free port, and small clients for its HTTP API and control plane. */
import { after } from 'node:test';
import { Emulator, type EmulatorOptions } from '../src/emulator.ts';

/** A fixed simulated start, mid-morning, so tests see a busy contact centre and the same history. */
export const TEST_START = Date.parse('2026-11-24T09:30:00Z');

export interface TestEmulator {
  emulator: Emulator;
  /** http://127.0.0.1:PORT/rtdserver */
  url: string;
  /** ws://127.0.0.1:PORT/rtdserver */
  wsUrl: string;
  origin: string;
  /** Logs in and returns the Cookie header value carrying the session. */
  login(username?: string, password?: string): Promise<{ cookie: string; accessToken: string }>;
  /** POSTs an operation; returns the parsed body and the response. */
  gql<T = any>(query: string, options?: { cookie?: string; variables?: Record<string, unknown> }): Promise<{ body: { data?: T; errors?: any[] }; response: Response }>;
  control(action: string, body?: unknown): Promise<any>;
}

/** Starts an emulator (paused unless told otherwise) that is closed when the test file ends. */
export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const emulator = await Emulator.start({ port: 0, startTime: TEST_START, paused: true, ...overrides });
  after(() => emulator.close());
  const url = emulator.url;
  const origin = new URL(url).origin;
  const gql: TestEmulator['gql'] = async (query, options = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.cookie ? { cookie: options.cookie } : {}) },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return { body: await response.json(), response };
  };
  return {
    emulator,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    origin,
    gql,
    async login(username = 'admin', password = 'admin') {
      const { body, response } = await gql(`mutation { login(username: "${username}", password: "${password}") { authToken { accessToken } } }`);
      if (body.errors) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
      const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('teleniaRtdSessionID='))!;
      return { cookie: setCookie.split(';')[0], accessToken: body.data.login.authToken.accessToken };
    },
    async control(action, body) {
      const response = await fetch(`${origin}/simulator/${action}`, {
        method: action === 'state' ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: action === 'state' ? undefined : JSON.stringify(body ?? {}),
      });
      return response.json();
    },
  };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
