/**
 * The displays part of /api: playlists, the display RTD token, pairing, the fleet (supervisors) and the TV's own
 * routes. Mounted by api-router.ts.
 */
import express, { type Router } from 'express';
import type { ApiParts } from '../api/api-parts.ts';
import { rtdWhoIs } from '../rtd/rtd-upstream.ts';
import { AttemptLimits } from '../api/attempt-limits.ts';
import type { DisplaysContext } from './context.ts';
import { displayTokenRouter } from './display-token.ts';
import { displayRouter, displaysRouter, OfflineWatch } from './displays.ts';
import { pairingRouter } from './pairing.ts';
import { playlistsRouter } from './playlists.ts';

export function displaysApi(parts: ApiParts): Router {
  const now = parts.now ?? Date.now;
  const ctx: DisplaysContext = {
    db: parts.db,
    hub: parts.hub,
    sessions: parts.sessions,
    displays: parts.displays,
    whoIs: rtdWhoIs(parts.rtdUpstream),
    limits: new AttemptLimits(parts.db, now),
    now,
  };
  // A revoke or a new display token on any instance: this one forgets the credentials and token it remembered, so
  // a revoked TV is shut out everywhere as soon as the event arrives (not only when the short cache runs out).
  parts.hub.subscribe((event) => {
    if (event === 'resync' || event.topic === 'settings' || (event.topic === 'displays' && event.action === 'revoked')) parts.displays.forget();
  });
  const watch = new OfflineWatch(ctx, parts.log ?? (() => {}));
  const router = express.Router();
  router.use('/playlists', playlistsRouter(ctx));
  router.use('/settings/display-token', displayTokenRouter(ctx));
  router.use('/pairing', pairingRouter(ctx));
  router.use('/displays', displaysRouter(ctx, watch));
  router.use('/display', displayRouter(ctx, watch));
  return router;
}
