/**
 * For the boards pages: the board on screen, with the URL kept naming it (so the address bar is always a link
 * to this board) and a first board made for a new user. Call it in an injection context.
 */
import { type Signal, computed, effect, inject, untracked } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import type { BoardDefinition } from './board';
import { BOARD_PARAM, BoardStore } from './board-store';
import { BOARD_ON_SCREEN } from './board-on-screen';

export function activeBoard(): Signal<BoardDefinition | null> {
  const store = inject(BoardStore);
  const onScreen = inject(BOARD_ON_SCREEN, { optional: true });
  if (onScreen) {
    // A kiosk slide: its board, whatever the URL says.
    return computed(() => store.boards().find((board) => board.id === onScreen()) ?? null);
  }
  const router = inject(Router);
  const route = inject(ActivatedRoute);
  void store.ensureStartingBoard().catch(() => undefined);
  effect(() => {
    const board = store.active();
    if (!board) return;
    untracked(() => {
      store.remember(board.id);
      if (store.requestedId() !== board.id) {
        void router.navigate([], { relativeTo: route, queryParams: { [BOARD_PARAM]: board.id }, queryParamsHandling: 'merge', replaceUrl: true });
      }
    });
  });
  return store.active;
}
