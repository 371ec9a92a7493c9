/** A database path that cannot work, and a system error's code, as words of the locale. */
import type { CliCatalog } from "../i18n/cli-catalog.ts";
import type { DatabaseProblem } from "../store/database-path.ts";

/** An errno or SQLite code in words ("permission denied"), or the code itself when unknown. */
export function reasonText(words: CliCatalog, code: string): string {
  return words.systemReasons[code] ?? code;
}

/** One line saying why BOMBA_DB cannot be used. */
export function databaseProblemText(words: CliCatalog, problem: DatabaseProblem): string {
  const db = words.database;
  switch (problem.code) {
    case "isDirectory":
      return db.isDirectory(problem);
    case "notDatabase":
      return db.notDatabase(problem);
    case "brokenLink":
      return db.brokenLink(problem);
    case "missing":
      return db.missing(problem);
    case "parentNotDirectory":
      return db.parentNotDirectory(problem);
    case "cannotCreateFolder":
      return db.cannotCreateFolder({ ...problem, reason: reasonText(words, problem.reason) });
    case "cannotOpen":
      return db.cannotOpen({ ...problem, reason: reasonText(words, problem.reason) });
  }
}
