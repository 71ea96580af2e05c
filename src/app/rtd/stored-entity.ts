/**
 * An entity as the cache stores it, after the policies merged what was written. Read through `cache.modify`, which
 * hands each stored field to a function and, when every function returns the value it was given, changes nothing:
 * about 20 µs for a service stat, where `readFragment` re-runs Apollo's reader over its 60-odd fields for 200–500 µs
 * (`npm run bench:cache`, docs/benchmarks.md). Live entities have no nested references (nested stats are
 * kept inside their entity) and their fragments no arguments or aliases, so the stored fields are the fragment's.
 */
import type { ApolloCache } from '@apollo/client';

export function storedEntity<T>(cache: ApolloCache, id: string): T | undefined {
  let entity: Record<string, unknown> | undefined;
  cache.modify({
    id,
    broadcast: false,
    fields: (value, { fieldName }) => {
      (entity ??= {})[fieldName] = value;
      return value;
    },
  });
  return entity as T | undefined;
}
