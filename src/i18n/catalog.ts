/**
 * Every sentence the product says, once per locale. Handlers, builders and the CLI take their
 * words from here; a missing translation is a type error.
 */
import type { Source } from "../core/bomb.ts";
import type { EventKind, MessageKind } from "../core/effects.ts";
import type { RejectionReason } from "../core/errors.ts";
import type { Locale } from "../core/org.ts";
import { counted } from "./plural.ts";

/** Values a sentence is filled with; people already turned into names by the caller. */
export type Fill = Record<string, string | number>;

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
  /** The Slack surface's own sentences. */
  slack: SlackCatalog;
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

/** Sentences of the Slack surface: direct messages, modals, lists, the slash command. */
export interface SlackCatalog {
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
  footer: (f: Fill) => string;
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
  modals: {
    titles: Record<ModalName, string>;
    submit: Record<ModalName, string>;
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
    noTargets: string;
  };
  /** Errors shown under a modal field when the submitted state cannot be read. */
  errors: { badDate: string; badChoice: string; unknownTarget: string };
  /** Why `/bomba <text>` was not understood; `f.word` is the offending word. */
  commands: Record<
    "unknown_command" | "missing_id" | "bad_id" | "bad_quarter" | "bad_scope" | "extra_words",
    (f: Fill) => string
  >;
  help: {
    title: string;
    intro: string;
    commands: Record<"open" | "list" | "show" | "digest" | "report" | "help", string>;
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
  onlyInCharge: string;
  /** The ack of `/bomba resumen|informe` while the answer is prepared (`f.quarter` for the report). */
  working: Record<"digest" | "report", (f: Fill) => string>;
  /** The one line that answers `/bomba resumen|informe` when preparing it failed after the ack. */
  workFailed: Record<"digest" | "report", string>;
  /** The last answer to a command whose parts outnumber what a `response_url` takes. */
  moreParts: (f: Fill) => string;
  detail: { timeline: string; omitted: (f: Fill) => string };
  home: { title: string; held: string; owned: string; empty: string; emptyHint: string };
}

/** The modals of the Slack surface; `activate` is the report modal opened from triage. */
export type ModalName =
  | "open"
  | "activate"
  | "accept"
  | "forward"
  | "resolve"
  | "verify"
  | "reopen"
  | "defuse";

const esSlack: SlackCatalog = {
  fields: {
    customer: "Cliente",
    contact: "Contacto",
    complaint: "Queja",
    department: "Departamento",
    state: "Estado",
    holder: "La tiene",
    owner: "Responsable",
    reporter: "Denunciada por",
    answerDue: "Responder antes del",
    committed: "Solución comprometida",
    severity: "Gravedad",
    visit: "Visita al cliente",
    visited: "Visita hecha",
    resolvedBy: "Resuelta por",
    climb: "Escalada",
    overdueReached: "Compromiso vencido, avisados",
    forwards: "Reenvíos",
    plan: "Plan",
    solution: "Solución",
    note: "Nota",
    reason: "Motivo",
    error: "Error",
  },
  values: {
    visit: (f) => `${f.person}, el ${f.date}`,
    forwards: (f) => `${f.forwards} de ${f.max}`,
    climb: (f) => `${f.path} (${f.rungs} ${f.rungs === 1 ? "escalón" : "escalones"})`,
    unassigned: "sin asignar",
    loyaltyManagers: "fidelización",
    system: "el sistema",
  },
  relative: {
    future: (span) => `en ${span}`,
    today: "vence hoy",
    overdueToday: "vencida hoy",
    past: (span) => `vencida hace ${span}`,
    days: (n) => `${n} ${Math.abs(n) === 1 ? "día" : "días"}`,
  },
  status: {
    triage: "📝 Pendiente de que fidelización la clasifique.",
    resolved: (f) =>
      `🛠️ Resuelta el ${f.at} por ${f.by}: falta que fidelización lo compruebe con el cliente.`,
    closed: (f) => `✅ Incidencia finalizada el ${f.at} por ${f.by} · ${f.satisfaction}.`,
    defused: (f) => `🧯 Desactivada el ${f.at} por ${f.by}.`,
    dismissed: (f) => `🗑️ Descartada el ${f.at} por ${f.by}.`,
    intro: "Nada ha cambiado. Así está la bomba ahora:",
  },
  headlines: {
    deliveryFailed: (f) => `📭 No se pudo avisar a ${f.to}`,
    bombStuck: (f) =>
      `⚠️ La bomba #${f.bomb} no puede avanzar: no sube ni avisa a nadie hasta que se revise`,
    other: (f) => `💣 Novedades de la bomba #${f.id}`,
  },
  footer: (f) =>
    `Bomba #${f.id} · recibida el ${f.at} · ${f.source} · historial: /bomba ver ${f.id}`,
  buttons: {
    accept: "✋ Aceptar",
    forward: "↪️ Reenviar",
    resolve: "🛠️ Resolver",
    verify: "✅ Verificar y cerrar",
    reopen: "🔁 Reabrir",
    defuse: "🧯 Desactivar",
    triageActivate: "💣 Activar",
    triageDismiss: "🗑️ Descartar",
  },
  sources: { direct: "contada en persona", survey: "encuesta", other: "otro origen" },
  modals: {
    titles: {
      open: "Nueva queja VIP",
      activate: "Activar bomba",
      accept: "Aceptar bomba",
      forward: "Reenviar bomba",
      resolve: "Resolver bomba",
      verify: "Verificar y cerrar",
      reopen: "Reabrir bomba",
      defuse: "Desactivar bomba",
    },
    submit: {
      open: "Enviar",
      activate: "Activar",
      accept: "Aceptar",
      forward: "Reenviar",
      resolve: "Resolver",
      verify: "Cerrar incidencia",
      reopen: "Reabrir",
      defuse: "Desactivar",
    },
    close: "Cancelar",
    noticeTitle: "Correo bomba",
    labels: {
      customer: "Cliente VIP",
      contact: "Contacto (persona, teléfono, e-mail)",
      complaint: "Queja",
      source: "¿Cómo llegó?",
      department: "Departamento",
      severity: "Gravedad",
      due: "Fecha comprometida de solución",
      visitBy: "Quién visitará al cliente",
      visitOn: "Fecha de la visita",
      plan: "Plan de acción",
      target: "Reenviar a",
      forwardNote: "Nota para quien la recibe",
      solution: "Solución aplicada",
      visitedOn: "Fecha de la visita",
      visitedBy: "Quién visitó al cliente",
      satisfaction: "¿Está satisfecho el cliente?",
      verifyNote: "Nota",
      reopenDue: "Nueva fecha comprometida",
      reopenNote: "Por qué se reabre",
      reason: "Por qué se desactiva",
    },
    hints: {
      report: "Fidelización la revisará y la enviará al departamento que corresponda.",
      department: "La bomba irá al enlace de fidelización de este departamento.",
      due: (f) =>
        `Un día laborable; vence a las ${f.dayEnds} de ese día. Como máximo: ${f.minor} si es leve, ${f.major} si es grave.`,
      reopenDue: (f) =>
        `Un día laborable; vence a las ${f.dayEnds} de ese día. Como máximo: ${f.latest}.`,
      visit: "Alguien del departamento debe visitar al cliente para explicarle la solución.",
      visitOn: "Un día laborable, no más tarde de la fecha comprometida.",
      forward: "Solo a tu cadena de mando o al enlace de otro departamento; explica por qué.",
      verify: "Comprueba con el cliente que la visita se hizo y que está satisfecho.",
      defuse: "La bomba se para sin resolverse; se avisa a todos los implicados.",
    },
    severityOption: (f) => `${f.severity} · como máximo el ${f.latest}`,
    targetGroups: {
      links: "Enlaces de otros departamentos",
      above: "Por encima en la cadena",
      below: "Por debajo en la cadena",
      part: (f) => `${f.group} (${f.part})`,
    },
    noTargets: "No hay nadie en Slack a quien reenviarla: acéptala o resuélvela.",
  },
  errors: {
    badDate: "Elige una fecha válida.",
    badChoice: "Elige una de las opciones.",
    unknownTarget: "Esa persona no está en el organigrama: elige otra.",
  },
  commands: {
    unknown_command: (f) => `No conozco «${f.word}». Prueba /bomba ayuda.`,
    missing_id: () => "Falta el número de la bomba, por ejemplo: /bomba ver 12.",
    bad_id: (f) => `«${f.word}» no es un número de bomba; por ejemplo: /bomba ver 12.`,
    bad_quarter: (f) => `«${f.word}» no es un trimestre; por ejemplo: /bomba informe 2026-Q4.`,
    bad_scope: (f) => `«${f.word}» no es «mías», «todas» ni un departamento.`,
    extra_words: (f) => `Sobra «${f.word}». Prueba /bomba ayuda.`,
  },
  help: {
    title: "💣 Correo bomba",
    intro:
      "Cada queja de un cliente VIP es una bomba: si quien la tiene no contesta a tiempo, sube a su superior, hasta el CEO. Se para cuando alguien la acepta, la resuelve y fidelización comprueba que el cliente está satisfecho.",
    commands: {
      open: "`/bomba` — denunciar una queja VIP",
      list: "`/bomba lista [mías|todas|<departamento>]` — ver bombas abiertas",
      show: "`/bomba ver <n>` — una bomba con todo su historial",
      digest: "`/bomba resumen` — bombas pendientes por departamento",
      report: "`/bomba informe [2026-Q4]` — informe trimestral",
      help: "`/bomba ayuda` — esta ayuda",
    },
    footer: "Los botones de cada mensaje muestran siempre lo que puedes hacer ahora con esa bomba.",
  },
  list: {
    empty: "No hay ninguna bomba aquí. 🎉",
    more: (f) => `… y ${f.count} más que no caben aquí.`,
  },
  listMine: "💣 Tus bombas abiertas",
  listAll: "💣 Todas las bombas abiertas",
  onlyInCharge:
    "El resumen y el informe son para el responsable de fidelización, el CEO y los directores. Usa `/bomba lista` para ver tus bombas.",
  working: {
    digest: () => "⏳ Preparando el resumen…",
    report: (f) => `⏳ Preparando el informe de ${f.quarter}…`,
  },
  workFailed: {
    digest:
      "No he podido preparar el resumen por un error interno. Vuelve a pedirlo en unos minutos; si sigue fallando, avisa a quien administra el bot.",
    report:
      "No he podido preparar el informe por un error interno. Vuelve a pedirlo en unos minutos; si sigue fallando, avisa a quien administra el bot.",
  },
  moreParts: (f) =>
    `… y ${f.count} partes más, que no caben aquí: Slack deja contestar a un comando cinco veces como mucho.`,
  detail: {
    timeline: "Historial",
    omitted: (f) => `… ${f.count} anotaciones anteriores no caben aquí.`,
  },
  home: {
    title: "💣 Tus bombas",
    held: "Te toca contestar",
    owned: "Has aceptado",
    empty: "No tienes ninguna bomba. 🎉",
    emptyHint:
      "Cuando te llegue una, la verás aquí con su plazo. Para denunciar una queja VIP: /bomba",
  },
};

const enSlack: SlackCatalog = {
  fields: {
    customer: "Customer",
    contact: "Contact",
    complaint: "Complaint",
    department: "Department",
    state: "State",
    holder: "Held by",
    owner: "Owner",
    reporter: "Reported by",
    answerDue: "Answer by",
    committed: "Committed solution",
    severity: "Severity",
    visit: "Customer visit",
    visited: "Visit done",
    resolvedBy: "Resolved by",
    climb: "Climb",
    overdueReached: "Commitment overdue, told",
    forwards: "Forwards",
    plan: "Plan",
    solution: "Solution",
    note: "Note",
    reason: "Reason",
    error: "Error",
  },
  values: {
    visit: (f) => `${f.person}, on ${f.date}`,
    forwards: (f) => `${f.forwards} of ${f.max}`,
    climb: (f) => `${f.path} (${f.rungs} ${f.rungs === 1 ? "rung" : "rungs"})`,
    unassigned: "unassigned",
    loyaltyManagers: "loyalty",
    system: "the system",
  },
  relative: {
    future: (span) => `in ${span}`,
    today: "due today",
    overdueToday: "overdue since today",
    past: (span) => `overdue by ${span}`,
    days: (n) => `${n} ${Math.abs(n) === 1 ? "day" : "days"}`,
  },
  status: {
    triage: "📝 Waiting for the loyalty manager to triage it.",
    resolved: (f) =>
      `🛠️ Resolved on ${f.at} by ${f.by}: the loyalty manager still has to check with the customer.`,
    closed: (f) => `✅ Incident finished on ${f.at} by ${f.by} · ${f.satisfaction}.`,
    defused: (f) => `🧯 Defused on ${f.at} by ${f.by}.`,
    dismissed: (f) => `🗑️ Dismissed on ${f.at} by ${f.by}.`,
    intro: "Nothing changed. This is where the bomb stands now:",
  },
  headlines: {
    deliveryFailed: (f) => `📭 Could not notify ${f.to}`,
    bombStuck: (f) =>
      `⚠️ Bomb #${f.bomb} cannot be advanced: it neither climbs nor tells anyone until someone looks at it`,
    other: (f) => `💣 News about bomb #${f.id}`,
  },
  footer: (f) => `Bomb #${f.id} · reported ${f.at} · ${f.source} · history: /bomba show ${f.id}`,
  buttons: {
    accept: "✋ Accept",
    forward: "↪️ Forward",
    resolve: "🛠️ Resolve",
    verify: "✅ Verify and close",
    reopen: "🔁 Reopen",
    defuse: "🧯 Defuse",
    triageActivate: "💣 Activate",
    triageDismiss: "🗑️ Dismiss",
  },
  sources: { direct: "told in person", survey: "survey", other: "other source" },
  modals: {
    titles: {
      open: "New VIP complaint",
      activate: "Activate bomb",
      accept: "Accept bomb",
      forward: "Forward bomb",
      resolve: "Resolve bomb",
      verify: "Verify and close",
      reopen: "Reopen bomb",
      defuse: "Defuse bomb",
    },
    submit: {
      open: "Send",
      activate: "Activate",
      accept: "Accept",
      forward: "Forward",
      resolve: "Resolve",
      verify: "Close incident",
      reopen: "Reopen",
      defuse: "Defuse",
    },
    close: "Cancel",
    noticeTitle: "Correo bomba",
    labels: {
      customer: "VIP customer",
      contact: "Contact (person, phone, e-mail)",
      complaint: "Complaint",
      source: "How did it come in?",
      department: "Department",
      severity: "Severity",
      due: "Committed solution date",
      visitBy: "Who will visit the customer",
      visitOn: "Visit date",
      plan: "Action plan",
      target: "Forward to",
      forwardNote: "Note for the recipient",
      solution: "Solution applied",
      visitedOn: "Visit date",
      visitedBy: "Who visited the customer",
      satisfaction: "Is the customer satisfied?",
      verifyNote: "Note",
      reopenDue: "New committed date",
      reopenNote: "Why it is reopened",
      reason: "Why it is defused",
    },
    hints: {
      report: "The loyalty manager will review it and send it to the right department.",
      department: "The bomb goes to this department's loyalty link.",
      due: (f) =>
        `A working day; due at ${f.dayEnds} that day. At the latest: ${f.minor} if minor, ${f.major} if major.`,
      reopenDue: (f) => `A working day; due at ${f.dayEnds} that day. At the latest: ${f.latest}.`,
      visit: "Someone of the department must visit the customer to explain the solution.",
      visitOn: "A working day, no later than the committed date.",
      forward: "Only along your chain or to another department's link; say why.",
      verify: "Check with the customer that the visit happened and that they are satisfied.",
      defuse: "The bomb stops without being resolved; everyone involved is told.",
    },
    severityOption: (f) => `${f.severity} · at the latest ${f.latest}`,
    targetGroups: {
      links: "Other departments' links",
      above: "Above in the chain",
      below: "Below in the chain",
      part: (f) => `${f.group} (${f.part})`,
    },
    noTargets: "There is nobody in Slack to forward it to: accept or resolve it.",
  },
  errors: {
    badDate: "Pick a valid date.",
    badChoice: "Pick one of the options.",
    unknownTarget: "That person is not in the org chart: pick someone else.",
  },
  commands: {
    unknown_command: (f) => `I don't know "${f.word}". Try /bomba help.`,
    missing_id: () => "The bomb number is missing, e.g. /bomba show 12.",
    bad_id: (f) => `"${f.word}" is not a bomb number, e.g. /bomba show 12.`,
    bad_quarter: (f) => `"${f.word}" is not a quarter, e.g. /bomba report 2026-Q4.`,
    bad_scope: (f) => `"${f.word}" is not "mine", "all" or a department.`,
    extra_words: (f) => `"${f.word}" is one word too many. Try /bomba help.`,
  },
  help: {
    title: "💣 Correo bomba",
    intro:
      "Every complaint of a VIP customer is a bomb: when its holder does not answer in time it climbs to their superior, up to the CEO. It stops when someone accepts it, resolves it and the loyalty manager checks that the customer is satisfied.",
    commands: {
      open: "`/bomba` — report a VIP complaint",
      list: "`/bomba list [mine|all|<department>]` — open bombs",
      show: "`/bomba show <n>` — one bomb with its whole history",
      digest: "`/bomba digest` — pending bombs by department",
      report: "`/bomba report [2026-Q4]` — quarterly report",
      help: "`/bomba help` — this help",
    },
    footer: "The buttons of each message always show what you can do with that bomb now.",
  },
  list: {
    empty: "No bombs here. 🎉",
    more: (f) => `… and ${f.count} more that do not fit here.`,
  },
  listMine: "💣 Your open bombs",
  listAll: "💣 All open bombs",
  onlyInCharge:
    "The digest and the report are for the loyalty manager, the CEO and the directors. Use `/bomba list` to see your bombs.",
  working: {
    digest: () => "⏳ Preparing the digest…",
    report: (f) => `⏳ Preparing the report for ${f.quarter}…`,
  },
  workFailed: {
    digest:
      "I could not prepare the digest because of an internal error. Ask again in a few minutes; if it keeps failing, tell whoever runs the bot.",
    report:
      "I could not prepare the report because of an internal error. Ask again in a few minutes; if it keeps failing, tell whoever runs the bot.",
  },
  moreParts: (f) =>
    `… and ${f.count} more parts that do not fit here: Slack lets a command be answered five times at most.`,
  detail: {
    timeline: "History",
    omitted: (f) => `… ${f.count} earlier entries do not fit here.`,
  },
  home: {
    title: "💣 Your bombs",
    held: "Waiting for your answer",
    owned: "Accepted by you",
    empty: "You hold no bombs. 🎉",
    emptyHint:
      "When one reaches you it shows up here with its deadline. To report a VIP complaint: /bomba",
  },
};

const esReports: ReportsCatalog = {
  digest: {
    title: (f) => `💣 Resumen diario de bombas · ${f.date}`,
    late: "(tarde)",
    part: (f) => `(${f.part}/${f.parts})`,
    summary: (f) =>
      `${f.total} ${f.total === 1 ? "bomba por resolver" : "bombas por resolver"} · ${f.overdue} ${f.overdue === 1 ? "vencida" : "vencidas"}`,
    empty: "Ninguna bomba por resolver. 🎉",
    department: (f) =>
      `*${f.name}* — ${f.count} ${f.count === 1 ? "bomba" : "bombas"}${Number(f.overdue) > 0 ? `, ${f.overdue} ${f.overdue === 1 ? "vencida" : "vencidas"}` : ""}`,
    states: { pending: "sin contestar", accepted: "aceptada" },
    due: { pending: "responder", accepted: "solución" },
    forwards: (f) => `${f.count} ${f.count === 1 ? "reenvío" : "reenvíos"}`,
    footer: "Cada bomba con todo su historial: /bomba ver <n>",
  },
  report: {
    title: (f) => `📊 Informe trimestral de bombas · ${f.quarter}`,
    subtitle: (f) => `${f.company} · del ${f.from} al ${f.to}`,
    late: "(tarde)",
    overall: "Total",
    department: "Departamento",
    figures: {
      opened: "Abiertas",
      closed: "Cerradas",
      defused: "Desactivadas",
      pending: "Pendientes al cierre",
      medianAccept: "Mediana hasta aceptar",
      onTime: "Compromisos a tiempo",
      late: "Compromisos tarde",
      overdue: "Compromisos vencidos",
      rungs: "Escalones subidos",
      visits: "Visitas",
      satisfied: "Clientes satisfechos",
      unsatisfied: "Clientes no satisfechos",
    },
    hours: (f) => `${f.hours} h laborables`,
    none: "—",
    done: "Acciones realizadas",
    pending: "Acciones pendientes",
    noActions: "Ninguna.",
    more: (f) => `… y ${f.count} más en el CSV adjunto.`,
    files: "Adjuntos: el CSV con una fila por bomba y un gráfico por departamento.",
    kept: { onTime: "a tiempo", late: "tarde", overdue: "vencido" },
    bars: {
      opened: "Abiertas",
      closed: "Cerradas",
      defused: "Desactivadas",
      pending: "Pendientes",
      late: "Tarde",
    },
    chartTitle: (f) => `${f.department} · ${f.quarter}`,
    fileName: (f) => `informe-${f.quarter}${f.part === undefined ? "" : `-${f.part}`}`,
    columns: {
      id: "Bomba",
      department: "Departamento",
      customer: "Cliente",
      contact: "Contacto",
      complaint: "Queja",
      source: "Origen",
      openedAt: "Abierta",
      state: "Estado al cierre",
      heldBy: "La tiene",
      rungs: "Escalones",
      forwards: "Reenvíos",
      acceptedAt: "Aceptada",
      acceptedBy: "Aceptada por",
      hoursToAccept: "Horas laborables hasta aceptar",
      severity: "Gravedad",
      committedDate: "Fecha comprometida",
      plan: "Plan",
      resolvedAt: "Resuelta",
      resolvedBy: "Resuelta por",
      visitedOn: "Visita",
      visitedBy: "Visitó",
      solution: "Solución",
      commitment: "Compromiso",
      closedAt: "Cerrada",
      satisfaction: "Satisfacción",
      defusedAt: "Desactivada",
      defuseReason: "Motivo de desactivación",
    },
    visit: (f) => `visita el ${f.date} (${f.person})`,
    committed: (f) => `solución comprometida para el ${f.date}`,
    heldBy: (f) => `la tiene ${f.person}`,
  },
};

const enReports: ReportsCatalog = {
  digest: {
    title: (f) => `💣 Daily bomb digest · ${f.date}`,
    late: "(late)",
    part: (f) => `(${f.part}/${f.parts})`,
    summary: (f) =>
      `${f.total} ${f.total === 1 ? "bomb to resolve" : "bombs to resolve"} · ${f.overdue} overdue`,
    empty: "No bombs to resolve. 🎉",
    department: (f) =>
      `*${f.name}* — ${f.count} ${f.count === 1 ? "bomb" : "bombs"}${Number(f.overdue) > 0 ? `, ${f.overdue} overdue` : ""}`,
    states: { pending: "unanswered", accepted: "accepted" },
    due: { pending: "answer", accepted: "solution" },
    forwards: (f) => `${f.count} ${f.count === 1 ? "forward" : "forwards"}`,
    footer: "Each bomb with its whole history: /bomba show <n>",
  },
  report: {
    title: (f) => `📊 Quarterly bomb report · ${f.quarter}`,
    subtitle: (f) => `${f.company} · ${f.from} to ${f.to}`,
    late: "(late)",
    overall: "Total",
    department: "Department",
    figures: {
      opened: "Opened",
      closed: "Closed",
      defused: "Defused",
      pending: "Pending at quarter end",
      medianAccept: "Median time to accept",
      onTime: "Commitments on time",
      late: "Commitments late",
      overdue: "Commitments overdue",
      rungs: "Rungs climbed",
      visits: "Visits",
      satisfied: "Customers satisfied",
      unsatisfied: "Customers not satisfied",
    },
    hours: (f) => `${f.hours} working h`,
    none: "—",
    done: "Actions done",
    pending: "Actions pending",
    noActions: "None.",
    more: (f) => `… and ${f.count} more in the attached CSV.`,
    files: "Attached: the CSV with one row per bomb and a chart per department.",
    kept: { onTime: "on time", late: "late", overdue: "overdue" },
    bars: {
      opened: "Opened",
      closed: "Closed",
      defused: "Defused",
      pending: "Pending",
      late: "Late",
    },
    chartTitle: (f) => `${f.department} · ${f.quarter}`,
    fileName: (f) => `report-${f.quarter}${f.part === undefined ? "" : `-${f.part}`}`,
    columns: {
      id: "Bomb",
      department: "Department",
      customer: "Customer",
      contact: "Contact",
      complaint: "Complaint",
      source: "Source",
      openedAt: "Opened",
      state: "State at quarter end",
      heldBy: "Held by",
      rungs: "Rungs",
      forwards: "Forwards",
      acceptedAt: "Accepted",
      acceptedBy: "Accepted by",
      hoursToAccept: "Working hours to accept",
      severity: "Severity",
      committedDate: "Committed date",
      plan: "Plan",
      resolvedAt: "Resolved",
      resolvedBy: "Resolved by",
      visitedOn: "Visit",
      visitedBy: "Visited by",
      solution: "Solution",
      commitment: "Commitment",
      closedAt: "Closed",
      satisfaction: "Satisfaction",
      defusedAt: "Defused",
      defuseReason: "Reason defused",
    },
    visit: (f) => `visited on ${f.date} (${f.person})`,
    committed: (f) => `solution committed for ${f.date}`,
    heldBy: (f) => `held by ${f.person}`,
  },
};

/** What each kind of message is about, for the history line of one that was not sent. */
const esNotices: Record<MessageKind, string> = {
  triage_request: "queja por clasificar",
  report_activated: "queja activada",
  report_dismissed: "queja descartada",
  bomb_assigned: "tienes una bomba",
  bomb_escalated: "ahora es tuya",
  bomb_unanswered: "no contestada",
  unanswered_at_top: "sigue sin respuesta",
  bomb_forwarded: "te la reenvían",
  forward_limit: "demasiados reenvíos",
  bomb_accepted: "aceptada",
  visit_assigned: "visitarás al cliente",
  commitment_reminder: "recordatorio",
  commitment_overdue: "compromiso vencido",
  bomb_resolved: "resuelta, por verificar",
  bomb_closed: "incidencia finalizada",
  bomb_reopened: "reabierta",
  bomb_defused: "desactivada",
  bomb_reassigned: "reasignada",
};

const enNotices: Record<MessageKind, string> = {
  triage_request: "complaint to triage",
  report_activated: "complaint activated",
  report_dismissed: "complaint dismissed",
  bomb_assigned: "you have a bomb",
  bomb_escalated: "it is yours now",
  bomb_unanswered: "unanswered",
  unanswered_at_top: "still unanswered",
  bomb_forwarded: "forwarded to you",
  forward_limit: "too many forwards",
  bomb_accepted: "accepted",
  visit_assigned: "you will visit the customer",
  commitment_reminder: "reminder",
  commitment_overdue: "commitment overdue",
  bomb_resolved: "resolved, to verify",
  bomb_closed: "incident finished",
  bomb_reopened: "reopened",
  bomb_defused: "defused",
  bomb_reassigned: "reassigned",
};

function noticeName(names: Record<MessageKind, string>, kind: string | number | undefined): string {
  return typeof kind === "string" && Object.hasOwn(names, kind)
    ? names[kind as MessageKind]
    : String(kind ?? "");
}

const es: Catalog = {
  reasons: {
    not_found: (f) => `No existe la bomba #${f.id}.`,
    busy: (f) => `La bomba #${f.id} acaba de cambiar; vuelve a intentarlo.`,
    only_loyalty_managers: () => "Solo el responsable de fidelización puede hacer esto.",
    only_holder: () => "Solo quien tiene la bomba ahora (o el CEO) puede hacer esto.",
    only_owner_or_holder: () => "Solo quien aceptó la bomba (o el CEO) puede resolverla.",
    only_loyalty_manager_or_ceo: () =>
      "Solo el responsable de fidelización o el CEO pueden desactivar una bomba.",
    wrong_state: (f) => `La bomba #${f.id} está ${f.state}: esta acción ya no procede.`,
    field_required: () => "Este campo es obligatorio.",
    field_too_long: (f) => `Demasiado largo: ${f.length} caracteres (máximo ${f.max}).`,
    unknown_department: (f) => `No hay ningún departamento «${f.department}».`,
    unknown_person: (f) => `«${f.person}» no está en el organigrama.`,
    target_is_holder: () => "Esa persona ya tiene la bomba.",
    target_not_in_reach: (f) =>
      `Solo se puede reenviar a la cadena de mando o al enlace de otro departamento, no a ${f.person}.`,
    due_in_past: () => "La fecha comprometida ya ha pasado.",
    due_beyond_limit: (f) => `La fecha máxima para un asunto ${f.severity} es el ${f.latest}.`,
    due_not_working_day: (f) => `El ${f.dueDate} no es laborable: elige un día laborable.`,
    visit_in_past: () => "La visita no puede ser en el pasado.",
    visit_not_working_day: (f) => `El ${f.visitOn} no es laborable: elige un día laborable.`,
    visit_after_due: (f) =>
      `La visita tiene que ser como tarde el ${f.dueDate}, la fecha comprometida.`,
    visited_in_future: () => "La fecha de la visita no puede ser futura.",
  },
  events: {
    reported: () => "📝 denuncia recibida, pendiente de clasificar",
    opened: (f) => `💣 abierta → ${f.holder}`,
    dismissed: (f) => `🗑️ descartada: ${f.reason}`,
    escalated: (f) => `⏫ no contestada: sube a ${f.to}`,
    unanswered_at_top: (f) => `⏰ sigue sin respuesta en lo más alto (${f.holder})`,
    forwarded: (f) => `↪️ reenviada de ${f.from} a ${f.to}: ${f.note}`,
    forward_limit_passed: (f) => `⚠️ ${f.forwards} reenvíos, más de los ${f.max} permitidos`,
    accepted: (f) => `✋ aceptada por ${f.owner} · ${f.severity} · solución el ${f.dueDate}`,
    reminded: (f) => `🔔 recordatorio a ${f.owner}: vence el ${f.dueDate}`,
    overdue: (f) => `🚨 compromiso vencido (${f.dueDate}), avisado ${f.reached}`,
    resolved: (f) => `🛠️ resuelta; visita el ${f.visitedOn} por ${f.visitedBy}`,
    closed: (f) => `✅ incidencia finalizada (${f.satisfaction})`,
    reopened: (f) => `🔁 reabierta, nueva fecha ${f.dueDate}: ${f.note}`,
    defused: (f) => `🧯 desactivada: ${f.reason}`,
    reassigned: (f) => `👥 reasignada de ${f.from} a ${f.to}: ${f.reason}`,
    left_org: (f) => `👋 ya no están en el organigrama y dejan de recibir avisos: ${f.people}`,
    delivery_failed: (f) => `📭 no se pudo avisar a ${f.to}: ${f.error}`,
    message_dropped: (f) =>
      `🔕 no se envió a ${f.to} el aviso «${noticeName(esNotices, f.kind)}»: ya no era cierto (bomba ${f.state}${f.holder === undefined ? "" : `, la tiene ${f.holder}`})`,
    advance_failed: (f) => `⚠️ no se pudo avanzar (${f.error}); avisado fidelización`,
  },
  messages: {
    triage_request: (f) => `Nueva queja VIP de ${f.customer}: ¿la activamos?`,
    report_activated: (f) => `Tu queja sobre ${f.customer} es ya la bomba #${f.id}.`,
    report_dismissed: (f) => `Tu queja sobre ${f.customer} se ha descartado.`,
    bomb_assigned: (f) => `💣 Tienes una bomba: queja de ${f.customer}`,
    bomb_escalated: (f) => `💣 Bomba no contestada por ${f.from}: ahora es tuya (${f.customer})`,
    bomb_unanswered: (f) => `⏫ La bomba de ${f.customer} no se contestó y ha subido a ${f.to}`,
    unanswered_at_top: (f) => `⏰ La bomba de ${f.customer} sigue sin respuesta`,
    bomb_forwarded: (f) => `↪️ ${f.from} te reenvía la bomba de ${f.customer}`,
    forward_limit: (f) => `⚠️ La bomba de ${f.customer} lleva ${f.forwards} reenvíos`,
    bomb_accepted: (f) => `✋ ${f.owner} ha aceptado la bomba de ${f.customer}`,
    visit_assigned: (f) => `🚗 Visitarás a ${f.customer} el ${f.visitOn}`,
    commitment_reminder: (f) => `🔔 La solución para ${f.customer} vence el ${f.dueDate}`,
    commitment_overdue: (f) => `🚨 Compromiso vencido con ${f.customer} (${f.dueDate})`,
    bomb_resolved: (f) => `🛠️ Bomba de ${f.customer} resuelta: pendiente de verificar`,
    bomb_closed: (f) => `✅ Incidencia finalizada: ${f.customer}`,
    bomb_reopened: (f) => `🔁 La bomba de ${f.customer} se ha reabierto`,
    bomb_defused: (f) => `🧯 Bomba de ${f.customer} desactivada`,
    bomb_reassigned: (f) => `👥 La bomba de ${f.customer} pasa a ${f.to}`,
  },
  severities: { minor: "leve", major: "grave" },
  satisfactions: { satisfied: "cliente satisfecho", unsatisfied: "cliente no satisfecho" },
  states: {
    triage: "por clasificar",
    pending: "pendiente",
    accepted: "aceptada",
    resolved: "resuelta",
    closed: "cerrada",
    defused: "desactivada",
    dismissed: "descartada",
  },
  words: {
    told: "avisados",
    nobody: "nadie",
    simulationTitle: (f) => `Simulación · ${f.company} · ${f.department} · ${f.zone}`,
    simulationEnd: (f) =>
      `Fin: ${counted("es", Number(f.events), { one: "paso", other: "pasos" })}, ${counted("es", Number(f.messages), { one: "mensaje", other: "mensajes" })}.`,
    workingDays: (n) => `${n} ${Math.abs(n) === 1 ? "día laborable" : "días laborables"}`,
    leftOrg: (f) => `${f.person} ya no está en el organigrama`,
    noSlackUser: (f) => `Slack no tiene ningún usuario con el correo ${f.email}`,
    nothingImported: "No se ha importado nada.",
    imported: (f) =>
      `${f.company}: ${counted("es", Number(f.people), { one: "persona", other: "personas" })} y ${counted("es", Number(f.departments), { one: "departamento", other: "departamentos" })} importados; ${counted("es", Number(f.moved), { one: "bomba reasignada", other: "bombas reasignadas" })}.`,
  },
  slack: esSlack,
  reports: esReports,
};

const en: Catalog = {
  reasons: {
    not_found: (f) => `There is no bomb #${f.id}.`,
    busy: (f) => `Bomb #${f.id} just changed; please try again.`,
    only_loyalty_managers: () => "Only the loyalty manager can do this.",
    only_holder: () => "Only whoever holds the bomb now (or the CEO) can do this.",
    only_owner_or_holder: () => "Only whoever accepted the bomb (or the CEO) can resolve it.",
    only_loyalty_manager_or_ceo: () => "Only the loyalty manager or the CEO can defuse a bomb.",
    wrong_state: (f) => `Bomb #${f.id} is ${f.state}: this action no longer applies.`,
    field_required: () => "This field is required.",
    field_too_long: (f) => `Too long: ${f.length} characters (at most ${f.max}).`,
    unknown_department: (f) => `There is no department "${f.department}".`,
    unknown_person: (f) => `"${f.person}" is not in the org chart.`,
    target_is_holder: () => "That person already holds the bomb.",
    target_not_in_reach: (f) =>
      `A bomb can only be forwarded along the chain or to another department's link, not to ${f.person}.`,
    due_in_past: () => "The committed date has already passed.",
    due_beyond_limit: (f) => `The latest date for a ${f.severity} matter is ${f.latest}.`,
    due_not_working_day: (f) => `${f.dueDate} is not a working day: pick a working day.`,
    visit_in_past: () => "The visit cannot be in the past.",
    visit_not_working_day: (f) => `${f.visitOn} is not a working day: pick a working day.`,
    visit_after_due: (f) => `The visit must be on or before ${f.dueDate}, the committed date.`,
    visited_in_future: () => "The visit date cannot be in the future.",
  },
  events: {
    reported: () => "📝 complaint reported, waiting for triage",
    opened: (f) => `💣 opened → ${f.holder}`,
    dismissed: (f) => `🗑️ dismissed: ${f.reason}`,
    escalated: (f) => `⏫ unanswered: climbs to ${f.to}`,
    unanswered_at_top: (f) => `⏰ still unanswered at the top (${f.holder})`,
    forwarded: (f) => `↪️ forwarded from ${f.from} to ${f.to}: ${f.note}`,
    forward_limit_passed: (f) => `⚠️ ${f.forwards} forwards, more than the ${f.max} allowed`,
    accepted: (f) => `✋ accepted by ${f.owner} · ${f.severity} · solution by ${f.dueDate}`,
    reminded: (f) => `🔔 reminder to ${f.owner}: due ${f.dueDate}`,
    overdue: (f) => `🚨 commitment overdue (${f.dueDate}), told ${f.reached}`,
    resolved: (f) => `🛠️ resolved; visited on ${f.visitedOn} by ${f.visitedBy}`,
    closed: (f) => `✅ incident finished (${f.satisfaction})`,
    reopened: (f) => `🔁 reopened, new date ${f.dueDate}: ${f.note}`,
    defused: (f) => `🧯 defused: ${f.reason}`,
    reassigned: (f) => `👥 reassigned from ${f.from} to ${f.to}: ${f.reason}`,
    left_org: (f) => `👋 no longer in the org chart, no longer told: ${f.people}`,
    delivery_failed: (f) => `📭 could not notify ${f.to}: ${f.error}`,
    message_dropped: (f) =>
      `🔕 the "${noticeName(enNotices, f.kind)}" notice to ${f.to} was not sent: no longer true (bomb ${f.state}${f.holder === undefined ? "" : `, held by ${f.holder}`})`,
    advance_failed: (f) => `⚠️ could not be advanced (${f.error}); the loyalty managers were told`,
  },
  messages: {
    triage_request: (f) => `New VIP complaint from ${f.customer}: activate it?`,
    report_activated: (f) => `Your complaint about ${f.customer} is now bomb #${f.id}.`,
    report_dismissed: (f) => `Your complaint about ${f.customer} was dismissed.`,
    bomb_assigned: (f) => `💣 You have a bomb: complaint from ${f.customer}`,
    bomb_escalated: (f) => `💣 Bomb unanswered by ${f.from}: it is yours now (${f.customer})`,
    bomb_unanswered: (f) => `⏫ The bomb of ${f.customer} was not answered and climbed to ${f.to}`,
    unanswered_at_top: (f) => `⏰ The bomb of ${f.customer} is still unanswered`,
    bomb_forwarded: (f) => `↪️ ${f.from} forwards you the bomb of ${f.customer}`,
    forward_limit: (f) => `⚠️ The bomb of ${f.customer} has been forwarded ${f.forwards} times`,
    bomb_accepted: (f) => `✋ ${f.owner} accepted the bomb of ${f.customer}`,
    visit_assigned: (f) => `🚗 You will visit ${f.customer} on ${f.visitOn}`,
    commitment_reminder: (f) => `🔔 The solution for ${f.customer} is due on ${f.dueDate}`,
    commitment_overdue: (f) => `🚨 Commitment to ${f.customer} overdue (${f.dueDate})`,
    bomb_resolved: (f) => `🛠️ Bomb of ${f.customer} resolved: waiting for verification`,
    bomb_closed: (f) => `✅ Incident finished: ${f.customer}`,
    bomb_reopened: (f) => `🔁 The bomb of ${f.customer} was reopened`,
    bomb_defused: (f) => `🧯 Bomb of ${f.customer} defused`,
    bomb_reassigned: (f) => `👥 The bomb of ${f.customer} passes to ${f.to}`,
  },
  severities: { minor: "minor", major: "major" },
  satisfactions: { satisfied: "customer satisfied", unsatisfied: "customer not satisfied" },
  states: {
    triage: "awaiting triage",
    pending: "pending",
    accepted: "accepted",
    resolved: "resolved",
    closed: "closed",
    defused: "defused",
    dismissed: "dismissed",
  },
  words: {
    told: "told",
    nobody: "nobody",
    simulationTitle: (f) => `Simulation · ${f.company} · ${f.department} · ${f.zone}`,
    simulationEnd: (f) =>
      `End: ${counted("en", Number(f.events), { one: "step", other: "steps" })}, ${counted("en", Number(f.messages), { one: "message", other: "messages" })}.`,
    workingDays: (n) => `${n} working ${Math.abs(n) === 1 ? "day" : "days"}`,
    leftOrg: (f) => `${f.person} is no longer in the org chart`,
    noSlackUser: (f) => `Slack has no user with e-mail ${f.email}`,
    nothingImported: "Nothing was imported.",
    imported: (f) =>
      `${f.company}: ${counted("en", Number(f.people), { one: "person", other: "people" })} and ${counted("en", Number(f.departments), { one: "department", other: "departments" })} imported; ${counted("en", Number(f.moved), { one: "bomb", other: "bombs" })} reassigned.`,
  },
  slack: enSlack,
  reports: enReports,
};

const catalogs: Record<Locale, Catalog> = { es, en };

/** The sentences of a locale. */
export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}
