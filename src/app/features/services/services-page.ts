import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RtdLive } from '../../rtd/live-query';

@Component({
  selector: 'app-services-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>status: {{ services.status() }}</p>
    @for (s of services.items(); track s.code + s.channel) {
      <div class="tile" [attr.data-service]="s.code + '/' + s.channel">
        {{ s.code }} {{ s.channel }}: queued <span data-field="queuedCalls">{{ $any(s.channelStats)?.queuedCalls }}</span>
        answered <span data-field="answeredCalls">{{ s.channelStats?.answeredCalls }}</span>
        received <span data-field="receivedCalls">{{ s.channelStats?.receivedCalls }}</span>
        ready <span data-field="readyUsers">{{ s.userStats?.readyUsers?.count }}</span>
      </div>
    }
  `,
})
export class ServicesPage {
  protected readonly services = inject(RtdLive).serviceStats({
    CALL: { services: ['service_1', 'service_2', 'service_3', 'service_4'] },
    VIDEO: { services: ['service_2', 'service_4', 'service_6'] },
    CHAT: { services: ['service_3', 'service_4', 'service_5'] },
  });
}
