import fc from 'fast-check';
import { naturalOrderIgnoringCase } from './natural-order';
import { SortedOrder } from './sorted-order';

interface Agent {
  username: string;
  status: string;
}

const compare = (a: Agent, b: Agent) => naturalOrderIgnoringCase(a.status, b.status) || naturalOrderIgnoringCase(a.username, b.username);
const agents = fc.uniqueArray(fc.record({ username: fc.stringMatching(/^u[0-9]{1,3}$/), status: fc.constantFrom('READY', 'BUSY', 'NOT_READY', 'WNR') }), {
  selector: (a) => a.username,
  maxLength: 60,
});

describe('SortedOrder', () => {
  it('gives the same order as a full sort after any sequence of changes, arrivals and departures', () => {
    fc.assert(
      fc.property(fc.array(agents, { minLength: 1, maxLength: 8 }), (steps) => {
        const order = new SortedOrder<Agent>();
        for (const step of steps) {
          const sorted = order.sort(
            step,
            (a) => a.username,
            (a) => a.status,
            compare,
          );
          expect(sorted).toEqual([...step].sort(compare));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('compares only the items that moved when few changed', () => {
    const many: Agent[] = Array.from({ length: 1_000 }, (_, i) => ({ username: `u${i}`, status: i % 2 ? 'READY' : 'BUSY' }));
    let comparisons = 0;
    const counting = (a: Agent, b: Agent) => (comparisons++, compare(a, b));
    const order = new SortedOrder<Agent>();
    order.sort(
      many,
      (a) => a.username,
      (a) => a.status,
      counting,
    );
    comparisons = 0;
    const next = many.map((a, i) => (i === 7 ? { ...a, status: 'WNR' } : a));
    const sorted = order.sort(
      next,
      (a) => a.username,
      (a) => a.status,
      counting,
    );
    expect(sorted).toEqual([...next].sort(compare));
    expect(comparisons).toBeLessThan(20);
  });
});
