/**
 * What the `bomba` command line says, once per locale: each command's help, usage and flag
 * errors, the database and backup refusals, and the lines `tick` and `report` print. Kept apart
 * from the main catalog so that `bomba help` loads nothing but these sentences.
 */
import type { Locale } from "../core/org.ts";
import { counted, pluralForm } from "./plural.ts";

/** The commands, as typed after `bomba`. */
export type CommandName =
  | "serve"
  | "simulate"
  | "tick"
  | "org check"
  | "org import"
  | "report"
  | "backup"
  | "teams package"
  | "help";

/** Placeholders of a synopsis: the words that stand for what the user types. */
export type Placeholder = "file" | "id" | "iso" | "quarter" | "format" | "command" | "host";

/** What a command's help says besides its synopsis. */
export interface CommandWords {
  /** One line for `bomba help`'s list. */
  summary: string;
  /** The paragraph under the usage line, in pieces that are joined and wrapped. */
  about: string[];
  /** Each option's line, by option name without dashes. */
  options?: Record<string, string>;
  /** Each positional argument's line, by placeholder. */
  arguments?: Partial<Record<Placeholder, string>>;
  /** The environment variables it reads. */
  environment?: string;
}

/** Why a path given in BOMBA_DB cannot be a database (see `src/store/database-path.ts`). */
export type DatabaseProblemWords = {
  isDirectory: (f: { path: string }) => string;
  notDatabase: (f: { path: string; orgFile: boolean }) => string;
  brokenLink: (f: { path: string; target: string }) => string;
  missing: (f: { path: string }) => string;
  parentNotDirectory: (f: { path: string; parent: string }) => string;
  cannotCreateFolder: (f: { path: string; folder: string; reason: string }) => string;
  cannotOpen: (f: { path: string; reason: string }) => string;
};

/** The command line's sentences in one locale. */
export interface CliCatalog {
  /** "usage" as the first word of a synopsis line. */
  usage: string;
  placeholders: Record<Placeholder, string>;
  /** Headings of a command's help. */
  headings: { options: string; arguments: string; environment: string; commands: string };
  /** The `-h, --help` line every command has. */
  helpOption: string;
  commands: Record<CommandName, CommandWords>;
  /** `bomba help`: the line above the commands and the lines below. */
  overview: { title: (f: { version: string }) => string; footer: string[] };
  versionSummary: string;
  errors: {
    unknownCommand: (f: { command: string; suggestion: string | undefined }) => string;
    /** Under an unknown command. */
    seeHelp: string;
    /** `bomba org` without check or import. */
    orgWhich: string;
    unknownOption: (f: { option: string; suggestion: string | undefined }) => string;
    missingValue: (f: { option: string; placeholder: string }) => string;
    noValueTaken: (f: { option: string }) => string;
    strayArgument: (f: { argument: string; suggestion: string | undefined }) => string;
    missingArgument: (f: { placeholder: string }) => string;
    emptyArgument: (f: { placeholder: string }) => string;
    badInstant: (f: { option: string; value: string }) => string;
    /** An instant the calendar does not reach (`CLOCK_YEARS`). */
    instantOutOfRange: (f: {
      option: string;
      value: string;
      first: string;
      last: string;
    }) => string;
    badQuarter: (f: { value: string }) => string;
    badFormat: (f: { value: string }) => string;
    internal: (f: { command: string; reason: string }) => string;
  };
  /** A malformed environment variable: what it must be. */
  environment: {
    invalid: (f: { variable: string; expected: string }) => string;
    expected: Record<string, string>;
    botTokenForServe: string;
    botTokenForImport: string;
    signingSecret: string;
    /** `serve` with both Slack's and Teams' credentials. */
    bothPlatforms: string;
    /** `serve` with neither's. */
    noPlatform: string;
    /** A Teams credential missing while the others are set. */
    teamsMissing: (f: { variable: string }) => string;
  };
  database: DatabaseProblemWords & {
    /** `tick --dry-run` before any database exists. */
    noneYet: (f: { path: string }) => string;
    /** A PostgreSQL BOMBA_DB that cannot be reached (the URL without its password). */
    unreachable: (f: { target: string; reason: string }) => string;
    /** A read-only command on a PostgreSQL database whose schema is not up to date. */
    schemaBehind: (f: { target: string }) => string;
    /** `tick --dry-run` on PostgreSQL, which has no copy in memory to rehearse on. */
    dryRunNeedsSqlite: () => string;
  };
  /** errno codes in words, for "cannot create … (permission denied)". */
  systemReasons: Record<string, string>;
  backup: {
    exists: (f: { file: string }) => string;
    noFolder: (f: { file: string; folder: string }) => string;
    notFolder: (f: { file: string; folder: string }) => string;
    cannotWrite: (f: { file: string; reason: string }) => string;
    done: (f: { file: string; source: string; pages: number }) => string;
    /** `bomba backup` on PostgreSQL. */
    postgres: () => string;
  };
  tick: {
    done: (f: { at: string; bombs: number; events: number; messages: number }) => string;
    dryRun: (f: { at: string; bombs: number; events: number; messages: number }) => string;
    queued: (f: {
      job: "digest" | "report";
      period: string;
      rows: number;
      late: boolean;
    }) => string;
    noToken: string;
    delivered: (f: { sent: number; retried: number; failed: number; dropped: number }) => string;
    stuck: (f: { id: number; error: string }) => string;
    orgChanged: (f: { revision: number; moved: number }) => string;
    orgWouldChange: (f: { revision: number; moved: number }) => string;
    lookupFailed: (f: { platform: string; reason: string }) => string;
    noUser: (f: { platform: string; email: string }) => string;
  };
  report: {
    notOver: (f: { quarter: string; ends: string; asOf: string }) => string;
    future: (f: { quarter: string; starts: string }) => string;
  };
  /** `bomba teams package`. */
  teamsPackage: {
    /** `bomba teams` without `package`. */
    which: string;
    noClientId: string;
    badClientId: (f: { value: string }) => string;
    noDomain: string;
    badDomain: (f: { value: string }) => string;
    noFolder: (f: { file: string; folder: string }) => string;
    cannotWrite: (f: { file: string; reason: string }) => string;
    done: (f: { file: string; clientId: string; domain: string }) => string;
  };
  slackFailed: (f: { reason: string }) => string;
  /** `bomba org import` on Teams: people through Microsoft Graph and the app installed. */
  teamsImport: {
    noTeamsUser: (f: { email: string }) => string;
    notReachable: (f: { email: string; reason: string }) => string;
    graphFailed: (f: { reason: string }) => string;
    notInCatalog: string;
    installed: (f: { count: number }) => string;
  };
}

const enEnvironment =
  "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, or TEAMS_CLIENT_ID, " +
  "TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID; PORT, BOMBA_DB " +
  "(./data/bomba.db), BOMBA_ORG (./org.yaml), LOG_LEVEL; .env.example describes each";
const esEnvironment =
  "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, o TEAMS_CLIENT_ID, " +
  "TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID; PORT, BOMBA_DB " +
  "(./data/bomba.db), BOMBA_ORG (./org.yaml), LOG_LEVEL; .env.example describe cada una";

const en: CliCatalog = {
  usage: "usage",
  placeholders: {
    file: "FILE",
    id: "ID",
    iso: "ISO",
    quarter: "2026-Q4",
    format: "md|csv",
    command: "COMMAND",
    host: "HOST",
  },
  headings: {
    options: "Options:",
    arguments: "Arguments:",
    environment: "Environment:",
    commands: "Commands:",
  },
  helpOption: "this help",
  commands: {
    serve: {
      summary: "the Slack app, the scheduler every 30 s and the delivery of messages",
      about: [
        "Runs the bot until Ctrl-C or SIGTERM: the Slack app (HTTP on PORT at /slack/events, or",
        "Socket Mode when SLACK_APP_TOKEN is set), the scheduler every 30 s, the delivery of",
        "queued messages, and GET /healthz.",
      ],
      environment: enEnvironment,
    },
    simulate: {
      summary: "a bomb's whole life on an org file, told step by step; needs no Slack",
      about: [
        "Opens a bomb, lets nobody answer so that it climbs to the CEO, who accepts it; then the",
        "reminder, the resolution and the verification. Prints who is told what, and when, with",
        "a simulated clock. Needs no Slack and writes nothing.",
      ],
      options: {
        org: "the org file (default: $BOMBA_ORG, else the example org)",
        department: "the department the bomb is for (default: the first in the file)",
        start: "when the bomb is opened, e.g. 2026-12-03T10:00, in the org's zone (default: now)",
        json: "one JSON object a line: at, event, holder, to",
      },
    },
    tick: {
      summary: "one scheduler pass, then the delivery of what it queued",
      about: [
        "Runs one scheduler pass as of --at: escalations, reminders, the digest and the",
        "quarterly report when they are due; then delivers the queued messages through Slack",
        "(SLACK_BOT_TOKEN) or Teams (the TEAMS_* variables), as bomba serve does. With --dry-run",
        "it prints what would happen and writes nothing.",
      ],
      options: {
        at: "the moment of the pass, e.g. 2026-12-03T10:00, in the org's zone (default: now)",
        "dry-run": "print what would happen; write nothing, send nothing",
      },
      environment:
        "BOMBA_DB, BOMBA_ORG, SLACK_BOT_TOKEN, SLACK_API_URL or TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID (and the other TEAMS_* and GRAPH_API_URL), BOMBA_CLOCK",
    },
    "org check": {
      summary: "checks an org file; every error with its line and path",
      about: ["Reads the org file and lists every problem, each with its line. Writes nothing."],
      arguments: { file: "the org file (default: $BOMBA_ORG, else ./org.yaml)" },
    },
    "org import": {
      summary: "checks the org file, finds everyone in Slack and stores it, all or nothing",
      about: [
        "Checks the org file, looks every e-mail up in Slack and stores the org, all or",
        "nothing. Open bombs of people who left go to their former superior.",
      ],
      arguments: { file: "the org file (default: $BOMBA_ORG, else ./org.yaml)" },
      environment: "SLACK_BOT_TOKEN, SLACK_API_URL, BOMBA_DB",
    },
    report: {
      summary: "the quarterly report on the terminal",
      about: [
        "Prints the quarterly report: the figures per department, then what was done and what",
        "is pending. A quarter that is not over is shown as it stands so far.",
      ],
      options: {
        quarter: "the quarter (default: the one just ended)",
        format: "Markdown (md, the default) or the CSV the report attaches, a row per bomb",
      },
      environment: "BOMBA_DB, BOMBA_ORG, BOMBA_CLOCK",
    },
    backup: {
      summary: "a consistent copy of the database, taken while the bot runs",
      about: [
        "Copies the database in BOMBA_DB to FILE while the bot goes on working: the copy is the",
        "database as it stood at one moment. FILE must be new, in a folder that exists.",
      ],
      arguments: { file: "where the copy goes" },
      environment: "BOMBA_DB",
    },
    "teams package": {
      summary: "the Teams app package (zip) an admin uploads, client id and domain filled in",
      about: [
        "Writes the zip to upload in the Teams admin center (Manage apps, Upload new app): the",
        "manifest with TEAMS_CLIENT_ID and the bot's domain filled in, and its two icons. An",
        "existing FILE is replaced.",
      ],
      options: {
        out: "where the zip goes (default: ./correo-bomba-teams.zip)",
        domain: "the bot's public host name, e.g. bomba.example.com (default: $TEAMS_BOT_DOMAIN)",
      },
      environment: "TEAMS_CLIENT_ID, TEAMS_BOT_DOMAIN",
    },
    help: {
      summary: "this list, or one command's help",
      about: ["Lists the commands, or explains one: bomba help tick."],
      arguments: { command: "the command to explain, e.g. tick or org check" },
    },
  },
  overview: {
    title: ({ version }) =>
      `bomba ${version} — correo bomba: VIP complaints that climb the org chart until someone answers`,
    footer: [
      "Every command explains itself: bomba COMMAND --help.",
      `Environment: ${enEnvironment}.`,
    ],
  },
  versionSummary: "the version",
  errors: {
    unknownCommand: ({ command, suggestion }) =>
      `unknown command "${command}"${suggestion === undefined ? "" : `: did you mean "${suggestion}"?`}`,
    seeHelp: "bomba help lists every command.",
    orgWhich: "bomba org takes a command: check or import",
    unknownOption: ({ option, suggestion }) =>
      `unknown option ${option}${suggestion === undefined ? "" : `: did you mean ${suggestion}?`}`,
    missingValue: ({ option, placeholder }) => `${option} needs a value: ${option} ${placeholder}`,
    noValueTaken: ({ option }) => `${option} takes no value`,
    strayArgument: ({ argument, suggestion }) =>
      `unexpected argument "${argument}"${suggestion === undefined ? "" : `: did you mean ${suggestion}?`}`,
    missingArgument: ({ placeholder }) => `${placeholder} is missing`,
    emptyArgument: ({ placeholder }) => `${placeholder} is empty`,
    badInstant: ({ option, value }) =>
      `${option}: "${value}" is not a date and time (e.g. 2026-12-03T10:00)`,
    instantOutOfRange: ({ option, value, first, last }) =>
      `${option}: "${value}" is outside the calendar (years ${first} to ${last})`,
    badQuarter: ({ value }) => `--quarter: "${value}" is not a quarter (e.g. 2026-Q4)`,
    badFormat: ({ value }) => `--format: "${value}" is not a format; use md or csv`,
    internal: ({ command, reason }) => `bomba ${command}: internal error: ${reason}`,
  },
  environment: {
    invalid: ({ variable, expected }) => `${variable}: ${expected}`,
    expected: {
      SLACK_BOT_TOKEN: "must be the Bot User OAuth Token, which starts with xoxb-",
      SLACK_SIGNING_SECRET: "looks too short: copy the Signing Secret from Basic Information",
      SLACK_APP_TOKEN: "must be an app-level token, which starts with xapp-",
      SLACK_API_URL: "must be an http or https URL",
      PORT: "must be a port number from 1 to 65535",
      LOG_LEVEL: "must be debug, info, warn or error",
      BOMBA_CLOCK:
        "must be a date and time with its offset, years 0100 to 9899, e.g. 2026-12-03T10:00:00+01:00",
      TEAMS_CLIENT_ID:
        "must be the bot's Application (client) ID, which looks like 00000000-0000-0000-0000-000000000000",
      TEAMS_CLIENT_SECRET: "looks too short: copy the client secret's Value, not its ID",
      TEAMS_TENANT_ID:
        "must be the Directory (tenant) ID, which looks like 00000000-0000-0000-0000-000000000000",
      TEAMS_OPENID_METADATA_URL: "must be an http or https URL ending in /openidconfiguration",
      TEAMS_LOGIN_URL: "must be an http or https URL",
      TEAMS_SERVICE_URL: "must be an http or https URL",
      GRAPH_API_URL: "must be an http or https URL",
    },
    botTokenForServe: "SLACK_BOT_TOKEN: required, the Bot User OAuth Token (xoxb-…)",
    botTokenForImport: "SLACK_BOT_TOKEN: required to look people up in Slack",
    signingSecret:
      "SLACK_SIGNING_SECRET: required over HTTP (or set SLACK_APP_TOKEN for Socket Mode)",
    bothPlatforms:
      "SLACK_BOT_TOKEN and TEAMS_CLIENT_SECRET are both set: one deployment serves one platform, leave the other empty",
    noPlatform:
      "SLACK_BOT_TOKEN (Slack) or TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID (Teams): required, set one platform's",
    teamsMissing: ({ variable }) =>
      `${variable}: required for Teams, with the other two of TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID`,
  },
  database: {
    isDirectory: ({ path }) =>
      `BOMBA_DB is ${path}, a folder: name a database file in it, e.g. ${path.replace(/\/+$/, "")}/bomba.db`,
    notDatabase: ({ path, orgFile }) =>
      `BOMBA_DB is ${path}, which is not a bomba database${orgFile ? " (it looks like an org file: that one goes in BOMBA_ORG)" : ""}`,
    brokenLink: ({ path, target }) =>
      `BOMBA_DB is ${path}, a link to ${target}, which does not exist`,
    missing: ({ path }) =>
      `BOMBA_DB: there is no database at ${path} (bomba serve or bomba tick creates it)`,
    parentNotDirectory: ({ path, parent }) =>
      `BOMBA_DB is ${path}, but ${parent} is a file, not a folder`,
    cannotCreateFolder: ({ path, folder, reason }) =>
      `BOMBA_DB is ${path}, but the folder ${folder} cannot be created (${reason})`,
    cannotOpen: ({ path, reason }) => `BOMBA_DB is ${path}, which cannot be opened (${reason})`,
    noneYet: ({ path }) =>
      `There is no database at ${path} yet: nothing is due, and --dry-run creates nothing.`,
    unreachable: ({ target, reason }) =>
      `BOMBA_DB is ${target}, which cannot be reached (${reason})`,
    schemaBehind: ({ target }) =>
      `BOMBA_DB is ${target}, whose tables are not those of this version yet: start bomba serve (or run bomba tick) once to bring them up to date; this command only reads and changes nothing`,
    dryRunNeedsSqlite: () =>
      "tick --dry-run works on a SQLite file only; on PostgreSQL run tick without it, or use bomba simulate",
  },
  systemReasons: {
    EACCES: "permission denied",
    EPERM: "not permitted",
    EROFS: "read-only file system",
    ENOSPC: "the disk is full",
    ENOENT: "the system does not allow it there",
    ENOTDIR: "part of the path is not a folder",
    EEXIST: "something else already has that name",
    SQLITE_CANTOPEN: "it cannot be opened or created there",
    SQLITE_READONLY: "it is read-only",
    SQLITE_PERM: "permission denied",
    SQLITE_FULL: "the disk is full",
    SQLITE_BUSY: "another program holds it",
  },
  backup: {
    exists: ({ file }) => `${file} already exists: choose a new file`,
    noFolder: ({ file, folder }) => `${file}: the folder ${folder} does not exist`,
    notFolder: ({ file, folder }) => `${file}: ${folder} is not a folder`,
    cannotWrite: ({ file, reason }) => `cannot write ${file} (${reason})`,
    done: ({ file, source, pages }) =>
      `${file}: a consistent copy of ${source} (${counted("en", pages, { one: "page", other: "pages" })})`,
    postgres: () =>
      "BOMBA_DB is a PostgreSQL database: back it up with pg_dump (or your provider's backups), not with bomba backup",
  },
  tick: {
    done: ({ at, bombs, events, messages }) =>
      `tick ${at}: ${counted("en", bombs, { one: "bomb", other: "bombs" })} advanced (${enSteps(events, messages)})`,
    dryRun: ({ at, bombs, events, messages }) =>
      `tick ${at}, dry run: ${counted("en", bombs, { one: "bomb", other: "bombs" })} would advance (${enSteps(events, messages)}); nothing was written`,
    queued: ({ job, period, rows, late }) =>
      `${job === "digest" ? "daily digest for" : "quarterly report for"} ${period}: ${counted("en", rows, { one: "message", other: "messages" })} queued${late ? " (late)" : ""}`,
    noToken:
      "neither SLACK_BOT_TOKEN nor the Teams variables are set: the messages wait in the queue for bomba serve",
    delivered: ({ sent, retried, failed, dropped }) =>
      `${counted("en", sent, { one: "message", other: "messages" })} delivered, ${retried} to retry, ${failed} failed${dropped > 0 ? `, ${dropped} dropped as no longer true` : ""}`,
    stuck: ({ id, error }) => `#${id}: cannot be advanced, skipped (${error})`,
    orgChanged: ({ revision, moved }) =>
      `org revision ${revision} came into force: ${counted("en", moved, { one: "bomb", other: "bombs" })} reassigned`,
    orgWouldChange: ({ revision, moved }) =>
      `org revision ${revision} would come into force: ${counted("en", moved, { one: "bomb", other: "bombs" })} reassigned`,
    lookupFailed: ({ platform, reason }) => `${platform}: could not look people up: ${reason}`,
    noUser: ({ platform, email }) =>
      `${platform} has no user with e-mail ${email}: messages to them will fail`,
  },
  report: {
    notOver: ({ quarter, ends, asOf }) =>
      `${quarter} is not over (it ends on ${ends}): this is the report so far, as of ${asOf}.`,
    future: ({ quarter, starts }) =>
      `${quarter} has not begun (it starts on ${starts}): there is nothing to report yet.`,
  },
  teamsPackage: {
    which: "bomba teams takes a command: package",
    noClientId:
      "TEAMS_CLIENT_ID: required, the bot's Application (client) ID from its Azure Bot or Entra app registration",
    badClientId: ({ value }) =>
      `TEAMS_CLIENT_ID: "${value}" is not an Application (client) ID, which looks like 00000000-0000-0000-0000-000000000000`,
    noDomain:
      "the bot's domain is missing: give --domain bomba.example.com or set TEAMS_BOT_DOMAIN (the host of its messaging endpoint)",
    badDomain: ({ value }) =>
      `"${value}" is not a host name: give only the host of the messaging endpoint, e.g. bomba.example.com`,
    noFolder: ({ file, folder }) => `cannot write ${file}: the folder ${folder} does not exist`,
    cannotWrite: ({ file, reason }) => `cannot write ${file} (${reason})`,
    done: ({ file, clientId, domain }) =>
      `wrote ${file} (client id ${clientId}, domain ${domain}): upload it in the Teams admin center, Manage apps, Upload new app`,
  },
  slackFailed: ({ reason }) => `Slack: ${reason}`,
  teamsImport: {
    noTeamsUser: ({ email }) => `Microsoft 365 has no user with e-mail ${email}`,
    notReachable: ({ email, reason }) =>
      `the app could not be installed in Teams for ${email} (${reason}): the bot could not write to them`,
    graphFailed: ({ reason }) => `Microsoft Graph: ${reason}`,
    notInCatalog:
      "the app is not in your organization's Teams app catalog: upload the package (bomba teams package) in the Teams admin center, Manage apps, then import again",
    installed: ({ count }) =>
      `the app was installed in Teams for ${counted("en", count, { one: "person", other: "people" })} who lacked it`,
  },
};

function enSteps(events: number, messages: number): string {
  return `${counted("en", events, { one: "step", other: "steps" })}, ${counted("en", messages, { one: "message", other: "messages" })}`;
}

function esSteps(events: number, messages: number): string {
  return `${counted("es", events, { one: "paso", other: "pasos" })}, ${counted("es", messages, { one: "mensaje", other: "mensajes" })}`;
}

const es: CliCatalog = {
  usage: "uso",
  placeholders: {
    file: "FICHERO",
    id: "ID",
    iso: "ISO",
    quarter: "2026-Q4",
    format: "md|csv",
    command: "COMANDO",
    host: "DOMINIO",
  },
  headings: {
    options: "Opciones:",
    arguments: "Argumentos:",
    environment: "Entorno:",
    commands: "Comandos:",
  },
  helpOption: "esta ayuda",
  commands: {
    serve: {
      summary: "la app de Slack, el planificador cada 30 s y la entrega de mensajes",
      about: [
        "Mantiene el bot en marcha hasta Ctrl-C o SIGTERM: la app de Slack (HTTP en PORT, en",
        "/slack/events, o Socket Mode si hay SLACK_APP_TOKEN), el planificador cada 30 s, la",
        "entrega de los mensajes en cola y GET /healthz.",
      ],
      environment: esEnvironment,
    },
    simulate: {
      summary: "la vida entera de una bomba sobre un fichero de organización; sin Slack",
      about: [
        "Abre una bomba, nadie contesta y sube hasta el CEO, que la acepta; luego llegan el",
        "recordatorio, la resolución y la verificación. Muestra a quién se avisa de qué y cuándo,",
        "con un reloj simulado. No necesita Slack y no escribe nada.",
      ],
      options: {
        org: "el fichero de organización (por defecto $BOMBA_ORG, o el de ejemplo)",
        department: "el departamento de la bomba (por defecto el primero del fichero)",
        start:
          "cuándo se abre, p. ej. 2026-12-03T10:00, en la zona de la organización (por defecto, ahora)",
        json: "un objeto JSON por línea: at, event, holder, to",
      },
    },
    tick: {
      summary: "una pasada del planificador y la entrega de lo que deja en cola",
      about: [
        "Hace una pasada del planificador a la hora --at: escalados, recordatorios, el resumen",
        "diario y el informe trimestral cuando tocan; después entrega los mensajes en cola por",
        "Slack (SLACK_BOT_TOKEN) o por Teams (las variables TEAMS_*), como bomba serve. Con",
        "--dry-run muestra lo que pasaría y no escribe nada.",
      ],
      options: {
        at: "el momento de la pasada, p. ej. 2026-12-03T10:00, en la zona de la organización (por defecto, ahora)",
        "dry-run": "mostrar lo que pasaría, sin escribir ni enviar nada",
      },
      environment:
        "BOMBA_DB, BOMBA_ORG, SLACK_BOT_TOKEN, SLACK_API_URL o TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID (y las demás TEAMS_* y GRAPH_API_URL), BOMBA_CLOCK",
    },
    "org check": {
      summary: "comprueba un fichero de organización; cada error con su línea y su ruta",
      about: [
        "Lee el fichero y muestra todos sus problemas, cada uno con su línea. No escribe nada.",
      ],
      arguments: { file: "el fichero de organización (por defecto $BOMBA_ORG, o ./org.yaml)" },
    },
    "org import": {
      summary: "comprueba el fichero, busca a todos en Slack y lo guarda, todo o nada",
      about: [
        "Comprueba el fichero de organización, busca cada e-mail en Slack y guarda la",
        "organización, todo o nada. Las bombas abiertas de quien se fue pasan a su superior.",
      ],
      arguments: { file: "el fichero de organización (por defecto $BOMBA_ORG, o ./org.yaml)" },
      environment: "SLACK_BOT_TOKEN, SLACK_API_URL, BOMBA_DB",
    },
    report: {
      summary: "el informe trimestral en el terminal",
      about: [
        "Muestra el informe trimestral: las cifras por departamento y después lo hecho y lo",
        "pendiente. Un trimestre que no ha terminado se muestra tal como va.",
      ],
      options: {
        quarter: "el trimestre (por defecto, el que acaba de terminar)",
        format: "Markdown (md, por defecto) o el CSV que acompaña al informe, una fila por bomba",
      },
      environment: "BOMBA_DB, BOMBA_ORG, BOMBA_CLOCK",
    },
    backup: {
      summary: "una copia coherente de la base de datos, con el bot en marcha",
      about: [
        "Copia la base de datos de BOMBA_DB en FICHERO mientras el bot sigue trabajando: la",
        "copia refleja un único instante. FICHERO debe ser nuevo, en una carpeta que exista.",
      ],
      arguments: { file: "dónde va la copia" },
      environment: "BOMBA_DB",
    },
    "teams package": {
      summary: "el paquete de la aplicación de Teams (zip) que sube el administrador",
      about: [
        "Escribe el zip que se sube en el centro de administración de Teams (Administrar",
        "aplicaciones, Cargar nueva aplicación): el manifiesto con TEAMS_CLIENT_ID y el dominio",
        "del bot, y sus dos iconos. Si FICHERO ya existe, se sustituye.",
      ],
      options: {
        out: "dónde va el zip (por defecto, ./correo-bomba-teams.zip)",
        domain:
          "el nombre público del bot, p. ej. bomba.example.com (por defecto, $TEAMS_BOT_DOMAIN)",
      },
      environment: "TEAMS_CLIENT_ID, TEAMS_BOT_DOMAIN",
    },
    help: {
      summary: "esta lista, o la ayuda de un comando",
      about: ["Muestra los comandos, o explica uno: bomba help tick."],
      arguments: { command: "el comando que explicar, p. ej. tick u org check" },
    },
  },
  overview: {
    title: ({ version }) =>
      `bomba ${version} — correo bomba: quejas VIP que suben por el organigrama hasta que alguien contesta`,
    footer: [
      "Cada comando se explica a sí mismo: bomba COMANDO --help.",
      `Entorno: ${esEnvironment}.`,
    ],
  },
  versionSummary: "la versión",
  errors: {
    unknownCommand: ({ command, suggestion }) =>
      `comando desconocido «${command}»${suggestion === undefined ? "" : `: ¿quería decir «${suggestion}»?`}`,
    seeHelp: "bomba help muestra todos los comandos.",
    orgWhich: "bomba org lleva un comando: check o import",
    unknownOption: ({ option, suggestion }) =>
      `opción desconocida ${option}${suggestion === undefined ? "" : `: ¿quería decir ${suggestion}?`}`,
    missingValue: ({ option, placeholder }) =>
      `${option} necesita un valor: ${option} ${placeholder}`,
    noValueTaken: ({ option }) => `${option} no lleva valor`,
    strayArgument: ({ argument, suggestion }) =>
      `argumento inesperado «${argument}»${suggestion === undefined ? "" : `: ¿quería decir ${suggestion}?`}`,
    missingArgument: ({ placeholder }) => `falta ${placeholder}`,
    emptyArgument: ({ placeholder }) => `${placeholder} está vacío`,
    badInstant: ({ option, value }) =>
      `${option}: «${value}» no es una fecha con hora (p. ej. 2026-12-03T10:00)`,
    instantOutOfRange: ({ option, value, first, last }) =>
      `${option}: «${value}» queda fuera del calendario (años ${first} a ${last})`,
    badQuarter: ({ value }) => `--quarter: «${value}» no es un trimestre (p. ej. 2026-Q4)`,
    badFormat: ({ value }) => `--format: «${value}» no es un formato; use md o csv`,
    internal: ({ command, reason }) => `bomba ${command}: error interno: ${reason}`,
  },
  environment: {
    invalid: ({ variable, expected }) => `${variable}: ${expected}`,
    expected: {
      SLACK_BOT_TOKEN: "debe ser el Bot User OAuth Token, que empieza por xoxb-",
      SLACK_SIGNING_SECRET: "parece demasiado corto: copie el Signing Secret de Basic Information",
      SLACK_APP_TOKEN: "debe ser un token de aplicación, que empieza por xapp-",
      SLACK_API_URL: "debe ser una URL http o https",
      PORT: "debe ser un número de puerto del 1 al 65535",
      LOG_LEVEL: "debe ser debug, info, warn o error",
      BOMBA_CLOCK:
        "debe ser una fecha con hora y desfase, años 0100 a 9899, p. ej. 2026-12-03T10:00:00+01:00",
      TEAMS_CLIENT_ID:
        "debe ser el Id. de aplicación (cliente) del bot, con la forma 00000000-0000-0000-0000-000000000000",
      TEAMS_CLIENT_SECRET:
        "parece demasiado corto: copie el Valor del secreto de cliente, no su Id.",
      TEAMS_TENANT_ID:
        "debe ser el Id. de directorio (inquilino), con la forma 00000000-0000-0000-0000-000000000000",
      TEAMS_OPENID_METADATA_URL:
        "debe ser una URL http o https que termine en /openidconfiguration",
      TEAMS_LOGIN_URL: "debe ser una URL http o https",
      TEAMS_SERVICE_URL: "debe ser una URL http o https",
      GRAPH_API_URL: "debe ser una URL http o https",
    },
    botTokenForServe: "SLACK_BOT_TOKEN: hace falta, es el Bot User OAuth Token (xoxb-…)",
    botTokenForImport: "SLACK_BOT_TOKEN: hace falta para buscar a las personas en Slack",
    signingSecret:
      "SLACK_SIGNING_SECRET: hace falta por HTTP (o defina SLACK_APP_TOKEN para Socket Mode)",
    bothPlatforms:
      "SLACK_BOT_TOKEN y TEAMS_CLIENT_SECRET están definidas a la vez: cada instalación atiende una sola plataforma, deje la otra vacía",
    noPlatform:
      "SLACK_BOT_TOKEN (Slack) o TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET y TEAMS_TENANT_ID (Teams): hacen falta, defina las de una plataforma",
    teamsMissing: ({ variable }) =>
      `${variable}: hace falta para Teams, junto con las otras dos de TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET y TEAMS_TENANT_ID`,
  },
  database: {
    isDirectory: ({ path }) =>
      `BOMBA_DB es ${path}, una carpeta: indique un fichero de base de datos dentro, p. ej. ${path.replace(/\/+$/, "")}/bomba.db`,
    notDatabase: ({ path, orgFile }) =>
      `BOMBA_DB es ${path}, que no es una base de datos de bomba${orgFile ? " (parece un fichero de organización: ese va en BOMBA_ORG)" : ""}`,
    brokenLink: ({ path, target }) => `BOMBA_DB es ${path}, un enlace a ${target}, que no existe`,
    missing: ({ path }) =>
      `BOMBA_DB: no hay ninguna base de datos en ${path} (la crea bomba serve o bomba tick)`,
    parentNotDirectory: ({ path, parent }) =>
      `BOMBA_DB es ${path}, pero ${parent} es un fichero, no una carpeta`,
    cannotCreateFolder: ({ path, folder, reason }) =>
      `BOMBA_DB es ${path}, pero no se puede crear la carpeta ${folder} (${reason})`,
    cannotOpen: ({ path, reason }) => `BOMBA_DB es ${path}, que no se puede abrir (${reason})`,
    noneYet: ({ path }) =>
      `Aún no hay base de datos en ${path}: no vence nada, y --dry-run no crea nada.`,
    unreachable: ({ target, reason }) => `BOMBA_DB es ${target}, que no responde (${reason})`,
    schemaBehind: ({ target }) =>
      `BOMBA_DB es ${target}, cuyas tablas aún no son las de esta versión: arranque bomba serve (o ejecute bomba tick) una vez para ponerlas al día; este comando solo lee y no cambia nada`,
    dryRunNeedsSqlite: () =>
      "tick --dry-run solo funciona con un fichero SQLite; con PostgreSQL ejecute tick sin él, o use bomba simulate",
  },
  systemReasons: {
    EACCES: "permiso denegado",
    EPERM: "operación no permitida",
    EROFS: "sistema de ficheros de solo lectura",
    ENOSPC: "el disco está lleno",
    ENOENT: "el sistema no lo permite ahí",
    ENOTDIR: "parte de la ruta no es una carpeta",
    EEXIST: "ya hay otra cosa con ese nombre",
    SQLITE_CANTOPEN: "no se puede abrir ni crear ahí",
    SQLITE_READONLY: "es de solo lectura",
    SQLITE_PERM: "permiso denegado",
    SQLITE_FULL: "el disco está lleno",
    SQLITE_BUSY: "otro programa la tiene ocupada",
  },
  backup: {
    exists: ({ file }) => `${file} ya existe: elija un fichero nuevo`,
    noFolder: ({ file, folder }) => `${file}: la carpeta ${folder} no existe`,
    notFolder: ({ file, folder }) => `${file}: ${folder} no es una carpeta`,
    cannotWrite: ({ file, reason }) => `no se puede escribir ${file} (${reason})`,
    done: ({ file, source, pages }) =>
      `${file}: copia coherente de ${source} (${counted("es", pages, { one: "página", other: "páginas" })})`,
    postgres: () =>
      "BOMBA_DB es una base de datos PostgreSQL: cópiela con pg_dump (o con las copias de su proveedor), no con bomba backup",
  },
  tick: {
    done: ({ at, bombs, events, messages }) =>
      `tick ${at}: ${counted("es", bombs, { one: "bomba", other: "bombas" })} ${pluralForm("es", bombs, { one: "avanzada", other: "avanzadas" })} (${esSteps(events, messages)})`,
    dryRun: ({ at, bombs, events, messages }) =>
      `tick ${at}, simulacro: ${pluralForm("es", bombs, { one: "avanzaría", other: "avanzarían" })} ${counted("es", bombs, { one: "bomba", other: "bombas" })} (${esSteps(events, messages)}); no se ha escrito nada`,
    queued: ({ job, period, rows, late }) =>
      `${job === "digest" ? "resumen diario del" : "informe trimestral de"} ${period}: ${counted("es", rows, { one: "mensaje", other: "mensajes" })} en cola${late ? " (con retraso)" : ""}`,
    noToken:
      "ni SLACK_BOT_TOKEN ni las variables de Teams están definidas: los mensajes esperan en la cola a bomba serve",
    delivered: ({ sent, retried, failed, dropped }) =>
      `${counted("es", sent, { one: "mensaje entregado", other: "mensajes entregados" })}, ${retried} por reintentar, ${counted("es", failed, { one: "fallido", other: "fallidos" })}${dropped > 0 ? `, ${counted("es", dropped, { one: "descartado", other: "descartados" })} por haber dejado de ser cierto` : ""}`,
    stuck: ({ id, error }) => `#${id}: no se puede avanzar, se omite (${error})`,
    orgChanged: ({ revision, moved }) =>
      `la revisión ${revision} del organigrama entra en vigor: ${counted("es", moved, { one: "bomba reasignada", other: "bombas reasignadas" })}`,
    orgWouldChange: ({ revision, moved }) =>
      `la revisión ${revision} del organigrama entraría en vigor: ${counted("es", moved, { one: "bomba reasignada", other: "bombas reasignadas" })}`,
    lookupFailed: ({ platform, reason }) =>
      `${platform}: no se pudo buscar a las personas: ${reason}`,
    noUser: ({ platform, email }) =>
      `${platform} no tiene ningún usuario con el e-mail ${email}: los mensajes para esa persona fallarán`,
  },
  report: {
    notOver: ({ quarter, ends, asOf }) =>
      `${quarter} aún no ha terminado (acaba el ${ends}): este es el informe hasta ahora, a ${asOf}.`,
    future: ({ quarter, starts }) =>
      `${quarter} aún no ha empezado (empieza el ${starts}): todavía no hay nada que informar.`,
  },
  teamsPackage: {
    which: "bomba teams lleva un comando: package",
    noClientId:
      "TEAMS_CLIENT_ID: hace falta, es el Id. de aplicación (cliente) del Azure Bot o del registro de la aplicación en Entra",
    badClientId: ({ value }) =>
      `TEAMS_CLIENT_ID: «${value}» no es un Id. de aplicación (cliente), que tiene la forma 00000000-0000-0000-0000-000000000000`,
    noDomain:
      "falta el dominio del bot: indique --domain bomba.example.com o defina TEAMS_BOT_DOMAIN (el host de su punto de conexión de mensajería)",
    badDomain: ({ value }) =>
      `«${value}» no es un nombre de host: indique solo el host del punto de conexión, p. ej. bomba.example.com`,
    noFolder: ({ file, folder }) => `no se puede escribir ${file}: la carpeta ${folder} no existe`,
    cannotWrite: ({ file, reason }) => `no se puede escribir ${file} (${reason})`,
    done: ({ file, clientId, domain }) =>
      `escrito ${file} (id. de cliente ${clientId}, dominio ${domain}): súbalo en el centro de administración de Teams, Administrar aplicaciones, Cargar nueva aplicación`,
  },
  slackFailed: ({ reason }) => `Slack: ${reason}`,
  teamsImport: {
    noTeamsUser: ({ email }) => `Microsoft 365 no tiene ningún usuario con el correo ${email}`,
    notReachable: ({ email, reason }) =>
      `no se pudo instalar la aplicación en Teams para ${email} (${reason}): el bot no podría escribirle`,
    graphFailed: ({ reason }) => `Microsoft Graph: ${reason}`,
    notInCatalog:
      "la aplicación no está en el catálogo de aplicaciones de Teams de su organización: suba el paquete (bomba teams package) en el centro de administración de Teams, Administrar aplicaciones, y vuelva a importar",
    installed: ({ count }) =>
      `se instaló la aplicación en Teams para ${counted("es", count, { one: "persona", other: "personas" })} que no la tenían`,
  },
};

const catalogs: Record<Locale, CliCatalog> = { es, en };

/** The command line's sentences in `locale`. */
export function cliCatalog(locale: Locale): CliCatalog {
  return catalogs[locale];
}
