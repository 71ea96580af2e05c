/**
 * Rules every transport applies to an operation before running it: who may run it, and the errors that say
 * why not (how large and costly it may be is operation-limits.ts). HTTP, graphql-transport-ws and the legacy graphql-ws protocol
 * all call `runOperation`, so a rule is written once.
 */
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  specifiedRules,
} from 'graphql';
import type { AuthFailure } from '../auth/auth.ts';
import type { RtdContext } from './root-resolvers.ts';

/** Root fields anyone may ask for: the reference says version and server health need no login. */
const PUBLIC_ROOT_FIELDS = new Set(['version', 'serverHealth', 'login', 'loginWithAccessToken', '__typename', '__schema', '__type']);

const FAILURE_MESSAGES: Record<AuthFailure, string> = {
  MISSING_CREDENTIALS: 'Not authenticated: log in (mutation login), or send the teleniaRtdAccessToken cookie, or an accessToken in connection_init',
  SESSION_EXPIRED: 'Session expired: log in again',
  SESSION_UNKNOWN: 'Session not recognised (the server may have restarted): log in again',
  TOKEN_EXPIRED: 'Access token expired: log in again with username and password',
  TOKEN_UNKNOWN: 'Access token not recognised: log in again with username and password',
};

export function unauthenticated(failure: AuthFailure): GraphQLError {
  return new GraphQLError(FAILURE_MESSAGES[failure], { extensions: { code: 'UNAUTHENTICATED', reason: failure } });
}

export function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | null {
  return getOperationAST(document, operationName ?? undefined) ?? null;
}

/** A document's fragment definitions by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
}

/** The root field names an operation selects, following fragments (each fragment walked once). */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = fragmentsOf(document);
  const names = new Set<string>();
  const visited = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!visited.has(s.name.value) && fragments.has(s.name.value)) {
        visited.add(s.name.value);
        visit(fragments.get(s.name.value)!.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...names];
}

export function needsAuthentication(document: DocumentNode, operationName?: string | null): boolean {
  const operation = operationOf(document, operationName);
  if (!operation) return true;
  return rootFieldsOf(document, operation).some((f) => !PUBLIC_ROOT_FIELDS.has(f));
}

/** The refusal for an operation the context may not run, or null when it may. */
export function authorizationError(args: Pick<ExecutionArgs, 'document' | 'operationName' | 'contextValue'>): GraphQLError | null {
  const ctx = args.contextValue as RtdContext;
  if (ctx.principal || !needsAuthentication(args.document, args.operationName)) return null;
  return unauthenticated(ctx.authFailure ?? 'MISSING_CREDENTIALS');
}

/** Runs a query or mutation after the authentication check: a refused operation gets errors and no data. */
export async function runOperation(args: ExecutionArgs): Promise<ExecutionResult> {
  const refused = authorizationError(args);
  if (refused) return { errors: [refused] };
  return execute(args);
}

/** graphql-js's rules; size, depth and cost are checked before them, linearly (operation-limits.ts). */
export const VALIDATION_RULES = specifiedRules;
