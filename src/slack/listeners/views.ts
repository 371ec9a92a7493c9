/**
 * Modal submissions: parse the view state with zod, call one use case, and answer Slack with
 * field errors when the input or the core says no. A retried submission changes nothing twice.
 */
import type { AckFn, App, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { type ActionResult, actOnBomb, reportBomb } from "../../app/bomb-actions.ts";
import type { Directory } from "../../app/directory.ts";
import { views } from "../../chat/ids.ts";
import { type Rejection, reject } from "../../core/errors.ts";
import type { Locale } from "../../core/org.ts";
import type { Command } from "../../core/transitions.ts";
import { reasonText } from "../blocks/bomb-facts.ts";
import { buildBombStatus } from "../blocks/bomb-status.ts";
import { section } from "../blocks/kit.ts";
import { buildNoticeModal } from "../blocks/modals.ts";
import { personFor, renderContext, type SlackDeps } from "../context.ts";
import {
  parseAcceptSubmission,
  parseDefuseSubmission,
  parseForwardSubmission,
  parseOpenSubmission,
  parsePrivateMetadata,
  parseReopenSubmission,
  parseResolveSubmission,
  parseVerifySubmission,
  rejectionToErrors,
  type Submission,
} from "../view-submissions.ts";

type Ack = AckFn<ViewResponseAction> | AckFn<void>;

/** Registers every modal of the interaction contract. */
export function registerViews(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(views.open, async ({ ack, body, view }) => {
    const directory = deps.directory();
    const parsed = parseOpenSubmission(view, directory, deps.svc.org.locale);
    if (!parsed.ok) return void (await ack({ response_action: "errors", errors: parsed.errors }));
    const actor = { person: personFor(deps, body.user.id), now: deps.now(), via: "slack" as const };
    const meta = parsePrivateMetadata(view.private_metadata);
    // Empty metadata is a new report; anything else must name the bomb being activated, or a
    // garbled activation would file the complaint a second time.
    if (meta === null && String(view.private_metadata ?? "").trim() !== "") {
      return void (await refuseWithoutBomb(deps, ack, views.open));
    }
    const input = parsed.value;
    const result: ActionResult =
      meta === null
        ? await reportBomb(deps.svc, actor, input, `view:${view.id}`)
        : await actOnBomb(deps.svc, meta.bombId, actor, {
            type: "activate",
            customer: input.customer,
            contact: input.contact,
            complaint: input.complaint,
            source: input.source,
            departmentId: input.departmentId ?? "",
          });
    if (meta !== null) logRefusal(deps, views.open, meta.bombId, actor.person, result);
    await finish(deps, ack, result);
  });

  onBombModal(app, deps, views.accept, parseAcceptSubmission);
  onBombModal(app, deps, views.forward, parseForwardSubmission);
  onBombModal(app, deps, views.resolve, parseResolveSubmission);
  onBombModal(app, deps, views.verify, parseVerifySubmission);
  onBombModal(app, deps, views.reopen, parseReopenSubmission);
  onBombModal(app, deps, views.defuse, parseDefuseSubmission);
}

function onBombModal(
  app: App,
  deps: SlackDeps,
  callbackId: string,
  parse: (view: unknown, directory: Directory, locale: Locale) => Submission<Command>,
): void {
  app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view }) => {
    const meta = parsePrivateMetadata(view.private_metadata);
    if (meta === null) return void (await refuseWithoutBomb(deps, ack, callbackId));
    const parsed = parse(view, deps.directory(), deps.svc.org.locale);
    if (!parsed.ok) return void (await ack({ response_action: "errors", errors: parsed.errors }));
    const actor = { person: personFor(deps, body.user.id), now: deps.now(), via: "slack" as const };
    const result = await actOnBomb(deps.svc, meta.bombId, actor, parsed.value);
    logRefusal(deps, callbackId, meta.bombId, actor.person, result);
    await finish(deps, ack, result, meta.bombId);
  });
}

/** A submission refused for the submitter's role is logged, as a refused click is. */
function logRefusal(
  deps: SlackDeps,
  callbackId: string,
  bombId: number,
  person: string,
  result: ActionResult,
): void {
  if (result.ok || !result.reason.startsWith("only_")) return;
  deps.log.warn(
    `refused ${callbackId} submission on bomb #${bombId} by ${person} (${result.reason})`,
  );
}

/**
 * A modal that names no bomb we can read: said in the modal rather than closed as if it had
 * worked, since the person would think their answer was taken.
 */
async function refuseWithoutBomb(deps: SlackDeps, ack: Ack, callbackId: string): Promise<void> {
  deps.log.warn(`${callbackId}: submission without a bomb id in private_metadata`);
  await (ack as AckFn<ViewResponseAction>)({
    response_action: "update",
    view: await explain(deps, reject("not_found", { id: "?" })),
  });
}

/** Closes the modal on success; otherwise shows the errors under their fields, or the bomb as it now is. */
async function finish(
  deps: SlackDeps,
  ack: Ack,
  result: ActionResult,
  bombId?: number,
): Promise<void> {
  if (result.ok) {
    await ack();
    deps.kick();
    return;
  }
  const errors = rejectionToErrors(result, deps.svc.org.locale);
  if (errors !== null) {
    await (ack as AckFn<ViewResponseAction>)({ response_action: "errors", errors });
    return;
  }
  await (ack as AckFn<ViewResponseAction>)({
    response_action: "update",
    view: await explain(deps, result, bombId),
  });
}

/** A modal saying why nothing changed: a double click, a bomb that moved on, a missing role. */
async function explain(deps: SlackDeps, rejection: Rejection, bombId?: number) {
  const ctx = renderContext(deps);
  const reason = reasonText(rejection, ctx);
  const bomb = bombId === undefined ? null : await deps.svc.store.loadBomb(bombId);
  const status = bomb === null ? null : buildBombStatus(bomb, ctx);
  const blocks = [section(reason), ...(status?.blocks ?? [])];
  return buildNoticeModal(deps.svc.org, { text: reason, blocks });
}
