import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-groups-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>Groups</p>`,
})
export class GroupsPage {}
