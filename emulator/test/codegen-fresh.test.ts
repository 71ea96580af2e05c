/**
 * The wallboard's generated GraphQL types come from contract/rtd.graphql and the app's .graphql
 * operations. They are committed; this fails when they are stale (run `npm run codegen`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { executeCodegen } from '@graphql-codegen/cli';
import config from '../../codegen.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the generated GraphQL types match the schema and the operations', { timeout: 60_000 }, async () => {
  const { result } = await executeCodegen({ ...config, cwd: root, silent: true });
  assert.ok(result.length > 0, 'codegen produced nothing');
  for (const file of result) {
    const committed = readFileSync(new URL(file.filename, `file://${root}/`), 'utf8');
    assert.ok(committed === file.content, `${file.filename} is stale: run npm run codegen`);
  }
});
