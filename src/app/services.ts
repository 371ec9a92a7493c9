/** What every use case works with: the store, the org and its calendar. */
import type { WorkCalendar } from "../core/calendar.ts";
import type { Org } from "../core/org.ts";
import type { Store } from "../store/store.ts";

/**
 * The dependencies of the use cases. In a long-running process `org` and `calendar` are replaced
 * in place when another process puts a new org in force (see `live-org.ts`).
 */
export interface Services {
  store: Store;
  org: Org;
  calendar: WorkCalendar;
}
