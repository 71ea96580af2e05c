/**
 * HTTP requests written byte for byte on a TCP socket, for the abuse suite: fetch and node:http normalise or refuse
 * the paths an attacker sends (`/rtdserver/../simulator`, backslashes), and cannot show whether a server closed
 * the connection after refusing an upgrade.
 */
import { connect } from 'node:net';

export interface RawResponse {
  /** The status code of the first line, 0 when the server sent nothing before closing. */
  status: number;
  /** The response head as received (status line and headers). */
  head: string;
  body: string;
  /** True when the server closed the connection (always, unless `until: 'head'`). */
  closed: boolean;
}

/** The text of a request: Host and Connection: close are added unless given, and Content-Length for a body. */
export function requestText(method: string, target: string, host: string, headers: Record<string, string> = {}, body = ''): string {
  const all: Record<string, string> = { host, connection: 'close', ...headers };
  if (body) all['content-length'] = String(Buffer.byteLength(body));
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n${body}`;
}

/** The text of a WebSocket upgrade request for the graphql-transport-ws protocol. */
export function upgradeText(target: string, host: string, headers: Record<string, string> = {}): string {
  return requestText('GET', target, host, {
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-protocol': 'graphql-transport-ws',
    ...headers,
  });
}

/**
 * Writes `text` to `origin` (http://host:port) and reads the answer: until the server closes the connection
 * (`until: 'close'`, rejecting if it has not within `timeoutMs`), or until the response head (`until: 'head'`,
 * for a 101 that stays open; the socket is then destroyed).
 */
export function rawRequest(origin: string, text: string, { until = 'close', timeoutMs = 5_000 }: { until?: 'close' | 'head'; timeoutMs?: number } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no ${until === 'close' ? 'close' : 'response head'} within ${timeoutMs} ms for ${JSON.stringify(text.split('\r\n')[0])}; got ${JSON.stringify(received.toString('latin1').slice(0, 200))}`,
        ),
      );
    }, timeoutMs);
    const parse = (closed: boolean): RawResponse => {
      const textReceived = received.toString('utf8');
      const end = textReceived.indexOf('\r\n\r\n');
      const head = end < 0 ? textReceived : textReceived.slice(0, end);
      return { status: Number(head.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? 0), head, body: end < 0 ? '' : textReceived.slice(end + 4), closed };
    };
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (until === 'head' && received.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(parse(false));
      }
    });
    socket.on('error', (error) => {
      // A reset after the answer is a close like any other.
      if (received.length) return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(true));
    });
    socket.write(text);
  });
}
