// The mobile pages' loaders, shared by the routes and by the layout, which fetches them all once
// it is up: a worker who loses coverage can still move between the pages (a lazy chunk cannot
// be fetched offline).
export const GRID_PAGES = {
  home: () => import('./pages/GridHomePage.vue'),
  report: () => import('./pages/ReportPage.vue'),
  tasks: () => import('./pages/TasksPage.vue'),
  task: () => import('./pages/TaskDetailPage.vue'),
  checkin: () => import('./pages/CheckinPage.vue'),
  me: () => import('./pages/MePage.vue'),
  login: () => import('../auth/pages/LoginPage.vue'),
};

export async function preloadGridPages(): Promise<void> {
  await Promise.all(Object.values(GRID_PAGES).map((load) => load().catch(() => undefined)));
}
