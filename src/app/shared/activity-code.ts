/** The RTD Server sends "__EMPTY__" where an agent has no activity code, service or group (a delta cannot send null). */
export const EMPTY_CODE = '__EMPTY__';

/** The code to show, or null when there is none. */
export function codeOrNone(code: string | null | undefined): string | null {
  return code === null || code === undefined || code === '' || code === EMPTY_CODE ? null : code;
}
