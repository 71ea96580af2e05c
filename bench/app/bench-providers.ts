/**
 * Replaces src/app/bench-providers.ts in the bench build configuration (angular.json): the live list strategies the
 * benchmark compares the app with, picked by the page's `?live=` parameter.
 */
import type { Provider } from '@angular/core';
import { BENCH_LIVE_LIST_PROVIDERS } from './live-strategies';

export const BENCH_PROVIDERS: Provider[] = [...BENCH_LIVE_LIST_PROVIDERS];
