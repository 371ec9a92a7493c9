/** Spanish: what every chat surface says (facts, buttons, forms, lists, help, home). */
import type { ChatCatalog } from "../types.ts";

export const esChat: ChatCatalog = {
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
  footer: (f, command) =>
    `Bomba #${f.id} · recibida el ${f.at} · ${f.source} · historial: ${command(`ver ${f.id}`)}`,
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
  forms: {
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
    noTargets: (f) => `No hay nadie en ${f.platform} a quien reenviarla: acéptala o resuélvela.`,
  },
  errors: {
    badDate: "Elige una fecha válida.",
    badChoice: "Elige una de las opciones.",
    unknownTarget: "Esa persona no está en el organigrama: elige otra.",
  },
  commands: {
    unknown_command: (f, command) => `No conozco «${f.word}». Prueba ${command("ayuda")}.`,
    missing_id: (_, command) => `Falta el número de la bomba, por ejemplo: ${command("ver 12")}.`,
    bad_id: (f, command) =>
      `«${f.word}» no es un número de bomba; por ejemplo: ${command("ver 12")}.`,
    bad_quarter: (f, command) =>
      `«${f.word}» no es un trimestre; por ejemplo: ${command("informe 2026-Q4")}.`,
    bad_scope: (f) => `«${f.word}» no es «mías», «todas» ni un departamento.`,
    extra_words: (f, command) => `Sobra «${f.word}». Prueba ${command("ayuda")}.`,
  },
  help: {
    title: "💣 Correo bomba",
    intro:
      "Cada queja de un cliente VIP es una bomba: si quien la tiene no contesta a tiempo, sube a su superior, hasta el CEO. Se para cuando alguien la acepta, la resuelve y fidelización comprueba que el cliente está satisfecho.",
    commands: {
      open: (command) => `\`${command("")}\` — denunciar una queja VIP`,
      list: (command) =>
        `\`${command("lista [mías|todas|<departamento>]")}\` — ver bombas abiertas`,
      show: (command) => `\`${command("ver <n>")}\` — una bomba con todo su historial`,
      digest: (command) => `\`${command("resumen")}\` — bombas pendientes por departamento`,
      report: (command) => `\`${command("informe [2026-Q4]")}\` — informe trimestral`,
      help: (command) => `\`${command("ayuda")}\` — esta ayuda`,
    },
    footer: "Los botones de cada mensaje muestran siempre lo que puedes hacer ahora con esa bomba.",
  },
  list: {
    empty: "No hay ninguna bomba aquí. 🎉",
    more: (f) => `… y ${f.count} más que no caben aquí.`,
  },
  listMine: "💣 Tus bombas abiertas",
  listAll: "💣 Todas las bombas abiertas",
  onlyInCharge: (command) =>
    `El resumen y el informe son para el responsable de fidelización, el CEO y los directores. Usa \`${command("lista")}\` para ver tus bombas.`,
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
    emptyHint: (command) =>
      `Cuando te llegue una, la verás aquí con su plazo. Para denunciar una queja VIP: ${command("")}`,
  },
};
