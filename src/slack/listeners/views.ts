/**
 * Modal submissions: the view state read into neutral values (zod, input by input), the
 * submit-a-form use case, and its answer to Slack: close, errors under their inputs, or the modal
 * replaced by why nothing changed. A retried submission changes nothing twice.
 */
import type { AckFn, App, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { unreadableBomb } from "../../app/interactions.ts";
import { type FormId, views } from "../../chat/ids.ts";
import { buildRefusal } from "../blocks/bomb-status.ts";
import { buildNoticeModal } from "../blocks/modals.ts";
import { personFor, renderContext, type SlackDeps, useCases } from "../context.ts";
import { formValuesOf, hasPrivateMetadata, parsePrivateMetadata } from "../view-submissions.ts";

/** Registers every modal of the interaction contract. */
export function registerViews(app: App, deps: SlackDeps): void {
  for (const formId of Object.values(views)) onSubmit(app, deps, formId);
}

function onSubmit(app: App, deps: SlackDeps, formId: FormId): void {
  app.view<ViewSubmitAction>(formId, async ({ ack, body, view }) => {
    const respond = ack as AckFn<ViewResponseAction>;
    const meta = parsePrivateMetadata(view.private_metadata);
    // Empty metadata is a new report; anything else must name a bomb we can read.
    const bombId =
      meta?.bombId ?? (hasPrivateMetadata(view.private_metadata) ? unreadableBomb : null);
    const values = formValuesOf(view, formId, deps.directory());
    const person = personFor(deps, body.user.id);
    const result = await useCases(deps).submitForm(
      person,
      formId,
      bombId,
      values,
      `view:${view.id}`,
    );
    switch (result.kind) {
      case "done":
        await ack();
        deps.kick();
        return;
      case "errors":
        await respond({ response_action: "errors", errors: result.errors });
        return;
      case "refusal": {
        const ctx = renderContext(deps);
        const view = buildNoticeModal(ctx.org, buildRefusal(result, ctx));
        await respond({ response_action: "update", view });
        return;
      }
    }
  });
}
