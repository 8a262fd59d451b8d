// Loaded with the router (via ../routes.ts), so it holds for every layout, not only the mobile
// pages: an explicit logout wipes the outbox from the device, and a different user's sign-in
// drops the previous user's waiting reports before anything could send them.
import { watch } from 'vue';
import { onSignOut, useSession } from '../../auth/composables/use-session.ts';
import { clearReports, discardOtherUsers } from './queue-db.ts';
import { useReportQueue } from './report-queue.ts';

let installed = false;

export function installQueueGuard(): void {
  if (installed) {
    return;
  }
  installed = true;
  onSignOut(async () => {
    useReportQueue().reset();
    await clearReports();
  });
  const { me } = useSession();
  watch(
    () => (me.value?.stage === 'active' ? me.value.id : null),
    (id) => {
      if (id !== null) {
        void discardOtherUsers(id).catch(() => undefined);
      }
    },
  );
}
