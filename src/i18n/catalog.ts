/**
 * Every sentence the product says, once per locale. Handlers, builders and the CLI take their
 * words from here; a missing translation is a type error.
 */
import type { EventKind, MessageKind } from "../core/effects.ts";
import type { RejectionReason } from "../core/errors.ts";
import type { Locale } from "../core/org.ts";

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
  };
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
    visit_in_past: () => "La visita no puede ser en el pasado.",
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
    delivery_failed: (f) => `📭 no se pudo avisar a ${f.to}: ${f.error}`,
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
    simulationEnd: (f) => `Fin: ${f.events} pasos, ${f.messages} mensajes.`,
    workingDays: (n) => `${n} ${Math.abs(n) === 1 ? "día laborable" : "días laborables"}`,
  },
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
    visit_in_past: () => "The visit cannot be in the past.",
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
    delivery_failed: (f) => `📭 could not notify ${f.to}: ${f.error}`,
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
    simulationEnd: (f) => `End: ${f.events} steps, ${f.messages} messages.`,
    workingDays: (n) => `${n} working ${Math.abs(n) === 1 ? "day" : "days"}`,
  },
};

const catalogs: Record<Locale, Catalog> = { es, en };

/** The sentences of a locale. */
export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}
