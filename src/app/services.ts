/** What every use case works with: the database, the org and its calendar. */
import type { WorkCalendar } from "../core/calendar.ts";
import type { Org } from "../core/org.ts";
import type { Db } from "../store/database.ts";

/** The dependencies of the use cases; `org` is replaced when a new org file is loaded. */
export interface Services {
  db: Db;
  org: Org;
  calendar: WorkCalendar;
}
