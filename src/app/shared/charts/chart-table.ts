/** A chart's values as a visually hidden table: what screen readers read, and the hooks tests read. */
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ChartView } from './chart-view';

@Component({
  selector: 'app-chart-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'visually-hidden' },
  template: `
    <table>
      <caption>
        {{
          view().title
        }}
      </caption>
      <tbody>
        @for (datum of view().data; track datum.key) {
          <tr [attr.data-key]="datum.key" [attr.data-value]="datum.value">
            <th scope="row">{{ datum.label }}</th>
            <td>{{ datum.display }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class ChartTable {
  readonly view = input.required<ChartView>();
}
