/**
 * The one migration set, for SQLite and PostgreSQL alike: Kysely's schema builder writes each engine's SQL. Migrations
 * are code (not files found at run time), so a bundled or moved server still has them all; they are never edited
 * once released, only added to.
 */
import { type Kysely, type Migration, type MigrationProvider, sql, SqliteAdapter } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('boards')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('board_versions')
      .addColumn('board_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('saved_by', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('board_versions_pk', ['board_id', 'version'])
      .execute();
    await db.schema
      .createTable('playlists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('displays')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('playlist_id', 'text')
      .addColumn('credential_hash', 'text', (c) => c.notNull().unique())
      .addColumn('paired_by', 'text', (c) => c.notNull())
      .addColumn('paired_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('last_seen_at', 'text')
      .addColumn('status', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('pairing_requests')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('display_id', 'text')
      .addColumn('credential', 'text')
      .execute();
    await db.schema
      .createTable('user_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('supervisor', 'integer', (c) => c.notNull())
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('checked_until', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('attempts')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('attempts_pk', ['key', 'window_start'])
      .execute();
    await db.schema.createIndex('user_sessions_expiry').on('user_sessions').column('expires_at').execute();
    await db.schema.createIndex('pairing_requests_expiry').on('pairing_requests').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['attempts', 'settings', 'user_sessions', 'pairing_requests', 'displays', 'playlists', 'board_versions', 'boards']) await db.schema.dropTable(table).execute();
  },
};

/** The figures a minute sample and a 15-minute interval share (contract/history-format.ts), all whole numbers or null. */
const HISTORY_COUNTS = ['received', 'answered', 'answered_in_time', 'abandoned', 'short_abandons', 'longest_wait'] as const;

/**
 * The recorder's history: a row per service or group, channel and minute (kept 48 hours) and per 15-minute interval
 * (kept HISTORY_RETENTION_DAYS). Samples are keyed time first: they are written a minute at a time (appended, so
 * their pages stay full), read "every entity since" and pruned by time, all through the key, with no second index.
 * Intervals are keyed by entity first, as the Today view reads them (one entity's range), with a time index for the
 * pruning. On SQLite the rows live in the key's own b-tree (WITHOUT ROWID): stored once instead of twice
 * (docs/benchmarks.md has the sizes).
 */
const history: Migration = {
  async up(db: Kysely<unknown>) {
    const keyOnly = db.getExecutor().adapter instanceof SqliteAdapter ? sql`without rowid` : sql``;
    let samples = db.schema
      .createTable('history_samples')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('minute', 'text', (c) => c.notNull())
      .addColumn('queued', 'integer');
    for (const column of HISTORY_COUNTS) samples = samples.addColumn(column, 'integer');
    for (const column of ['agents_ready', 'agents_busy', 'agents_post_call', 'agents_not_ready', 'agents_logged']) samples = samples.addColumn(column, 'integer');
    await samples.addPrimaryKeyConstraint('history_samples_pk', ['minute', 'kind', 'code', 'channel']).modifyEnd(keyOnly).execute();
    let intervals = db.schema
      .createTable('history_intervals')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('start', 'text', (c) => c.notNull());
    for (const column of HISTORY_COUNTS) intervals = intervals.addColumn(column, 'integer');
    // Averages over the interval's minutes: fractions.
    for (const column of ['agents_ready', 'agents_busy', 'agents_post_call']) intervals = intervals.addColumn(column, 'double precision');
    await intervals
      .addColumn('minutes', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('history_intervals_pk', ['kind', 'code', 'channel', 'start'])
      .modifyEnd(keyOnly)
      .execute();
    await db.schema.createIndex('history_intervals_start').on('history_intervals').column('start').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['history_intervals', 'history_samples']) await db.schema.dropTable(table).execute();
  },
};

/** By name, in order: Kysely runs the ones a database has not seen, each in a transaction, under a lock. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-12-03-001-initial': initial,
  '2026-12-04-001-history': history,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** For tests: every table emptied, the schema kept. */
export async function emptyAllTables(db: Kysely<unknown>): Promise<void> {
  for (const table of ['history_intervals', 'history_samples', 'attempts', 'settings', 'user_sessions', 'pairing_requests', 'displays', 'playlists', 'board_versions', 'boards'])
    await sql`delete from ${sql.table(table)}`.execute(db);
}
