/**
 * Which fields identify an RTD object: the one key table. The RTD Server's schema does not say it, yet the app's
 * cache (normalising entities), its delta merge (keyed lists), the emulator's differ and e2e's truth all depend on
 * it. Codegen reads it (codegen.ts) to generate the app's cache policies.
 */

/**
 * Objects that live on their own: a live list's entries, normalised by the app's cache under these keys. A service
 * or group is one entity per channel.
 */
export const ENTITY_KEYS = {
  ServiceStat: ['code', 'channel'],
  GroupStat: ['code', 'channel'],
  UserStat: ['username', 'channel'],
  UserProfileStat: ['id', 'channel'],
  User: ['username'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Entries of lists inside an entity (custom stats, time per activity code, agents per activity code). A delta
 * carries only the entries that changed, so they are merged by these keys; they are not entities of their own
 * (the same `sl1` belongs to every service), so the cache keeps them inside their parent.
 */
export const LIST_ENTRY_KEYS = {
  CustomStat: ['key'],
  TimeInActivityCode: ['activityCode'],
  UserProfileInActivityCode: ['activityCode'],
} as const satisfies Record<string, readonly string[]>;

export type EntityType = keyof typeof ENTITY_KEYS;

/** Entities and list entries alike: what identifies an item of any list the RTD Server sends. */
export const RTD_KEYS: Readonly<Record<string, readonly string[]>> = { ...ENTITY_KEYS, ...LIST_ENTRY_KEYS };
