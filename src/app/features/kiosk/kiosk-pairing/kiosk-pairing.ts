/**
 * The pairing screen of a TV without a kiosk link: the code, large enough to read across the room, what to do
 * with it, and the time left (a new code comes by itself when it runs out). Loaded only when shown (`@defer`).
 */
import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, input } from '@angular/core';
import { type PairingStarted, formatPairingCode } from '../../../../../contract/playlist-format';
import { I18n } from '../../../i18n/i18n';
import { Clock } from '../../../shared/clock';
import type { PairingProblem } from '../kiosk-display';
import { timeLeft } from '../kiosk-display-view';

@Component({
  selector: 'app-kiosk-pairing',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-pairing.html',
  styleUrl: './kiosk-pairing.scss',
})
export class KioskPairing {
  protected readonly i18n = inject(I18n);
  private readonly clock = inject(Clock);
  readonly pairing = input<PairingStarted | null>(null);
  readonly problem = input<PairingProblem | null>(null);

  protected readonly displaysUrl = `${inject(DOCUMENT).location.origin}/displays`;
  protected readonly code = computed(() => {
    const pairing = this.pairing();
    return pairing ? formatPairingCode(pairing.code) : null;
  });
  protected readonly left = computed(() => {
    const pairing = this.pairing();
    return pairing ? timeLeft(pairing.expiresAt, this.clock.now()) : null;
  });
  protected readonly retryIn = computed(() => {
    const problem = this.problem();
    return problem?.kind === 'tooMany' ? Math.max(0, Math.ceil((problem.retryAt - this.clock.now()) / 1000)) : null;
  });
}
