// Types for curl-command.js, which stays plain JavaScript so that the playground page can load it as it is.
import type { DocumentNode } from 'graphql';

export function shellQuote(text: string): string;
export function operationSource(source: string, document: DocumentNode | null | undefined, operationName: string | null | undefined): string;
export function declaredVariables(
  document: DocumentNode | null | undefined,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined;
export function curlCommand(operation: { url: string; query: string; variables?: Record<string, unknown>; operationName?: string | null }): string;
