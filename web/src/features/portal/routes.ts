// Citizen portal (issue 4 §10): public top-level routes, no staff session; and the staff page
// that prints the 码上办 QR codes (a child of the staff shell, with its menu entry).
import type { RouteRecordRaw } from 'vue-router';
import { Postcard } from '@element-plus/icons-vue';
import type { NavItem } from '../shell/nav-item.ts';

export const portalRoutes: RouteRecordRaw[] = [
  {
    path: '/portal',
    component: () => import('./components/PortalLayout.vue'),
    meta: { public: true },
    children: [
      {
        path: '',
        name: 'portal',
        component: () => import('./pages/PortalSubmitPage.vue'),
        meta: { public: true, title: '我要反映' },
      },
      {
        path: 'done/:code([0-9A-Za-z]{4,20})',
        name: 'portal-done',
        component: () => import('./pages/PortalDonePage.vue'),
        meta: { public: true, title: '提交成功' },
      },
      {
        path: 'track/:code([0-9A-Za-z]{4,20})?',
        name: 'portal-track',
        component: () => import('./pages/PortalTrackPage.vue'),
        meta: { public: true, title: '查询进度' },
      },
    ],
  },
  // the address printed on every 受理回执 (staff-printed and self-printed alike)
  {
    path: '/track/:code([0-9A-Za-z]{4,20})',
    redirect: (to) => ({ path: `/portal/track/${String(to.params.code)}` }),
    meta: { public: true },
  },
];

export const portalStaffRoutes: RouteRecordRaw[] = [
  {
    path: 'qrcodes',
    name: 'portal-qrcodes',
    component: () => import('./pages/QrCodePage.vue'),
    meta: { title: '码上办二维码', permission: 'org.read' },
  },
];

export const portalNav: NavItem[] = [
  { path: '/qrcodes', label: '码上办二维码', icon: Postcard, permission: 'org.read' },
];
