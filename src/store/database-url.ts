/**
 * A BOMBA_DB that names a PostgreSQL database, as the command line shows it and says it cannot
 * be reached. Imports nothing: `bomba help` and the refusals load it without any driver.
 */

/** True when `target` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** `url` as it may be shown: the password replaced. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

/** A PostgreSQL database that could not be reached when the store was opened. */
export class DatabaseUnreachable extends Error {
  /** The URL without its password, and why (the driver's words or code). */
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`${target}: ${reason}`);
    this.name = "DatabaseUnreachable";
  }
}

/**
 * A PostgreSQL database whose schema is older than this version of bomba (or not made yet),
 * opened by a command that only reads: migrating it would write, so the command stops instead.
 */
export class SchemaBehind extends Error {
  /** The URL without its password. */
  constructor(readonly target: string) {
    super(`${target}: the schema is not up to date`);
    this.name = "SchemaBehind";
  }
}
