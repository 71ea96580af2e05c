/**
 * The RTD Server's subscription rule on the server's side: a message carries only what changed, every unchanged
 * field null. The recorder keeps each service's and group's stat as the snapshot plus every delta merged in: null
 * keeps what is stored, an object merges field by field (a union member of another __typename replaces it), a list
 * replaces the stored one.
 */

export function mergeDelta(stored: unknown, delta: unknown): unknown {
  if (delta === null || delta === undefined) return stored;
  if (Array.isArray(delta) || typeof delta !== 'object') return delta;
  const incoming = delta as Record<string, unknown>;
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return { ...incoming };
  const current = stored as Record<string, unknown>;
  if ('__typename' in incoming && incoming['__typename'] !== current['__typename']) return { ...incoming };
  const merged: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(incoming)) {
    // A key JSON may carry but an object must not take as one of its own fields.
    if (field === '__proto__') continue;
    merged[field] = mergeDelta(current[field], value);
  }
  return merged;
}
