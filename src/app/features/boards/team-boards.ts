/**
 * The team's boards on the wallboard server (/api/boards, server/src/boards/): what the app sends and gets back.
 * A refusal stays an ApiFailure; a stale save's comes with the board as it is now (`current`).
 */
import { Injectable, inject } from '@angular/core';
import { ApiFailure, WallboardApi } from '../../wallboard-server/wallboard-api';
import type { BoardDefinition, TeamBoard, TeamBoardVersion, UploadOutcome } from '../../../../contract/board-format';

export type { TeamBoard, TeamBoardVersion, UploadOutcome };

/** The board someone else saved meanwhile, when a save or delete was refused as stale; null for other refusals. */
export function conflictOf(error: unknown): TeamBoard | null {
  if (!(error instanceof ApiFailure) || error.code !== 'VERSION_CONFLICT') return null;
  const current = error.details['current'] as TeamBoard | undefined;
  return current && typeof current.version === 'number' ? current : null;
}

@Injectable({ providedIn: 'root' })
export class TeamBoardsApi {
  private readonly api = inject(WallboardApi);

  list(): Promise<TeamBoard[]> {
    return this.api.request('GET', '/boards');
  }

  /** Creates (`baseVersion` null) or changes a board from the version the editor started from. */
  save(board: BoardDefinition, baseVersion: number | null): Promise<TeamBoard> {
    return this.api.request('PUT', `/boards/${encodeURIComponent(board.id)}`, { board, baseVersion });
  }

  remove(id: string, baseVersion: number): Promise<void> {
    return this.api.request('DELETE', `/boards/${encodeURIComponent(id)}?baseVersion=${baseVersion}`);
  }

  upload(boards: readonly BoardDefinition[]): Promise<UploadOutcome> {
    return this.api.request('POST', '/boards/upload', { boards });
  }

  versions(id: string): Promise<TeamBoardVersion[]> {
    return this.api.request('GET', `/boards/${encodeURIComponent(id)}/versions`);
  }

  restore(id: string, version: number, baseVersion: number): Promise<TeamBoard> {
    return this.api.request('POST', `/boards/${encodeURIComponent(id)}/restore`, { version, baseVersion });
  }
}
