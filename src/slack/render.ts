/** Renders outbox rows into DMs with the Block Kit builders, from the bomb as it stands now. */
import type { Directory } from "../app/directory.ts";
import type { Services } from "../app/services.ts";
import { buildBombMessage } from "./blocks/bomb-message.ts";
import type { RenderMessage } from "./slack-sender.ts";

/** A renderer over the live services and directory (both may change on an org reload). */
export function messageRenderer(
  svc: Services,
  directory: () => Directory,
  now: () => number = Date.now,
): RenderMessage {
  return (input) =>
    buildBombMessage(input, {
      org: svc.org,
      calendar: svc.calendar,
      directory: directory(),
      now: now(),
    });
}
