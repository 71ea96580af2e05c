/** Sends a visitor without a working session to /login, remembering where they were going. */
import { inject } from '@angular/core';
import { type CanActivateChildFn, Router } from '@angular/router';
import { Session } from '../../rtd/session';

export const sessionGuard: CanActivateChildFn = async (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  if (session.loggedIn() || (await session.restore())) return true;
  // A kiosk has nobody to log in: it stays, and its session opens by itself (Session.kioskTokenRejected tells
  // when the server refuses the token).
  if (session.kioskMode()) return true;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};
