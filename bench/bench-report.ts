/**
 * What benchmarks share when they report: percentiles, the machine they ran on, and their own `## …` section of
 * docs/benchmarks.md (replaced in place on a re-run, appended the first time; other sections are left alone).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCHMARKS_DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/** Nearest rank: the smallest value with at least `q` of the values at or below it; NaN when there are none. */
export function percentile(values: readonly number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** "2 cores (AMD EPYC), 23.5 GiB, Linux 6.1 x64, Node v20.20.2". */
export function machineDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpus.length} cores (${model}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}

/**
 * Replaces the section that starts with `heading` (a `## …` line) up to the next `## `, or adds it: after the section
 * headed `after` when there is one, else at the end.
 */
export function writeDocsSection(heading: string, body: string, doc = BENCHMARKS_DOC, after?: string): void {
  const section = `${heading}\n\n${body.trim()}\n`;
  const existing = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const startOf = (title: string) => (existing.startsWith(`${title}\n`) ? 0 : existing.indexOf(`\n${title}\n`) + 1);
  const start = startOf(heading);
  let updated: string;
  if (start <= 0 && !existing.startsWith(`${heading}\n`)) {
    const neighbour = after ? startOf(after) : 0;
    const next = neighbour > 0 ? existing.indexOf('\n## ', neighbour + after!.length) : -1;
    updated = next < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, next + 1)}${section}\n${existing.slice(next + 1)}`;
  } else {
    const next = existing.indexOf('\n## ', start + heading.length);
    updated = `${existing.slice(0, start)}${section}${next < 0 ? '' : `\n${existing.slice(next + 1)}`}`;
  }
  mkdirSync(dirname(doc), { recursive: true });
  writeFileSync(doc, updated);
}
