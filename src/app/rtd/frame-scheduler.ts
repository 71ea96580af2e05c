/** When the live data's writing runs: before the next paint on a page (no Angular, no Apollo: the page and the worker share it). */

/**
 * Runs a callback before the next frame (or at once, in tests). `late` says the tab is hidden: no frame comes and
 * nothing is painted, so the writer may take more at a time. `frameStart` is the frame's time when a frame ran it.
 */
export interface FrameScheduler {
  request(run: (late: boolean, frameStart?: number) => void): void;
}

/** How long a visible tab's frame may be missing before a timer writes instead (the tab may be hidden meanwhile). */
const FRAMES_STOPPED_MS = 1_000;

const tabHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * Before the next paint. In a hidden tab, where frames stop, by a timer at once, so a background tab (for hours)
 * never falls further behind than arrivals; a tab hidden while it waits for a frame is written within a second.
 * A visible tab whose frame is late (a long task) waits for a frame as usual: it is not hidden.
 */
export function animationFrames(): FrameScheduler {
  return {
    request(run) {
      let done = false;
      const once = (frameStart?: number) => {
        if (done) return;
        done = true;
        run(tabHidden(), frameStart);
      };
      if (typeof requestAnimationFrame !== 'function' || tabHidden()) return void setTimeout(() => once());
      requestAnimationFrame(once);
      setTimeout(() => once(), FRAMES_STOPPED_MS);
    },
  };
}

/** Everything written at once, synchronously: for tests. */
export const IMMEDIATELY: FrameScheduler = { request: (run) => run(false) };
