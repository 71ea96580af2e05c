import { type ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideAppUpdates } from './app-updates';
import { routes } from './app.routes';
import { BENCH_PROVIDERS } from './bench-providers';
import { provideRtd } from './rtd/rtd-client';

export const appConfig: ApplicationConfig = {
  providers: [provideBrowserGlobalErrorListeners(), provideRouter(routes, withComponentInputBinding()), ...provideRtd(), provideAppUpdates(), ...BENCH_PROVIDERS],
};
