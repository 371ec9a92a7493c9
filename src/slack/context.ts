/** What the Slack listeners share: the services, the directory, the clock and the outbox kick. */
import type { Directory } from "../app/directory.ts";
import { type Interactions, interactions } from "../app/interactions.ts";
import type { Services } from "../app/services.ts";
import type { PersonId } from "../core/org.ts";
import type { Log } from "../log.ts";
import { viewContextOf } from "./blocks/bomb-facts.ts";
import { listRoom } from "./blocks/bomb-status.ts";

/** Dependencies of every listener. */
export interface SlackDeps {
  svc: Services;
  directory: () => Directory;
  /** Reloads the org (and the directory) if another process put a new one in force. */
  refresh?: () => Promise<unknown>;
  now: () => number;
  /** Asks the outbox to deliver now (after a change was committed). */
  kick: () => void;
  log: Log;
}

/** The org person behind a Slack user, or "slack:U…" for someone outside the org file. */
export function personFor(deps: SlackDeps, slackUserId: string): PersonId {
  return deps.directory().personAt(slackUserId);
}

/** What builders need to render for a reader. */
export function renderContext(deps: SlackDeps) {
  const { org, calendar } = deps.svc;
  return { org, calendar, directory: deps.directory(), now: deps.now() };
}

/** The use cases as Slack calls them: its dialect and surface, its list room, its log. */
export function useCases(deps: SlackDeps): Interactions {
  return interactions({
    svc: deps.svc,
    now: deps.now,
    via: "slack",
    viewContext: (now) => viewContextOf({ ...renderContext(deps), now }),
    listRoom,
    warn: (line) => deps.log.warn(line),
  });
}
