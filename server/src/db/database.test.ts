/** The database opens, migrates once and again, and refuses clearly when it cannot: on SQLite and PostgreSQL. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ENGINES, freshDatabaseSettings, TEST_POSTGRES_URL } from '../../test/support.ts';
import { DatabaseError, openDatabase, redactUrl } from './database.ts';
import { MIGRATIONS } from './migrations.ts';

for (const engine of ENGINES) {
  describe(`the database on ${engine}`, () => {
    it('a second start finds the schema up to date and the data there', async () => {
      const settings = await freshDatabaseSettings(engine);
      const first = await openDatabase(settings);
      await first.db.insertInto('settings').values({ key: 'k', value: 'v', updated_by: 'admin', updated_at: '2026-12-03T00:00:00.000Z' }).execute();
      await first.close();
      const second = await openDatabase(settings);
      try {
        assert.deepEqual(await second.db.selectFrom('settings').select(['key', 'value']).execute(), [{ key: 'k', value: 'v' }]);
        const applied = await second.db
          .selectFrom('kysely_migration' as never)
          .select('name' as never)
          .execute();
        assert.deepEqual(
          applied.map((row: any) => row.name),
          Object.keys(MIGRATIONS),
        );
      } finally {
        await second.close();
      }
    });
  });
}

describe('a database that cannot be opened stops the start with a message that says what to fix', () => {
  it('SQLite: a DATA_DIR that is a file', async () => {
    const settings = await freshDatabaseSettings('sqlite');
    const dir = join(settings.engine === 'sqlite' ? settings.file : '', '..');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    await assert.rejects(openDatabase({ engine: 'sqlite', file: join(dir, 'not-a-dir', 'wallboard.sqlite') }), (error: Error) => {
      assert.ok(error instanceof DatabaseError);
      assert.match(error.message, /cannot open the SQLite database .*DATA_DIR/);
      return true;
    });
  });

  it('SQLite: a file that is not a database', async () => {
    const settings = await freshDatabaseSettings('sqlite');
    const file = settings.engine === 'sqlite' ? settings.file : '';
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'this is not SQLite, but a text file someone put here'.repeat(100));
    await assert.rejects(openDatabase({ engine: 'sqlite', file }), (error: Error) => {
      assert.ok(error instanceof DatabaseError);
      assert.match(error.message, /not a database/);
      return true;
    });
  });

  it('PostgreSQL: a wrong password names the server but never the password', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.password = 'not-the-password';
    await assert.rejects(openDatabase({ engine: 'postgres', url: url.toString() }), (error: Error) => {
      assert.ok(error instanceof DatabaseError);
      assert.match(error.message, /password authentication failed/);
      assert.doesNotMatch(error.message, /not-the-password/);
      return true;
    });
    assert.equal(redactUrl('postgres://u:secret@h:5432/db'), 'postgres://u:***@h:5432/db');
  });

  it('PostgreSQL: nobody listening', async () => {
    await assert.rejects(openDatabase({ engine: 'postgres', url: 'postgres://wallboard:wallboard@127.0.0.1:1/wallboard' }), /ECONNREFUSED/);
  });
});
