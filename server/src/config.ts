/**
 * The server's settings, all from the environment (a container or a systemd unit sets them), checked once at start:
 * a bad value stops the server with a message naming the variable, never a half-started server.
 */
import { resolve } from 'node:path';

export interface ServerConfig {
  /** @default 8080 (0 picks a free port, for tests) */
  port: number;
  /** @default '0.0.0.0' */
  host: string;
  /**
   * The built app to serve, or null in development, where `ng serve` serves the app and proxies /api and /rtdserver
   * here. @default dist/rtd-wallboard/browser
   */
  dist: string | null;
  /**
   * Where the RTD Server is: `TVOX_HOST` (https://host), or `RTD_UPSTREAM` (any URL, e.g. an emulator started by a
   * test), or null: start the embedded emulator on `EMULATOR_PORT` (4000).
   */
  rtdUpstream: string | null;
  emulatorPort: string;
  /** PostgreSQL when `DATABASE_URL` is set (several instances share it); else SQLite in `DATA_DIR` (./data). */
  database: { engine: 'postgres'; url: string } | { engine: 'sqlite'; file: string };
  /** PEM files: serve HTTPS, which a service worker needs on any host but localhost. */
  tls: { keyFile: string; certFile: string } | null;
  /** Behind a TLS-terminating proxy: believe its X-Forwarded-Proto (HSTS) and X-Forwarded-For (rate limits). */
  trustProxy: boolean;
  /** Days of 15-minute history intervals the recorder keeps (`HISTORY_RETENTION_DAYS`). @default 35 (five weeks: today beside the same weekday of last week, and a month) */
  historyRetentionDays: number;
}

/** Bounds of HISTORY_RETENTION_DAYS: at least a day; at most ten years (storage grows linearly, see docs/benchmarks.md). */
export const HISTORY_RETENTION_DAYS_DEFAULT = 35;
const HISTORY_RETENTION_DAYS_MAX = 3650;

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv, root: string, { development = false } = {}): ServerConfig {
  const port = Number(env['PORT'] ?? (development ? 4300 : 8080));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number (0-65535), not "${env['PORT']}"`);
  const tvoxHost = env['TVOX_HOST']?.trim();
  const upstream = env['RTD_UPSTREAM']?.trim();
  if (tvoxHost && upstream) throw new ConfigError('set TVOX_HOST or RTD_UPSTREAM, not both');
  if (tvoxHost && !/^[A-Za-z0-9.\-:[\]]+$/.test(tvoxHost)) throw new ConfigError(`TVOX_HOST must be a host name (and port), not "${tvoxHost}"`);
  if (upstream && !/^https?:\/\/[^/\s]+\/?$/.test(upstream)) throw new ConfigError(`RTD_UPSTREAM must be an origin such as http://127.0.0.1:4000, not "${upstream}"`);
  const databaseUrl = env['DATABASE_URL']?.trim();
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for SQLite in DATA_DIR)');
  const keyFile = env['TLS_KEY'];
  const certFile = env['TLS_CERT'];
  if (Boolean(keyFile) !== Boolean(certFile)) throw new ConfigError('TLS_KEY and TLS_CERT go together: set both or neither');
  // TRUST_PROXY=0 or false must not mean "on": trusting X-Forwarded-For without a proxy lets anyone pick their address.
  const trustProxy = (env['TRUST_PROXY'] ?? '').trim().toLowerCase();
  if (!['', '0', 'false', 'no', '1', 'true', 'yes'].includes(trustProxy)) throw new ConfigError(`TRUST_PROXY must be 1 (behind a proxy) or 0, not "${env['TRUST_PROXY']}"`);
  const retentionText = env['HISTORY_RETENTION_DAYS']?.trim();
  const historyRetentionDays = retentionText ? Number(retentionText) : HISTORY_RETENTION_DAYS_DEFAULT;
  if (!/^[0-9]+$/.test(retentionText ?? '0') || !Number.isSafeInteger(historyRetentionDays) || historyRetentionDays < 1 || historyRetentionDays > HISTORY_RETENTION_DAYS_MAX)
    throw new ConfigError(`HISTORY_RETENTION_DAYS must be a whole number of days from 1 to ${HISTORY_RETENTION_DAYS_MAX}, not "${env['HISTORY_RETENTION_DAYS']}"`);
  return {
    port,
    host: env['HOST'] ?? (development ? '127.0.0.1' : '0.0.0.0'),
    dist: development ? null : resolve(root, env['DIST'] ?? 'dist/rtd-wallboard/browser'),
    rtdUpstream: tvoxHost ? `https://${tvoxHost}` : upstream ? upstream.replace(/\/$/, '') : null,
    emulatorPort: env['EMULATOR_PORT'] ?? '4000',
    database: databaseUrl ? { engine: 'postgres', url: databaseUrl } : { engine: 'sqlite', file: resolve(root, env['DATA_DIR'] ?? 'data', 'wallboard.sqlite') },
    tls: keyFile && certFile ? { keyFile, certFile } : null,
    trustProxy: ['1', 'true', 'yes'].includes(trustProxy),
    historyRetentionDays,
  };
}
