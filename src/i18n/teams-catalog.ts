/**
 * What only the Teams surface says, once per locale: the help card (Teams' command words, typed
 * in the chat with the bot, not after `/bomba`) and the card the word `nueva`/`new` answers.
 * Everything else Teams shows comes from the main catalog, shared with Slack.
 */
import type { Locale } from "../core/org.ts";

/** The Teams surface's own sentences in one locale. */
export interface TeamsCatalog {
  help: {
    title: string;
    /** How commands are given in Teams. */
    howTo: string;
    /** One line per command: the words, then what it does (Teams Markdown). */
    commands: Record<"open" | "list" | "show" | "home" | "digest" | "report" | "help", string>;
    footer: string;
  };
  /** The answer to `nueva`/`new`: a line and the button that opens the report form. */
  newReport: { text: string; button: string };
  /** Above a list whose last bombs did not fit in one card. */
  listCut: (f: { shown: number; total: number }) => string;
  /** Under a required input left empty (Teams checks it before submitting). */
  required: string;
  /** The one line a dialog or a card button answers with once the change is made. */
  answers: {
    /** A new report filed as bomb `id`. */
    reported: (f: { id: number }) => string;
    /** A form's change made on bomb `id`. */
    done: (f: { id: number }) => string;
    /** Bomb `id` dismissed from triage. */
    dismissed: (f: { id: number }) => string;
    /** The title of the dialog that says why nothing changed. */
    refusedTitle: string;
    /** A button or dialog that names no action of this bot. */
    unknownAction: string;
  };
}

const es: TeamsCatalog = {
  help: {
    title: "💣 Correo bomba",
    howTo:
      "Escríbame en este chat (o mencióneme con @ en un canal; le contesto aquí, en privado) una de estas palabras:",
    commands: {
      open: "**nueva**: registrar una queja VIP",
      list: "**lista** [mías | todas | <departamento>]: las bombas abiertas",
      show: "**ver** <n>: una bomba con todo su historial",
      home: "**inicio**: las bombas que tiene en sus manos y las que aceptó",
      digest: "**resumen**: bombas pendientes por departamento",
      report: "**informe** [2026-Q4]: el informe trimestral",
      help: "**ayuda**: esta ayuda",
    },
    footer:
      "También en inglés: new, list, show, home, digest, report, help. Los botones de cada tarjeta muestran siempre lo que puede hacer ahora con esa bomba.",
  },
  newReport: {
    text: "Para registrar una queja de un cliente VIP, abra el formulario:",
    button: "💣 Registrar una queja",
  },
  listCut: ({ shown, total }) => `Se muestran ${shown} de ${total}.`,
  required: "Hace falta rellenar este campo.",
  answers: {
    reported: ({ id }) =>
      `✅ Queja registrada como bomba #${id}. Le aviso en este chat de cada paso.`,
    done: ({ id }) => `✅ Hecho: la bomba #${id} está al día. Sus tarjetas se actualizan solas.`,
    dismissed: ({ id }) => `🗑️ Aviso #${id} descartado.`,
    refusedTitle: "No ha cambiado nada",
    unknownAction: "Este botón ya no hace nada. Escriba «ayuda» para ver lo que puede hacer.",
  },
};

const en: TeamsCatalog = {
  help: {
    title: "💣 Correo bomba",
    howTo:
      "Write one of these words to me in this chat (or @mention me in a channel; I answer here, privately):",
    commands: {
      open: "**new**: report a VIP complaint",
      list: "**list** [mine | all | <department>]: open bombs",
      show: "**show** <n>: one bomb with its whole history",
      home: "**home**: the bombs you hold and those you accepted",
      digest: "**digest**: pending bombs by department",
      report: "**report** [2026-Q4]: the quarterly report",
      help: "**help**: this help",
    },
    footer:
      "In Spanish too: nueva, lista, ver, inicio, resumen, informe, ayuda. The buttons of each card always show what you can do with that bomb now.",
  },
  newReport: {
    text: "To report a VIP customer's complaint, open the form:",
    button: "💣 Report a complaint",
  },
  listCut: ({ shown, total }) => `Showing ${shown} of ${total}.`,
  required: "This field is required.",
  answers: {
    reported: ({ id }) =>
      `✅ Complaint filed as bomb #${id}. I will tell you each step in this chat.`,
    done: ({ id }) => `✅ Done: bomb #${id} is up to date. Its cards update themselves.`,
    dismissed: ({ id }) => `🗑️ Report #${id} dismissed.`,
    refusedTitle: "Nothing changed",
    unknownAction: "This button does nothing any more. Write “help” to see what you can do.",
  },
};

const catalogs: Record<Locale, TeamsCatalog> = { es, en };

/** The Teams surface's sentences in `locale`. */
export function teamsCatalog(locale: Locale): TeamsCatalog {
  return catalogs[locale];
}
