import { type ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideAppUpdates } from './app-updates';
import { routes } from './app.routes';
import { provideRtd } from './rtd/rtd-client';

export const appConfig: ApplicationConfig = {
  providers: [provideBrowserGlobalErrorListeners(), provideRouter(routes, withComponentInputBinding()), ...provideRtd(), provideAppUpdates()],
};
