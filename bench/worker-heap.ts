/**
 * The JS heap of a page's dedicated workers (the live lists' worker holds the socket and the Apollo cache), which
 * CDP's page metrics (`Performance.getMetrics`' JSHeapUsedSize) leave out: each worker is its own V8 isolate.
 * Playwright gives no CDP session for a worker, so this attaches to them through the page's session in CDP's
 * non-flat mode and speaks to each with `Target.sendMessageToTarget`.
 */
import type { CDPSession } from 'playwright-core';

/** How long a worker may take to answer; one that is going away answers never. */
const ANSWER_MS = 10_000;

export class WorkerHeaps {
  private readonly sessions = new Set<string>();
  private readonly pending = new Map<number, (result: Record<string, number> | null) => void>();
  private nextId = 1;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker') this.sessions.add(event.sessionId);
    });
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId) this.sessions.delete(event.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: Record<string, number>; error?: unknown };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message.result ?? null);
      this.pending.delete(message.id);
    });
  }

  /** Follows the page's workers from now on (and those it already has). */
  static async attach(cdp: CDPSession): Promise<WorkerHeaps> {
    const heaps = new WorkerHeaps(cdp);
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return heaps;
  }

  get count(): number {
    return this.sessions.size;
  }

  /** A forced garbage collection in every worker. */
  async collectGarbage(): Promise<void> {
    await Promise.all([...this.sessions].map((sessionId) => this.call(sessionId, 'HeapProfiler.collectGarbage')));
  }

  /** The workers' used JS heap, MiB (0 with no worker). */
  async usedMb(): Promise<number> {
    const usages = await Promise.all([...this.sessions].map((sessionId) => this.call(sessionId, 'Runtime.getHeapUsage')));
    return usages.reduce((sum, usage) => sum + (usage?.['usedSize'] ?? 0), 0) / 2 ** 20;
  }

  private call(sessionId: string, method: string): Promise<Record<string, number> | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, ANSWER_MS);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(null);
      });
    });
  }
}
