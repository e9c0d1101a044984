/**
 * The workbench's route table: each navigation entry (navigation.tsx) with its page, loaded when first opened.
 * Only the router (App.tsx) and the page guard use it; everything else reads navigation.tsx.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { WORKBENCH_ENTRIES, type WorkbenchEntry, type WorkbenchPath } from './navigation.js';

export interface WorkbenchRoute extends WorkbenchEntry {
  readonly Page: LazyExoticComponent<ComponentType>;
}

const PAGES: Readonly<Record<WorkbenchPath, LazyExoticComponent<ComponentType>>> = {
  '/': lazy(() => import('./pages/home/index.js')),
  '/reviews': lazy(() => import('./pages/reviews/index.js')),
  '/demands': lazy(() => import('./pages/demands/index.js')),
  '/projects': lazy(() => import('./pages/projects/index.js')),
  '/demands/:id': lazy(() => import('./pages/demand-detail/index.js')),
  '/projects/:id': lazy(() => import('./pages/project-detail/index.js')),
  '/overdue': lazy(() => import('./pages/overdue/index.js')),
  '/statistics': lazy(() => import('./pages/statistics/index.js')),
  '/funds': lazy(() => import('./pages/funds/index.js')),
  '/plans': lazy(() => import('./pages/plans/index.js')),
  '/org': lazy(() => import('./pages/org/index.js')),
  '/calendar': lazy(() => import('./pages/calendar/index.js')),
  '/users': lazy(() => import('./pages/users/index.js')),
  '/audit': lazy(() => import('./pages/audit/index.js')),
  '/profile': lazy(() => import('./pages/profile/index.js')),
  '/password': lazy(() => import('./pages/password/index.js')),
};

export const WORKBENCH_ROUTES: readonly WorkbenchRoute[] = WORKBENCH_ENTRIES.map((entry) => ({ ...entry, Page: PAGES[entry.path] }));
