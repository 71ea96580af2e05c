import type { Routes } from '@angular/router';
import { sessionGuard } from './features/login/session-guard';

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./features/login/login-page').then((m) => m.LoginPage) },
  // The kiosk logs in by itself with the token of its link: no guard, no shell.
  { path: 'kiosk', loadComponent: () => import('./features/kiosk/kiosk-page').then((m) => m.KioskPage) },
  { path: 'kiosk/:board', loadComponent: () => import('./features/kiosk/kiosk-page').then((m) => m.KioskPage) },
  {
    path: '',
    canActivateChild: [sessionGuard],
    children: [
      { path: 'services', loadComponent: () => import('./features/services/services-page').then((m) => m.ServicesPage) },
      { path: 'groups', loadComponent: () => import('./features/groups/groups-page').then((m) => m.GroupsPage) },
      { path: 'agents', loadComponent: () => import('./features/agents/agents-page').then((m) => m.AgentsPage) },
      { path: 'boards', loadComponent: () => import('./features/boards/boards-page/boards-page').then((m) => m.BoardsPage) },
      { path: 'boards/:id', loadComponent: () => import('./features/boards/board-editor/board-editor').then((m) => m.BoardEditor) },
      { path: 'today/:kind/:code/:channel', loadComponent: () => import('./features/today/today-page').then((m) => m.TodayPage) },
      { path: 'displays', loadComponent: () => import('./features/displays/displays-page/displays-page').then((m) => m.DisplaysPage) },
      { path: '', pathMatch: 'full', redirectTo: 'services' },
    ],
  },
  { path: '**', redirectTo: 'services' },
];
