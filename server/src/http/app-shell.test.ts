/**
 * The built files as a browser gets them: the precompressed copy it accepts (Brotli first, then gzip, else the file),
 * and never a copy older than its file (a file changed after the build is sent as it is now).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { precompress } from '../../../scripts/precompress.mjs';
import { serveBuiltApp } from './app-shell.ts';

const SCRIPT = `export const figures = [${Array.from({ length: 400 }, (_, i) => `'service_${i}'`).join(', ')}];\n`;

describe('the built files, precompressed', () => {
  let dist: string;
  let origin: string;
  let close: () => void;

  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'rtd-app-shell-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><app-root></app-root>');
    writeFileSync(join(dist, 'main-ABCD1234.js'), SCRIPT);
    writeFileSync(join(dist, 'sw.js'), SCRIPT);
    precompress(dist);
    // sw.js changed by hand after the build: its copies are an hour older than it.
    writeFileSync(join(dist, 'sw.js'), `${SCRIPT}// patched\n`);
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const copy of ['sw.js.br', 'sw.js.gz']) utimesSync(join(dist, copy), hourAgo, hourAgo);
    const app = express();
    serveBuiltApp(app, dist, '<!doctype html><app-root></app-root>');
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  after(() => {
    close?.();
    rmSync(dist, { recursive: true, force: true });
  });

  /** GET with an Accept-Encoding, the body as bytes (fetch would decode it). */
  function get(path: string, acceptEncoding?: string, method = 'GET') {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      request(`${origin}${path}`, { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
  }

  it('Brotli for a browser that accepts it among others, gzip for one that takes only gzip, the file for one that asks nothing', async () => {
    const brotli = await get('/main-ABCD1234.js', 'gzip, deflate, br, zstd');
    assert.equal(brotli.status, 200);
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.match(String(brotli.headers['content-type']), /javascript/);
    assert.match(String(brotli.headers.vary), /Accept-Encoding/i);
    assert.equal(brotli.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(brotliDecompressSync(brotli.body).toString(), SCRIPT);

    const gzip = await get('/main-ABCD1234.js', 'gzip');
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.body).toString(), SCRIPT);
    assert.equal((await get('/main-ABCD1234.js', 'br;q=0, gzip;q=0.5')).headers['content-encoding'], 'gzip', 'a refused Brotli is not sent');

    const plain = await get('/main-ABCD1234.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), SCRIPT);
    const head = await get('/main-ABCD1234.js', 'br', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(head.body.length, 0);
  });

  it('a file changed after its copies were written is sent as it is now, never as the stale copy', async () => {
    for (const acceptEncoding of ['gzip, deflate, br', 'gzip', undefined]) {
      const answer = await get('/sw.js', acceptEncoding);
      assert.equal(answer.status, 200);
      const encoding = answer.headers['content-encoding'];
      const body = encoding === 'br' ? brotliDecompressSync(answer.body) : encoding === 'gzip' ? gunzipSync(answer.body) : answer.body;
      assert.match(body.toString(), /\/\/ patched\n$/, `Accept-Encoding: ${acceptEncoding}`);
      assert.equal(answer.headers['cache-control'], 'no-cache');
    }
  });

  it('a copy deleted after the start: the file itself, never an empty answer labelled Brotli', async () => {
    rmSync(join(dist, 'main-ABCD1234.js.gz'));
    const gzip = await get('/main-ABCD1234.js', 'gzip');
    assert.equal(gzip.status, 200);
    // Compressed on the fly then, or not at all: either way the body is the file.
    assert.equal((gzip.headers['content-encoding'] === 'gzip' ? gunzipSync(gzip.body) : gzip.body).toString(), SCRIPT);
    assert.match(String(gzip.headers['content-type']), /javascript/);
    assert.equal((await get('/main-ABCD1234.js', 'br')).headers['content-encoding'], 'br', 'the copies still there are still used');
  });

  it('a path that does not decode, or a missing file, is 404 whatever the browser accepts, and the server goes on', async () => {
    assert.equal((await get('/main-ABCD1234.js%E0%A4%A', 'br')).status, 404);
    assert.equal((await get('/missing.js', 'br')).status, 404);
    assert.equal((await get('/main-ABCD1234.js', 'br')).status, 200, 'and the server goes on answering');
  });
});
