/**
 * What the bot does with the activities Teams posts to it, once the SDK has checked their
 * token. Every route is one parse (the activity → a request, or nothing), one call (the app's
 * interaction use case) and one render (the result → a card in the person's 1:1 chat, never a
 * channel, or the body of the invoke's answer).
 *
 * Routed here: the command words in the 1:1 chat or with an @mention (`runCommand`, and
 * `home`/`inicio` → `openHome`); a button that needs a form (`task/fetch` → `pressButton` → the
 * dialog); a dialog's submission (`task/submit` → `submitForm`: errors under the field, or one
 * line); a button that needs none (`Action.Execute`, the verb its interaction id); the
 * `bomba_open` message-extension action, whose dialog submits as `composeExtension/submitAction`;
 * and the first contact after installation (`installationUpdate` add, or a `conversationUpdate`
 * that adds the bot), answered with the help card in the org's language.
 *
 * The person is the org person whose Teams address is `from.aadObjectId` (someone outside the org
 * file is an external id of the directory's platform). An activity without one is answered with
 * nothing done.
 */
import { randomUUID } from "node:crypto";
import type { Directory } from "../app/directory.ts";
import {
  bombIdOf,
  type InteractionResult,
  type Interactions,
  interactions,
  unreadableBomb,
} from "../app/interactions.ts";
import type { Services } from "../app/services.ts";
import { type ActionId, actions, type FormId, views } from "../chat/ids.ts";
import { type FormValues, inputKinds, inputsOf } from "../chat/submission.ts";
import type { Locale, PersonId } from "../core/org.ts";
import { teamsCatalog } from "../i18n/teams-catalog.ts";
import {
  type DialogMessage,
  dialogMessage,
  type ExecuteMessage,
  executeMessage,
  formDialog,
  formDialogAgain,
  helpCard,
  lineCard,
  refusalCard,
  refusalDialog,
  refusalLine,
} from "./answers.ts";
import type { AdaptiveCard } from "./cards/adaptive.ts";
import { cardAttachment } from "./cards/adaptive.ts";
import {
  buildDetailCard,
  buildHelpCard,
  buildHomeCard,
  buildListCard,
  buildNewReportCard,
  LIST_ROOM,
} from "./cards/answer-cards.ts";
import { buildDigestCards, buildReportCards } from "./cards/channel-cards.ts";
import { type CardContext, viewContextOf } from "./cards/context.ts";
import type { DialogContinue, FormErrors } from "./cards/form-card.ts";
import type { Connector, OutgoingActivity } from "./connector.ts";
import type { HomeCards } from "./home-cards.ts";

/**
 * The parts of an activity the routes read, typed as what may arrive: a field Teams (or anyone
 * holding a good token) sends in another shape reads as absent.
 */
export interface InboundActivity {
  type?: unknown;
  id?: unknown;
  text?: unknown;
  from?: unknown;
  recipient?: unknown;
  conversation?: unknown;
  membersAdded?: unknown;
  value?: unknown;
}

/** `value[key]` when it is a non-empty string. */
function stringAt(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field !== "" ? field : undefined;
}

/** `value[key]` when `value` is an object (an own key only: the payload names the keys). */
function fieldAt(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** What the routes need. */
export interface InboundDeps {
  /** The language of the org in force. */
  locale: () => Locale;
  connector: Connector;
  /** The bot's clock (the first-contact greeting is said once in a while). */
  now: () => number;
  /** Where a failed answer is told (it never reaches the person, nor crashes the server). */
  warn: (message: string, error?: unknown) => void;
  /** The services over the org in force (its `org` and `calendar` follow a reload). */
  svc: Services;
  /** Who is who in Teams, as of the last reload. */
  directory: () => Directory;
  /** Asks the outbox to deliver now (after a change was committed). */
  kick: () => void;
  /** The "what I hold" cards kept up to date: told of each one `inicio` answers. */
  homes?: HomeCards;
}

/** A message's text, parsed: the help, the home card, or words for the command use case. */
export type CommandRequest =
  | { command: "help" }
  | { command: "home" }
  | { command: "run"; text: string };

/** The words of the home card, in both languages (the others are the shared command words). */
const homeWords = new Set(["home", "inicio"]);

/** The help's words: whatever follows them ("help me"), the help is what was asked for. */
const helpWords = new Set(["help", "ayuda", "?"]);

/**
 * The request a message's text makes: the @mention of the bot (`<at>Correo Bomba</at>`, which
 * Teams puts in a channel message's text) and any markup left out, then its words. An empty
 * message (a sticker, an image) is answered with the help: Teams has no form to open from it.
 */
export function parseCommand(text: unknown): CommandRequest {
  const plain = (typeof text === "string" ? text : "")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  const word = plain.split(" ")[0]?.toLowerCase() ?? "";
  if (word === "" || helpWords.has(word)) return { command: "help" };
  if (homeWords.has(word) && plain.split(" ").length === 1) return { command: "home" };
  return { command: "run", text: plain };
}

/** The form a button opens: the report form for triage's Activate, else the button's own. */
function formOfAction(action: ActionId): FormId | null {
  if (action === actions.triageActivate) return views.open;
  if (action === actions.triageDismiss) return null;
  return action;
}

/** The button a form was opened from, to show it again: Activate for a report with a bomb. */
function actionOfForm(form: FormId, bombId: number | null): ActionId | null {
  if (form === views.open) return bombId === null ? null : actions.triageActivate;
  return form;
}

const actionIds = new Set<string>(Object.values(actions));
const formIds = new Set<string>(Object.values(views));

/** The `task/submit` data's inputs of `form` as the use case's values, people as person ids. */
export function dialogValues(data: unknown, form: FormId, directory: Directory): FormValues {
  const values: FormValues = {};
  for (const name of inputsOf(form)) {
    // An input the form did not have is absent, not empty: the department says where it goes.
    const raw = fieldAt(data, name);
    if (raw === undefined) continue;
    const text = typeof raw === "string" && raw.trim() !== "" ? raw : null;
    switch (inputKinds[form][name]) {
      case "person":
        // The people picker gives Entra object ids.
        values[name] = text === null ? null : directory.personAt(text.trim());
        break;
      default:
        // The forward target's choices are person ids already; the use case checks them.
        values[name] = text;
    }
  }
  return values;
}

/** A dialog's key as the bot makes them (`randomUUID`); anything else is not one of ours. */
const DIALOG_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What makes a submission one: the dialog it came from, which its submit button names (Teams
 * retries an invoke it got no answer to within 15 s, the second time with a new activity id;
 * a person may press Submit twice), else the activity's id.
 */
export function submissionKey(data: unknown, activityId: string | undefined): string {
  const dialog = fieldAt(data, "dialog");
  if (typeof dialog === "string" && DIALOG_KEY.test(dialog)) return `teams:dialog:${dialog}`;
  return `teams:${activityId ?? "?"}`;
}

/** A greeting that repeats within this window is the same installation told twice. */
export const GREETING_WINDOW_MS = 10 * 60_000;

/** The inbound routes over `deps`. */
export function inboundRoutes(deps: InboundDeps) {
  const greeted = new Map<string, number>();

  /** What card builders need, as of now. */
  const cardContext = (): CardContext => {
    const directory = deps.directory();
    return {
      org: deps.svc.org,
      calendar: deps.svc.calendar,
      now: deps.now(),
      teamsUserOf: (person) => directory.addressOf(person),
    };
  };

  /** The use cases as Teams calls them: its dialect and surface, its list room, its log. */
  const useCases = (): Interactions =>
    interactions({
      svc: deps.svc,
      now: deps.now,
      via: "teams",
      viewContext: (now) => viewContextOf({ ...cardContext(), now }),
      listRoom: LIST_ROOM,
      warn: (line) => deps.warn(line),
    });

  /** The person who sent `activity`; null when Teams named nobody. */
  const personOf = (activity: InboundActivity): PersonId | null => {
    const user = stringAt(activity.from, "aadObjectId");
    return user === undefined ? null : deps.directory().personAt(user);
  };

  /** The person's 1:1 chat with the bot: this one, or one created for a channel's message. */
  const personalChat = async (activity: InboundActivity): Promise<string | null> => {
    const id = stringAt(activity.conversation, "id");
    if (stringAt(activity.conversation, "conversationType") === "personal" && id) return id;
    const user = stringAt(activity.from, "aadObjectId");
    return user ? deps.connector.createConversation(user) : null;
  };

  /** Sends `cards` to the person's 1:1 chat, in order; a failure is told to the log, never thrown. */
  const answer = async (
    activity: InboundActivity,
    ...cards: AdaptiveCard[]
  ): Promise<{ chat: string; refs: string[] } | null> => {
    try {
      const chat = await personalChat(activity);
      if (chat === null) return null;
      const refs: string[] = [];
      for (const card of cards) {
        const message: OutgoingActivity = {
          type: "message",
          summary: card.fallbackText,
          attachments: [cardAttachment(card)],
        };
        refs.push(await deps.connector.send(chat, message));
      }
      return { chat, refs };
    } catch (error) {
      deps.warn("Teams: could not answer in the person's chat:", error);
      return null;
    }
  };

  /** The first contact of an installation: once, though Teams tells it twice. */
  const firstContact = async (activity: InboundActivity): Promise<void> => {
    const key =
      stringAt(activity.from, "aadObjectId") ?? stringAt(activity.conversation, "id") ?? "";
    const now = deps.now();
    for (const [who, at] of greeted) if (now - at > GREETING_WINDOW_MS) greeted.delete(who);
    if (greeted.has(key)) return;
    greeted.set(key, now);
    await answer(activity, buildHelpCard(deps.locale()));
  };

  /**
   * Slow work (the digest, the report): the "working" line at once, then the cards in order, or
   * the line saying it failed. Not awaited by the route: Teams waits 15 s for the answer to its
   * POST, the work may take longer.
   */
  const slow = async (
    activity: InboundActivity,
    result: Extract<InteractionResult, { kind: "slow" }>,
  ): Promise<void> => {
    await answer(activity, lineCard(result.working));
    const work = async () => {
      let cards: AdaptiveCard[];
      try {
        const done = await result.run();
        const ctx = cardContext();
        cards =
          done.type === "digest"
            ? buildDigestCards(done.digest, ctx, false)
            : buildReportCards(done.report, ctx, false);
      } catch (error) {
        deps.warn(`Teams: ${result.subject} failed:`, error);
        cards = [lineCard(result.failed)];
      }
      await answer(activity, ...cards);
    };
    void work();
  };

  /** The answer card of a command's result. */
  const commandCard = (result: InteractionResult, ctx: CardContext): AdaptiveCard | null => {
    switch (result.kind) {
      case "form":
        // A message cannot open a dialog: the card's button does (`task/fetch`).
        return buildNewReportCard(ctx.org.locale);
      case "help":
        return helpCard(ctx, result.problem);
      case "list":
        return buildListCard(result.bombs, ctx, result.title, result.total);
      case "detail":
        return buildDetailCard(result.bomb, result.timeline, ctx, result.viewer);
      case "home":
        return buildHomeCard(result.held, result.owned, ctx);
      case "refusal":
        return refusalCard(result, ctx);
      default:
        return null;
    }
  };

  /** A form to open: the report form from a command or the compose box, or a bomb's button's. */
  const openDialog = async (
    person: PersonId,
    action: unknown,
    bombId: unknown,
  ): Promise<DialogContinue | DialogMessage> => {
    const words = teamsCatalog(deps.svc.org.locale).answers;
    const ctx = cardContext();
    if (action === views.open && (bombId === undefined || bombId === null)) {
      const result = await useCases().runCommand(person, "new");
      return result.kind === "form"
        ? formDialog(result.form, ctx, randomUUID())
        : dialogMessage(words.unknownAction);
    }
    if (typeof action !== "string" || !actionIds.has(action)) {
      return dialogMessage(words.unknownAction);
    }
    const result = await useCases().pressButton(person, action as ActionId, bombId);
    switch (result.kind) {
      case "form":
        return formDialog(result.form, ctx, randomUUID());
      case "done":
        deps.kick();
        return dialogMessage(words.dismissed({ id: result.bomb.id }));
      case "refusal":
        return refusalDialog(result, ctx);
    }
  };

  /** A dialog submitted: the change, or the same dialog with the errors under the fields. */
  const submitDialog = async (
    activity: InboundActivity,
    person: PersonId,
    data: unknown,
  ): Promise<DialogContinue | DialogMessage> => {
    const words = teamsCatalog(deps.svc.org.locale).answers;
    const form = fieldAt(data, "action");
    if (typeof form !== "string" || !formIds.has(form)) return dialogMessage(words.unknownAction);
    const formId = form as FormId;
    const rawBomb = fieldAt(data, "bombId");
    // No bomb is a new report; anything else must name a bomb we can read.
    const bombId =
      rawBomb === undefined || rawBomb === null ? null : (bombIdOf(rawBomb) ?? unreadableBomb);
    const values = dialogValues(data, formId, deps.directory());
    // One dialog submitted twice (a retry, a second press) is the same submission, done once.
    const key = submissionKey(
      data,
      stringAt(activity, "id") ?? stringAt(activity.conversation, "id"),
    );
    const result = await useCases().submitForm(person, formId, bombId, values, key);
    const ctx = cardContext();
    switch (result.kind) {
      case "done":
        deps.kick();
        return dialogMessage(
          formId === views.open && bombId === null
            ? words.reported({ id: result.bomb.id })
            : words.done({ id: result.bomb.id }),
        );
      case "errors": {
        const errors = result.errors as FormErrors;
        const button = actionOfForm(formId, typeof bombId === "number" ? bombId : null);
        const again =
          button === null
            ? await useCases().runCommand(person, "new")
            : await useCases().pressButton(person, button, bombId);
        if (again.kind === "form") {
          // Shown again under the same key: nothing was filed, and the corrected submission
          // and its retries are one.
          const dialog = fieldAt(data, "dialog");
          const dialogKey =
            typeof dialog === "string" && DIALOG_KEY.test(dialog) ? dialog : randomUUID();
          return formDialogAgain(again.form, values, errors, ctx, dialogKey);
        }
        if (again.kind === "refusal") return refusalDialog(again, ctx);
        return dialogMessage(Object.values(result.errors).join(" "));
      }
      case "refusal":
        return refusalDialog(result, ctx);
    }
  };

  return {
    /** A message: its command words → the answer card(s) in the person's chat. */
    async message(activity: InboundActivity): Promise<void> {
      const request = parseCommand(activity.text);
      const person = personOf(activity);
      const ctx = cardContext();
      if (request.command === "help" || person === null) {
        await answer(activity, buildHelpCard(ctx.org.locale));
        return;
      }
      const result =
        request.command === "home"
          ? await useCases().openHome(person)
          : await useCases().runCommand(person, request.text);
      if (result.kind === "slow") {
        await slow(activity, result);
        return;
      }
      const card = commandCard(result, cardContext());
      if (card === null) return;
      const answered = await answer(activity, card);
      const ref = answered?.refs[0];
      // The home card is kept up to date in place while it is the latest in the chat.
      if (result.kind === "home" && answered !== null && ref !== undefined) {
        deps.homes?.shown(answered.chat, person, ref, card);
      }
    },
    /** The person's "what I hold" card as of now. */
    async homeCard(person: PersonId): Promise<AdaptiveCard> {
      const home = await useCases().openHome(person);
      return buildHomeCard(home.held, home.owned, cardContext());
    },
    /** `task/fetch`: a button that needs a form → its dialog, or why not. */
    async dialogOpen(activity: InboundActivity): Promise<DialogContinue | DialogMessage> {
      const person = personOf(activity);
      const data = fieldAt(activity.value, "data");
      if (person === null)
        return dialogMessage(teamsCatalog(deps.svc.org.locale).answers.unknownAction);
      return openDialog(person, fieldAt(data, "action"), fieldAt(data, "bombId"));
    },
    /** `task/submit` (and a message extension's dialog submitted): the form's change. */
    async dialogSubmit(activity: InboundActivity): Promise<DialogContinue | DialogMessage> {
      const person = personOf(activity);
      if (person === null)
        return dialogMessage(teamsCatalog(deps.svc.org.locale).answers.unknownAction);
      return submitDialog(activity, person, fieldAt(activity.value, "data"));
    },
    /** `Action.Execute`: a button that needs no form (dismiss a report). */
    async cardAction(activity: InboundActivity): Promise<ExecuteMessage> {
      const words = teamsCatalog(deps.svc.org.locale).answers;
      const person = personOf(activity);
      const action = fieldAt(activity.value, "action");
      const verb = fieldAt(action, "verb");
      const bombId = fieldAt(fieldAt(action, "data"), "bombId");
      if (person === null || typeof verb !== "string" || !actionIds.has(verb)) {
        return executeMessage(words.unknownAction);
      }
      // A button with a form is a `task/fetch`; one sent here anyway opens nothing.
      if (formOfAction(verb as ActionId) !== null) return executeMessage(words.unknownAction);
      const result = await useCases().pressButton(person, verb as ActionId, bombId);
      switch (result.kind) {
        case "done":
          deps.kick();
          return executeMessage(words.dismissed({ id: result.bomb.id }));
        case "refusal":
          return executeMessage(refusalLine(result, cardContext()));
        default:
          return executeMessage(words.unknownAction);
      }
    },
    /** `composeExtension/fetchTask`: `bomba_open` from the compose box opens the report form. */
    async messageExtensionOpen(activity: InboundActivity): Promise<DialogContinue | DialogMessage> {
      const person = personOf(activity);
      const command = fieldAt(activity.value, "commandId");
      if (person === null || command !== views.open) {
        return dialogMessage(teamsCatalog(deps.svc.org.locale).answers.unknownAction);
      }
      return openDialog(person, views.open, null);
    },
    /** The app installed for a person (personal scope). */
    async installed(activity: InboundActivity): Promise<void> {
      await firstContact(activity);
    },
    /** Members added to a conversation: the bot itself added is an installation. */
    async conversationUpdate(activity: InboundActivity): Promise<void> {
      const bot = stringAt(activity.recipient, "id");
      const added = Array.isArray(activity.membersAdded) ? activity.membersAdded : [];
      if (bot !== undefined && added.some((member) => stringAt(member, "id") === bot)) {
        await firstContact(activity);
      }
    },
  };
}
