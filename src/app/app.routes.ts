import type { Routes } from '@angular/router';
import { sessionGuard } from './features/login/session-guard';

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./features/login/login-page').then((m) => m.LoginPage) },
  {
    path: '',
    canActivateChild: [sessionGuard],
    children: [
      { path: 'services', loadComponent: () => import('./features/services/services-page').then((m) => m.ServicesPage) },
      { path: 'groups', loadComponent: () => import('./features/groups/groups-page').then((m) => m.GroupsPage) },
      { path: 'agents', loadComponent: () => import('./features/agents/agents-page').then((m) => m.AgentsPage) },
      { path: 'boards', loadComponent: () => import('./features/boards/boards-page/boards-page').then((m) => m.BoardsPage) },
      { path: 'boards/:id', loadComponent: () => import('./features/boards/board-editor/board-editor').then((m) => m.BoardEditor) },
      { path: '', pathMatch: 'full', redirectTo: 'services' },
    ],
  },
  { path: '**', redirectTo: 'services' },
];
