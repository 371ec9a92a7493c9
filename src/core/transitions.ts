/**
 * The bomb's life as a pure function: (bomb, command, context) → new bomb, events, messages,
 * or a rejection saying why. People act through `decide` (each command in its own file under
 * `commands/`, a report through `commands/report.ts`); the clock acts through `advance` (see
 * `schedule.ts`). This file only says which command applies in which state.
 */
import { type Bomb, isOpen } from "./bomb.ts";
import { type Accept, accept } from "./commands/accept.ts";
import { type Activate, activate } from "./commands/activate.ts";
import { type Defuse, defuse } from "./commands/defuse.ts";
import { type Dismiss, dismiss } from "./commands/dismiss.ts";
import { type Forward, forward } from "./commands/forward.ts";
import { type Reassign, reassign } from "./commands/reassign.ts";
import { type Reopen, reopen } from "./commands/reopen.ts";
import { type Resolve, resolve } from "./commands/resolve.ts";
import { type Verify, verify } from "./commands/verify.ts";
import type { Context } from "./context.ts";
import type { Done } from "./effects.ts";
import { type Rejection, reject } from "./errors.ts";
import type { CommandType } from "./roles.ts";

/** A transition that happened, or why it did not. */
export type Decision = Done | Rejection;

/** Something a person asks of a bomb. */
export type Command =
  | Activate
  | Dismiss
  | Forward
  | Accept
  | Resolve
  | Verify
  | Reopen
  | Defuse
  | Reassign;

// The roles name the commands they allow without importing this file (which imports them):
// this line fails to compile if the two lists ever differ.
const sameNames: [Command["type"], CommandType] extends [CommandType, Command["type"]]
  ? true
  : never = true;
void sameNames;

/** Applies a person's command to a bomb. */
export function decide(bomb: Bomb, command: Command, ctx: Context): Decision {
  switch (command.type) {
    case "activate":
      return bomb.state === "triage" ? activate(bomb, command, ctx) : wrongState(bomb);
    case "dismiss":
      return bomb.state === "triage" ? dismiss(bomb, command, ctx) : wrongState(bomb);
    case "forward":
      return bomb.state === "pending" ? forward(bomb, command, ctx) : wrongState(bomb);
    case "accept":
      return bomb.state === "pending" ? accept(bomb, command, ctx) : wrongState(bomb);
    case "resolve":
      return bomb.state === "accepted" || bomb.state === "pending"
        ? resolve(bomb, command, ctx)
        : wrongState(bomb);
    case "verify":
      return bomb.state === "resolved" ? verify(bomb, command, ctx) : wrongState(bomb);
    case "reopen":
      return bomb.state === "resolved" ? reopen(bomb, command, ctx) : wrongState(bomb);
    case "defuse":
      return isOpen(bomb) ? defuse(bomb, command, ctx) : wrongState(bomb);
    case "reassign":
      if (bomb.state === "pending" || bomb.state === "accepted")
        return reassign(bomb, command, ctx);
      if (bomb.state === "resolved" && bomb.commitment !== null) {
        return reassign({ ...bomb, commitment: bomb.commitment }, command, ctx);
      }
      return wrongState(bomb);
  }
}

function wrongState(bomb: Bomb): Rejection {
  return reject("wrong_state", { state: bomb.state, id: bomb.id });
}
