/**
 * The service or group a kiosk's "today" slide shows (contract/playlist-format.ts): the kiosk provides it to the
 * Today view as it provides BOARD_ON_SCREEN; in the browser the URL names it. A file of its own, so the kiosk's first
 * load carries the token and none of the view.
 */
import { InjectionToken, type Signal } from '@angular/core';
import type { TodaySubject } from '../../../../contract/playlist-format';

export const TODAY_ON_SCREEN = new InjectionToken<Signal<TodaySubject | null>>('the service or group a today slide shows');
