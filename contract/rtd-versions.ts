/**
 * Which fields each RTD Server version has: the one table that both the emulator (to emulate an older server)
 * and the wallboard (to ask an older server only for what it has) read. No imports, so that both builds
 * (the emulator's Node program and the Angular app) can take this file as it is.
 *
 * `rtd.graphql` beside it is the newest documented schema (1.0.2); an older version is that schema without
 * the fields that later versions added, per the reference changelog.
 */

export type RtdVersion = '1.0.0' | '1.0.1' | '1.0.2';

/** Emulated versions, oldest first. */
export const RTD_VERSIONS: readonly RtdVersion[] = ['1.0.0', '1.0.1', '1.0.2'];

export const DEFAULT_RTD_VERSION: RtdVersion = '1.0.2';

/** The oldest version the table knows: every RTD Server has at least its fields. */
export const OLDEST_RTD_VERSION: RtdVersion = RTD_VERSIONS[0];

/** A field (of an object type) or input field (of an input type) in the SDL. */
export interface SchemaFieldRef {
  type: string;
  field: string;
  /**
   * True for a field of an input type: it is sent in variables, never selected, so a client stripping
   * selections ignores it. (A test holds this flag against the SDL.)
   */
  input?: true;
}

export interface VersionAddition {
  /** The version that introduced these fields. */
  version: RtdVersion;
  /** Fields removed when emulating (or talking to) any version older than `version`. */
  removes: readonly SchemaFieldRef[];
}

/**
 * What each version added, from the reference changelog (1.0.0 is the first release). An object field's
 * name must be declared, in the whole schema, only by the types listed here for it: clients rely on that to
 * strip a field by name where a document does not say its type (a test holds it).
 */
export const VERSION_ADDITIONS: readonly VersionAddition[] = [
  {
    version: '1.0.1',
    removes: [
      // "Service Stats - Added average waiting time in queue" (typed on all three channel stats).
      { type: 'ServiceCcCallAtStat', field: 'averageTimeOnQueue' },
      { type: 'ServiceCcVideoAtStat', field: 'averageTimeOnQueue' },
      { type: 'ServiceCcChatAtStat', field: 'averageTimeOnQueue' },
      // "Group Stats - Added filter by user site"; ServiceChannelStatFilter.userSite predates it.
      { type: 'GroupChannelStatFilter', field: 'userSite', input: true },
    ],
  },
  {
    version: '1.0.2',
    removes: [{ type: 'CustomStatValue', field: 'aggregatedValue' }],
  },
];

/**
 * Compares two "major.minor.patch" versions numerically (1.0.10 is newer than 1.0.2): negative when `a` is
 * older, 0 when equal, positive when newer. Missing or unreadable parts count as 0.
 */
export function compareRtdVersions(a: string, b: string): number {
  const parts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Fields the given version does not have, because a later version added them. Any version string works:
 * one newer than the table's newest has every field, one older than 1.0.0 is treated like 1.0.0.
 */
export function fieldsMissingIn(version: string): SchemaFieldRef[] {
  return VERSION_ADDITIONS.filter((addition) => compareRtdVersions(version, addition.version) < 0).flatMap((addition) => addition.removes);
}

/** Whether `type.field` exists in the given version (true for fields not in the table). */
export function versionHasField(version: string, type: string, field: string): boolean {
  return !fieldsMissingIn(version).some((missing) => missing.type === type && missing.field === field);
}
