/**
 * Whether a queued message is still true when it is about to be delivered. A message waits in the
 * outbox (quiet hours, a catch-up, Slack down) while the bomb moves on; one that stopped being
 * true ("it's yours" for a bomb that climbed past the recipient, a reminder for a bomb already
 * resolved) is dropped rather than sent. News of something that happened stays true.
 */
import { type Bomb, currentHolder } from "./bomb.ts";
import type { MessageKind, Params } from "./effects.ts";
import type { PersonId } from "./org.ts";

/** A queued message as the rule sees it: what kind, to whom, with what data. */
export interface QueuedMessage {
  kind: MessageKind | (string & {});
  to: PersonId;
  params: Params;
}

/**
 * True when the message is still true of the bomb as it stands now, for its recipient. Kinds
 * that are not about a bomb's state (delivery alerts, channel posts) and messages whose bomb is
 * not found are always true: this rule only withholds what it knows to be stale.
 */
export function stillTrue(message: QueuedMessage, bomb: Bomb | null): boolean {
  if (bomb === null) return true;
  const { kind, to, params } = message;
  const pendingWith = (person: unknown) =>
    bomb.state === "pending" && bomb.assignment.holder === person;
  const commitment = bomb.state === "accepted" ? bomb.commitment : null;
  switch (kind) {
    case "triage_request":
      return bomb.state === "triage";
    // "It's yours, answer it": while they hold it unanswered.
    case "bomb_assigned":
    case "bomb_escalated":
    case "bomb_forwarded":
      return pendingWith(to);
    // "Not answered: it climbed to X" / "still unanswered at the top (X)": while X holds it.
    case "bomb_unanswered":
      return pendingWith(params.to);
    case "unanswered_at_top":
      return pendingWith(params.holder);
    // The commitment they were told about still stands, unresolved, with the same date.
    case "commitment_reminder":
    case "bomb_reopened":
      return (
        commitment !== null && commitment.owner === to && commitment.dueDate === params.dueDate
      );
    case "commitment_overdue":
      return (
        commitment !== null &&
        commitment.owner === params.owner &&
        commitment.dueDate === params.dueDate
      );
    case "visit_assigned":
      return commitment !== null && commitment.visitBy === to;
    // Verify or reopen: while it waits for the loyalty managers.
    case "bomb_resolved":
      return bomb.state === "resolved";
    // To the person it moved to it says "it's yours"; to the others it is news.
    case "bomb_reassigned":
      return params.to !== to || currentHolder(bomb) === to;
    default:
      return true;
  }
}
