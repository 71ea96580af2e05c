export const RTD_PATH: string;
export type RtdRoute = { action: 'app' } | { action: 'refuse' } | { action: 'forward'; url: string };
export function rtdRoute(url: string | undefined): RtdRoute;
export function isDisguisedPath(path: string): boolean;
