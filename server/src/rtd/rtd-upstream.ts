/**
 * The server's own questions to the RTD Server (not the browsers' traffic, which goes through the proxy): who holds
 * an access token, and whether they are a supervisor. The RTD Server stays the authority on people.
 */
import { ApiError } from '../api/api-error.ts';

export interface RtdUser {
  username: string;
  supervisor: boolean;
  /** Seconds the RTD session opened by this check lasts: the server trusts the answer that long. */
  sessionSeconds: number;
  /** Seconds the access token itself lasts. */
  tokenSeconds: number;
}

export type RtdWhoIs = (accessToken: string) => Promise<RtdUser | null>;

/** An upstream that does not answer within this is reported as unreachable, never waited on forever. */
const UPSTREAM_TIMEOUT_MS = 10_000;

const WHO_IS = 'mutation WhoIs($t: String!) { loginWithAccessToken(accessToken: $t) { username supervisor session { expiresIn } authToken { expiresIn } } }';

/** Asks the RTD Server at `origin` who `accessToken` belongs to: null when it refuses the token. */
export function rtdWhoIs(origin: string): RtdWhoIs {
  return async (accessToken) => {
    let response: globalThis.Response;
    try {
      response = await fetch(`${origin}/rtdserver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: WHO_IS, variables: { t: accessToken } }),
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError(502, 'RTD_UNREACHABLE', `The RTD Server did not answer (${(error as Error).message}); try again in a moment`);
    }
    const body = (await response.json().catch(() => null)) as {
      data?: { loginWithAccessToken?: { username: string; supervisor: boolean; session: { expiresIn: number }; authToken: { expiresIn: number } } };
      errors?: unknown[];
    } | null;
    const user = body?.data?.loginWithAccessToken;
    if (user) return { username: user.username, supervisor: user.supervisor === true, sessionSeconds: user.session.expiresIn, tokenSeconds: user.authToken.expiresIn };
    if (body?.errors?.length) return null;
    throw new ApiError(502, 'RTD_UNREACHABLE', `The RTD Server answered HTTP ${response.status} without an answer the server understands`);
  };
}
