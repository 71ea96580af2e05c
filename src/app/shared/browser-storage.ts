/** The browser's localStorage, or null where privacy settings disable it (reading the property then throws). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
