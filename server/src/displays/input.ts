/**
 * Reading what a client sent, one field at a time: each refusal is a 400 naming the field, in words a person
 * understands. Nothing from a request is trusted to have the type or size it claims.
 */
import type { Request } from 'express';
import { ApiError } from '../api/api-error.ts';

export const invalid = (field: string, message: string) => new ApiError(400, 'INVALID_FIELD', message, field);

/** The JSON object a request carries (express.json parsed it), or a 400. */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'BAD_REQUEST', 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A body with no keys but `allowed`: a misspelt field is a mistake found, not a change silently lost. */
export function onlyKeys(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalid(unknown.slice(0, 100), `${JSON.stringify(unknown.slice(0, 100))} is not a field of this request (it takes ${allowed.join(', ')})`);
}

/** A name: a string of 1–`max` characters once trimmed. */
export function nameField(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be text`);
  const name = value.trim();
  if (!name) throw invalid(field, `${field} must not be empty`);
  if (name.length > max) throw invalid(field, `${field} must be at most ${max} characters (it has ${name.length})`);
  return name;
}

/** Text of at most `max` characters, or null. */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalid(field, `${field} must be text or null`);
  if (value.length > max) throw invalid(field, `${field} must be at most ${max} characters (it has ${value.length})`);
  return value;
}

/** A finite number in [min, max], or null. */
export function optionalNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, `${field} must be a number or null`);
  if (value < min || value > max) throw invalid(field, `${field} must be between ${min} and ${max} (it is ${value})`);
  return value;
}

/** The version a change started from: null (a new one) or a whole number. */
export function baseVersionField(value: unknown, field = 'baseVersion'): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalid(field, `${field} must be the version your change started from (a whole number), or null to create`);
  return value;
}

/** `?baseVersion=N` of a delete. */
export function baseVersionQuery(req: Request): number {
  const text = req.query['baseVersion'];
  const version = typeof text === 'string' && /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(version)) throw invalid('baseVersion', 'Say which version you are deleting: ?baseVersion=N (the version you last saw)');
  return version;
}
