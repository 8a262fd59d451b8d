// Grid worker's mobile pages (issue 4 §9): top-level routes with their own mobile layout.
import type { RouteRecordRaw } from 'vue-router';
import { installQueueGuard } from './offline/queue-guard.ts';
import { GRID_PAGES } from './pages.ts';

// the outbox is wiped on any explicit logout, whichever layout the worker signed out from
installQueueGuard();

export const gridRoutes: RouteRecordRaw[] = [
  {
    path: '/grid',
    component: () => import('./components/MobileLayout.vue'),
    children: [
      {
        path: '',
        name: 'grid-home',
        component: GRID_PAGES.home,
        meta: { title: '网格工作', permission: 'matter.read' },
      },
      {
        path: 'report',
        name: 'grid-report',
        component: GRID_PAGES.report,
        meta: { title: '事件上报', permission: 'matter.register' },
      },
      {
        path: 'tasks',
        name: 'grid-tasks',
        component: GRID_PAGES.tasks,
        meta: { title: '我的任务', permission: 'matter.read', pii: true },
      },
      {
        path: 'tasks/:id(\\d+)',
        name: 'grid-task',
        component: GRID_PAGES.task,
        meta: { title: '任务详情', permission: 'matter.read', pii: true },
      },
      {
        path: 'checkin',
        name: 'grid-checkin',
        component: GRID_PAGES.checkin,
        meta: { title: '日排查签到', permission: 'matter.register' },
      },
      {
        path: 'me',
        name: 'grid-me',
        component: GRID_PAGES.me,
        meta: { title: '我的', permission: 'matter.read' },
      },
    ],
  },
];
