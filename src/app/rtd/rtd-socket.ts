/** Where the page reaches the RTD Server, and the tokens of its socket (the page's own, or the worker's: rtd-client.ts). */
import { InjectionToken } from '@angular/core';
import type { Client } from 'graphql-ws';
import { DEFAULT_SOCKET_OPTIONS, type SocketOptions } from './socket-timing';

/** Where the RTD Server answers, relative to the app's origin (the dev server or web server proxies it). */
export const RTD_PATH = '/rtdserver';

/** Socket behaviour, overridable in tests. */
export const SOCKET_OPTIONS = new InjectionToken<SocketOptions>('RTD socket options', { factory: () => DEFAULT_SOCKET_OPTIONS });
export const RTD_SOCKET = new InjectionToken<Client>('RTD graphql-ws client');

/** The socket URL of the RTD Server as this page reaches it. */
export function socketUrl(): string {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${RTD_PATH}`;
}
