/** What every use case works with: the database, the org and its calendar. */
import type { WorkCalendar } from "../core/calendar.ts";
import type { Org } from "../core/org.ts";
import type { Db } from "../store/database.ts";

/**
 * The dependencies of the use cases. In a long-running process `org` and `calendar` are replaced
 * in place when another process puts a new org in force (see `live-org.ts`).
 */
export interface Services {
  db: Db;
  org: Org;
  calendar: WorkCalendar;
}
