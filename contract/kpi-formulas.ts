/**
 * The contact-centre formulas, written once: the wallboard's tiles and the emulator's custom stats both import
 * them. Each returns null when there is nothing to divide by, so "no calls yet" never reads as 0 % or 100 %.
 */

/** Service level (%): calls answered within the speed-of-answer threshold over calls answered. */
export function serviceLevelPercent(answeredUnderSpeedLimit: number, answered: number): number | null {
  return answered > 0 ? (100 * answeredUnderSpeedLimit) / answered : null;
}

/** Abandon rate (%): calls the caller hung up on over the calls that left the queue (answered or abandoned). */
export function abandonRatePercent(abandoned: number, answered: number): number | null {
  const finished = abandoned + answered;
  return finished > 0 ? (100 * abandoned) / finished : null;
}
