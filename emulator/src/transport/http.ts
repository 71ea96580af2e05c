/**
 * GraphQL over HTTP on `/rtdserver`: GET with `?query=` and POST `application/json`, answered per the
 * GraphQL-over-HTTP spec by graphql-http. Authentication comes from the session or access-token cookie;
 * `login` sets the session cookie on the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { createHandler, type Request as GraphQLHttpRequest } from 'graphql-http';
import { credentialsFromCookies } from '../auth/auth.ts';
import { type OperationLimits, admitOperation } from '../graphql/operation-limits.ts';
import { runOperation } from '../graphql/operations.ts';
import type { RtdContext, RtdRuntime } from '../graphql/root-resolvers.ts';

/** Largest request body accepted: a wallboard's requests are a few kB. */
export const MAX_BODY_BYTES = 1_000_000;

export function isSecureRequest(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket || req.headers['x-forwarded-proto'] === 'https';
}

/** True when an Origin header is exactly this server's origin: its scheme, and the request's Host. */
export function isOwnOrigin(origin: string, host: string | undefined, secure: boolean): boolean {
  if (!origin || !host) return false;
  try {
    const own = new URL(`${secure ? 'https' : 'http'}://${host}`);
    // Compared as serialised (lower-cased host, default port dropped), and only if the header was already that form.
    return own.origin === origin.toLowerCase() && new URL(origin).origin === own.origin;
  } catch {
    return false;
  }
}

/** The RTD context of a request or socket upgrade, authenticated by its cookies. */
export function contextFromCookies(runtime: RtdRuntime, req: IncomingMessage, payloadToken?: string): RtdContext {
  const authentication = runtime.auth.authenticate({ ...credentialsFromCookies(req.headers.cookie), payloadToken });
  return 'principal' in authentication ? { principal: authentication.principal, authFailure: null } : { principal: null, authFailure: authentication.failure };
}

const STATUS_TEXT = { 400: 'Bad Request', 413: 'Payload Too Large' } as const;

export function createGraphQLHttpHandler(runtime: RtdRuntime, schema: GraphQLSchema, rootValue: unknown, limits: OperationLimits) {
  const handle = createHandler<IncomingMessage, { cookies: string[]; context: RtdContext }, Record<string, unknown>>({
    schema,
    rootValue,
    execute: runOperation,
    // Our admission parses, measures and validates (operation-limits.ts); graphql-http keeps the method rules.
    onSubscribe: (req, params) => {
      const admitted = admitOperation(schema, params, req.context.context, limits);
      if ('args' in admitted) return { ...admitted.args, rootValue, contextValue: admitted.args.contextValue as Record<string, unknown> };
      // A size limit or malformed variables: a 4xx whatever the Accept header; a bad document follows the spec.
      if (admitted.status !== null) {
        return [
          JSON.stringify({ errors: admitted.errors.map((e) => e.toJSON()) }),
          { status: admitted.status, statusText: STATUS_TEXT[admitted.status], headers: { 'content-type': 'application/json; charset=utf-8' } },
        ];
      }
      return admitted.errors;
    },
    // graphql-http types the context as a plain record; ours is the RtdContext built per request below.
    context: (req) => req.context.context as unknown as Record<string, unknown>,
  });

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      sendJson(res, 413, { errors: [{ message: `Request body larger than ${MAX_BODY_BYTES} bytes` }] });
      return;
    }
    const cookies: string[] = [];
    const secure = isSecureRequest(req);
    const context: RtdContext = {
      ...contextFromCookies(runtime, req),
      setCookie: (name, value, maxAge) => cookies.push(`${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`),
    };
    const request: GraphQLHttpRequest<IncomingMessage, { cookies: string[]; context: RtdContext }> = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: { get: (name: string) => headerValue(req, name) },
      body,
      raw: req,
      context: { cookies, context },
    };
    try {
      const [responseBody, init] = await handle(request);
      const headers: Record<string, string | string[]> = { ...(init.headers as Record<string, string>) };
      if (cookies.length) headers['set-cookie'] = cookies;
      res.writeHead(init.status, init.statusText, headers).end(responseBody ?? undefined);
    } catch (error) {
      sendJson(res, 500, { errors: [{ message: `Internal error: ${(error as Error).message}` }] });
    }
  };
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
