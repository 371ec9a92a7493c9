/**
 * The shape of every sentence the product says: what each locale's texts (`es/`, `en/`) must
 * hold. Apart from `catalog.ts` so that the texts can name their type without importing the
 * catalog that imports them.
 */
import type { Source } from "../core/bomb.ts";
import type { EventKind, MessageKind } from "../core/effects.ts";
import type { RejectionReason } from "../core/errors.ts";

/** Values a sentence is filled with; people already turned into names by the caller. */
export type Fill = Record<string, string | number>;

/**
 * How a command is written where a sentence is shown, from its words in the locale ("ver 12",
 * "" for the bare command): on Slack "/bomba ver 12" and "/bomba"; on Teams the words alone,
 * typed in the chat with the bot. Sentences that tell people what to type take one.
 */
export type CommandWriter = (words: string) => string;

/** One locale's sentences. */
export interface Catalog {
  /** Why a command was refused. */
  reasons: Record<RejectionReason, (f: Fill) => string>;
  /** One timeline line per event kind (used by `show`, `simulate`, the dry run). */
  events: Record<EventKind, (f: Fill) => string>;
  /** The headline of each direct message. */
  messages: Record<MessageKind, (f: Fill) => string>;
  severities: Record<"minor" | "major", string>;
  satisfactions: Record<"satisfied" | "unsatisfied", string>;
  states: Record<
    "triage" | "pending" | "accepted" | "resolved" | "closed" | "defused" | "dismissed",
    string
  >;
  words: {
    told: string;
    nobody: string;
    simulationTitle: (f: Fill) => string;
    simulationEnd: (f: Fill) => string;
    workingDays: (n: number) => string;
    /** Why a bomb moved when the org file changed. */
    leftOrg: (f: Fill) => string;
    noSlackUser: (f: Fill) => string;
    nothingImported: string;
    imported: (f: Fill) => string;
  };
  /** What every chat surface says (Slack, Teams): facts, buttons, forms, lists, help, home. */
  chat: ChatCatalog;
  /** The daily digest and the quarterly report (Slack, CSV, chart, terminal). */
  reports: ReportsCatalog;
}

/** The figures of a quarterly report, per department and overall. */
export type ReportFigure =
  | "opened"
  | "closed"
  | "defused"
  | "pending"
  | "medianAccept"
  | "onTime"
  | "late"
  | "overdue"
  | "rungs"
  | "visits"
  | "satisfied"
  | "unsatisfied";

/** The columns of the quarterly CSV, one row per bomb. */
export type ReportColumn =
  | "id"
  | "department"
  | "customer"
  | "contact"
  | "complaint"
  | "source"
  | "openedAt"
  | "state"
  | "heldBy"
  | "rungs"
  | "forwards"
  | "acceptedAt"
  | "acceptedBy"
  | "hoursToAccept"
  | "severity"
  | "committedDate"
  | "plan"
  | "resolvedAt"
  | "resolvedBy"
  | "visitedOn"
  | "visitedBy"
  | "solution"
  | "commitment"
  | "closedAt"
  | "satisfaction"
  | "defusedAt"
  | "defuseReason";

/** Sentences of the daily digest and the quarterly report. */
export interface ReportsCatalog {
  digest: {
    /** The header; `date` is already worded in the locale. */
    title: (f: Fill) => string;
    late: string;
    /** "(2/3)" on a digest split over several messages. */
    part: (f: Fill) => string;
    summary: (f: Fill) => string;
    empty: string;
    /** A department's heading; `name` already escaped for mrkdwn. */
    department: (f: Fill) => string;
    states: Record<"pending" | "accepted", string>;
    /** What the deadline of each state is for. */
    due: Record<"pending" | "accepted", string>;
    forwards: (f: Fill) => string;
    footer: string;
  };
  report: {
    title: (f: Fill) => string;
    subtitle: (f: Fill) => string;
    late: string;
    overall: string;
    department: string;
    figures: Record<ReportFigure, string>;
    /** A number of working hours already formatted. */
    hours: (f: Fill) => string;
    none: string;
    done: string;
    pending: string;
    noActions: string;
    more: (f: Fill) => string;
    files: string;
    kept: Record<"onTime" | "late" | "overdue", string>;
    /** The bars of each department's chart. */
    bars: Record<"opened" | "closed" | "defused" | "pending" | "late", string>;
    chartTitle: (f: Fill) => string;
    /** File names without extension, e.g. "informe-2026-Q4". */
    fileName: (f: Fill) => string;
    columns: Record<ReportColumn, string>;
    /** Pieces of an action line. */
    visit: (f: Fill) => string;
    committed: (f: Fill) => string;
    heldBy: (f: Fill) => string;
  };
}

/** Sentences of every chat surface: direct messages, forms, lists, the command words' answers. */
export interface ChatCatalog {
  /** Labels of a bomb's facts in messages and lists. */
  fields: Record<
    | "customer"
    | "contact"
    | "complaint"
    | "department"
    | "state"
    | "holder"
    | "owner"
    | "reporter"
    | "answerDue"
    | "committed"
    | "severity"
    | "visit"
    | "visited"
    | "resolvedBy"
    | "climb"
    | "overdueReached"
    | "forwards"
    | "plan"
    | "solution"
    | "note"
    | "reason"
    | "error",
    string
  >;
  /** Fact values put together from pieces already formatted. */
  values: {
    visit: (f: Fill) => string;
    forwards: (f: Fill) => string;
    climb: (f: Fill) => string;
    unassigned: string;
    loyaltyManagers: string;
    system: string;
  };
  /** A deadline relative to now; `span` is a number of days already worded. */
  relative: {
    future: (span: string) => string;
    today: string;
    overdueToday: string;
    past: (span: string) => string;
    days: (n: number) => string;
  };
  /** One line on where a bomb stands when nobody holds it with a deadline. */
  status: {
    triage: string;
    resolved: (f: Fill) => string;
    closed: (f: Fill) => string;
    defused: (f: Fill) => string;
    dismissed: (f: Fill) => string;
    /** Above the current state, in the private answer to a stale or foreign click or submission. */
    intro: string;
  };
  /** Headlines of outbox kinds that are not a `MessageKind`. */
  headlines: {
    deliveryFailed: (f: Fill) => string;
    /** To the loyalty managers, once, when the scheduler cannot advance a bomb. */
    bombStuck: (f: Fill) => string;
    other: (f: Fill) => string;
  };
  /** The small print under a message: id, when reported, source, where the history is. */
  footer: (f: Fill, command: CommandWriter) => string;
  buttons: Record<
    | "accept"
    | "forward"
    | "resolve"
    | "verify"
    | "reopen"
    | "defuse"
    | "triageActivate"
    | "triageDismiss",
    string
  >;
  sources: Record<Source, string>;
  forms: {
    titles: Record<FormName, string>;
    submit: Record<FormName, string>;
    close: string;
    /** Title of the modal that only tells something (a stale click from App Home, a refusal). */
    noticeTitle: string;
    labels: Record<
      | "customer"
      | "contact"
      | "complaint"
      | "source"
      | "department"
      | "severity"
      | "due"
      | "visitBy"
      | "visitOn"
      | "plan"
      | "target"
      | "forwardNote"
      | "solution"
      | "visitedOn"
      | "visitedBy"
      | "satisfaction"
      | "verifyNote"
      | "reopenDue"
      | "reopenNote"
      | "reason",
      string
    >;
    hints: {
      report: string;
      department: string;
      due: (f: Fill) => string;
      reopenDue: (f: Fill) => string;
      visit: string;
      /** Under the planned visit date. */
      visitOn: string;
      forward: string;
      verify: string;
      defuse: string;
    };
    severityOption: (f: Fill) => string;
    targetGroups: { links: string; above: string; below: string; part: (f: Fill) => string };
    /** Nobody to forward to; `f.platform` is the chat's name ("Slack"). */
    noTargets: (f: Fill) => string;
  };
  /** Errors shown under a form's field when the submitted state cannot be read. */
  errors: { badDate: string; badChoice: string; unknownTarget: string };
  /** Why `/bomba <text>` was not understood; `f.word` is the offending word. */
  commands: Record<
    "unknown_command" | "missing_id" | "bad_id" | "bad_quarter" | "bad_scope" | "extra_words",
    (f: Fill, command: CommandWriter) => string
  >;
  help: {
    title: string;
    intro: string;
    commands: Record<
      "open" | "list" | "show" | "digest" | "report" | "help",
      (command: CommandWriter) => string
    >;
    footer: string;
  };
  list: {
    empty: string;
    more: (f: Fill) => string;
  };
  /** Titles of `/bomba list`, as the listener names them. */
  listMine: string;
  listAll: string;
  /** The answer to `/bomba resumen|informe` from someone who is not in charge. */
  onlyInCharge: (command: CommandWriter) => string;
  /** The ack of `/bomba resumen|informe` while the answer is prepared (`f.quarter` for the report). */
  working: Record<"digest" | "report", (f: Fill) => string>;
  /** The one line that answers `/bomba resumen|informe` when preparing it failed after the ack. */
  workFailed: Record<"digest" | "report", string>;
  /** The last answer to a command whose parts outnumber what a `response_url` takes. */
  moreParts: (f: Fill) => string;
  detail: { timeline: string; omitted: (f: Fill) => string };
  home: {
    title: string;
    held: string;
    owned: string;
    empty: string;
    emptyHint: (command: CommandWriter) => string;
  };
}

/** The forms of a chat surface; `activate` is the report form opened from triage. */
export type FormName =
  | "open"
  | "activate"
  | "accept"
  | "forward"
  | "resolve"
  | "verify"
  | "reopen"
  | "defuse";

/** The sentences about bombs, people and the org that every surface shares. */
export type CoreCatalog = Omit<Catalog, "chat" | "reports">;
