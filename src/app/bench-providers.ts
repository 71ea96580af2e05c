/**
 * Providers only a benchmark build adds: none here. `ng build --configuration bench` (angular.json) replaces this
 * file with bench/app/bench-providers.ts, which brings the comparison strategies; production bundles carry none.
 */
import type { Provider } from '@angular/core';

export const BENCH_PROVIDERS: Provider[] = [];
