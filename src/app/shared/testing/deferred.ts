import { DeferBlockState, type ComponentFixture, type DeferBlockFixture } from '@angular/core/testing';

/**
 * Renders every `@defer` block of a fixture, nested ones too, in its loaded state. `whenStable` does not always wait
 * for a deferred chunk's import, so a spec that reads what a block holds renders it first.
 */
export async function renderDeferred(fixture: ComponentFixture<unknown>): Promise<void> {
  const render = async (blocks: DeferBlockFixture[]) => {
    for (const block of blocks) {
      await block.render(DeferBlockState.Complete);
      await render(await block.getDeferBlocks());
    }
  };
  await render(await fixture.getDeferBlocks());
  await fixture.whenStable();
}
