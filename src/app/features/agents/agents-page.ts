import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-agents-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>Agents</p>`,
})
export class AgentsPage {}
