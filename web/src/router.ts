import { createRouter, createWebHistory } from 'vue-router';
import type { TPermission } from '@fengqiao/contracts';
import { setUnauthorizedHandler } from './api/client.ts';
import { can, clearSession, loadSession } from './features/auth/composables/use-session.ts';
import { NAV_ITEMS } from './features/shell/nav.ts';
import { adminRoutes } from './features/admin/routes.ts';
import { analyticsRoutes } from './features/analytics/routes.ts';
import { gridRoutes } from './features/grid/routes.ts';
import { portalRoutes, portalStaffRoutes } from './features/portal/routes.ts';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Reachable without a session (the login flow). */
    public?: boolean;
    /** Hidden and redirected away when /api/me lacks it; the server checks it again. */
    permission?: TPermission;
    /** Shows personal data: the page carries the viewer's watermark. */
    pii?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: '/login',
      component: () => import('./features/auth/pages/LoginPage.vue'),
      meta: { public: true, title: '登录' },
    },
    {
      path: '/',
      component: () => import('./features/shell/components/AppShell.vue'),
      children: [
        {
          path: '',
          name: 'workbench',
          component: () => import('./features/matters/pages/WorkbenchPage.vue'),
          meta: { title: '工作台', permission: 'matter.read' },
        },
        {
          path: 'intake',
          name: 'intake',
          component: () => import('./features/matters/pages/IntakePage.vue'),
          meta: { title: '一窗受理', permission: 'matter.register', pii: true },
        },
        {
          path: 'matters',
          name: 'matters',
          component: () => import('./features/matters/pages/MatterListPage.vue'),
          meta: { title: '事项列表', permission: 'matter.read', pii: true },
        },
        {
          path: 'matters/:id(\\d+)',
          name: 'matter',
          component: () => import('./features/matters/pages/MatterDetailPage.vue'),
          meta: { title: '事项详情', permission: 'matter.read', pii: true },
        },
        {
          path: 'org',
          name: 'org',
          component: () => import('./features/org/pages/OrgBrowserPage.vue'),
          meta: { title: '组织架构', permission: 'org.read' },
        },
        ...analyticsRoutes,
        ...adminRoutes,
        ...portalStaffRoutes,
      ],
    },
    ...gridRoutes,
    ...portalRoutes,
    { path: '/:rest(.*)', redirect: '/' },
  ],
});

/** Where a user lands when the page asked for is not theirs: the first menu entry they may use. */
function homeFor(): string {
  return NAV_ITEMS.find((item) => can(item.permission))?.path ?? '/login';
}

router.beforeEach(async (to) => {
  if (to.meta.public === true) {
    return true;
  }
  const me = await loadSession();
  if (me === null || me.stage !== 'active') {
    return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.meta.permission !== undefined && !can(to.meta.permission)) {
    const home = homeFor();
    return home === to.path ? true : home;
  }
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title === undefined ? '枫桥' : `${to.meta.title} · 枫桥`;
});

setUnauthorizedHandler(() => {
  clearSession();
  const here = router.currentRoute.value;
  if (here.meta.public !== true) {
    void router.replace({ path: '/login', query: { redirect: here.fullPath, expired: '1' } });
  }
});
