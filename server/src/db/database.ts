/**
 * Opens the wallboard's database, SQLite (a file in DATA_DIR) or PostgreSQL (DATABASE_URL), and brings its schema up
 * to date. Either it is ready or it throws a DatabaseError that says what to fix: the server never starts half-way.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import type { WallboardDatabase } from './schema.ts';

export type DatabaseSettings = { engine: 'postgres'; url: string } | { engine: 'sqlite'; file: string };

export interface OpenDatabase {
  db: Kysely<WallboardDatabase>;
  engine: DatabaseSettings['engine'];
  /** Where it is, for the start-up line (a PostgreSQL URL without its password). */
  describe: string;
  close(): Promise<void>;
}

export class DatabaseError extends Error {}

/** Waits this long for PostgreSQL to accept a connection before giving up with a message. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function openDatabase(settings: DatabaseSettings): Promise<OpenDatabase> {
  const opened = settings.engine === 'sqlite' ? openSqlite(settings.file) : openPostgres(settings.url);
  try {
    await migrate(opened.db);
  } catch (error) {
    await opened.close().catch(() => {});
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`cannot open the database (${opened.describe}): ${(error as Error).message}`);
  }
  return opened;
}

function openSqlite(file: string): OpenDatabase {
  let database: SQLite.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    database = new SQLite(file);
    // WAL: readers never wait for the writer. FULL: a save is on disk before it is acknowledged, so a power cut
    // (not only a killed process) loses nothing the server said it saved.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    // A second process on the same file (a mistake: SQLite is for one instance) waits instead of failing at once.
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new DatabaseError(`cannot open the SQLite database ${file}: ${(error as Error).message} (set DATA_DIR to a writable directory)`);
  }
  const db = new Kysely<WallboardDatabase>({ dialect: new SqliteDialect({ database }) });
  return { db, engine: 'sqlite', describe: `SQLite ${file}`, close: () => db.destroy() };
}

function openPostgres(url: string): OpenDatabase {
  const shown = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 10 });
  // A connection lost while idle (PostgreSQL restarted) must not be an unhandled 'error' event: the pool replaces it.
  pool.on('error', (error) => console.error(`wallboard-server: a PostgreSQL connection failed (${error.message}); it will be replaced`));
  const db = new Kysely<WallboardDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', describe: `PostgreSQL ${shown}`, close: () => db.destroy() };
}

async function migrate(db: Kysely<WallboardDatabase>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const why = (error as Error).message || String(error);
    // Kysely's words for a database a newer build migrated ("corrupted migrations") would send someone looking for damage.
    const unknown = why.match(/previously executed migration (\S+) is missing/);
    if (unknown)
      throw new DatabaseError(
        `the database was brought up to date by a newer wallboard server (it has migration ${unknown[1]}, which this build does not know): run that build or a newer one, or restore a backup made by this one`,
      );
    throw new Error(failed ? `migration ${failed.migrationName} failed: ${why}` : why);
  }
}

/** postgres://user:secret@host/db → postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** Now, as the text the tables store. */
export const nowText = (now = Date.now()) => new Date(now).toISOString();
