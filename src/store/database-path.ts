/**
 * What can be wrong with the path of a database before SQLite touches it: a folder, a YAML
 * file, a link to nowhere, a parent that is a file, a folder that cannot be made. Found without
 * writing anything, so that a mistake in BOMBA_DB is refused and the file it names left as it
 * was. Light (only node:fs), so that the command line can recognise these errors cheaply.
 */
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  statSync,
} from "node:fs";
import { dirname, resolve } from "node:path";

/** Why a database cannot be opened or created at `path`. */
export type DatabaseProblem =
  | { code: "isDirectory"; path: string }
  | { code: "notDatabase"; path: string; orgFile: boolean }
  | { code: "brokenLink"; path: string; target: string }
  | { code: "missing"; path: string }
  | { code: "parentNotDirectory"; path: string; parent: string }
  | { code: "cannotCreateFolder"; path: string; folder: string; reason: string }
  | { code: "cannotOpen"; path: string; reason: string };

/** A database path that cannot work; `problem` says why, for the caller to word. */
export class DatabasePathError extends Error {
  /** Why. */
  readonly problem: DatabaseProblem;
  constructor(problem: DatabaseProblem) {
    super(`${problem.code}: ${problem.path}`);
    this.name = "DatabasePathError";
    this.problem = problem;
  }
}

/** The first bytes of every SQLite database file. */
const sqliteHeader = "SQLite format 3\0";

/**
 * Looks at `path` without writing: null when a database is there (or, unless `mustExist`, can be
 * created there), else the problem.
 */
export function inspectDatabasePath(path: string, mustExist: boolean): DatabaseProblem | null {
  let isLink: boolean;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch (error) {
    if (!isMissing(error)) return { code: "cannotOpen", path, reason: codeOf(error) };
    if (mustExist) return { code: "missing", path };
    const parent = nearestExisting(dirname(resolve(path)));
    return parent !== null && !statSync(parent).isDirectory()
      ? { code: "parentNotDirectory", path, parent }
      : null;
  }
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    // SQLite would create the link's target; a link to nowhere is a mistake, not a new database.
    if (isLink && isMissing(error)) return { code: "brokenLink", path, target: readlinkSync(path) };
    return { code: "cannotOpen", path, reason: codeOf(error) };
  }
  if (stat.isDirectory()) return { code: "isDirectory", path };
  const orgFile = /\.ya?ml$/i.test(path);
  if (!stat.isFile()) return { code: "notDatabase", path, orgFile };
  if (stat.size === 0) return null;
  try {
    return headerOf(path) === sqliteHeader ? null : { code: "notDatabase", path, orgFile };
  } catch (error) {
    return { code: "cannotOpen", path, reason: codeOf(error) };
  }
}

/**
 * Creates the folders that lead to `path`, one level at a time. (A recursive `mkdirSync` spins
 * for ever where the system answers ENOENT for a folder whose parent exists, as under /proc.)
 */
export function makeParentFolders(path: string): void {
  const missing: string[] = [];
  let folder = dirname(resolve(path));
  while (nearestExisting(folder) !== folder) {
    missing.unshift(folder);
    const up = dirname(folder);
    if (up === folder) break;
    folder = up;
  }
  for (const each of missing) {
    try {
      mkdirSync(each);
    } catch (error) {
      throw new DatabasePathError({
        code: "cannotCreateFolder",
        path,
        folder: each,
        reason: codeOf(error),
      });
    }
  }
}

/** `folder` or its nearest ancestor that exists (as anything), or null. */
function nearestExisting(folder: string): string | null {
  let current = folder;
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const up = dirname(current);
      if (up === current) return null;
      current = up;
    }
  }
}

function headerOf(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(sqliteHeader.length);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

function isMissing(error: unknown): boolean {
  const code = codeOf(error);
  return code === "ENOENT" || code === "ENOTDIR";
}

/** The errno code of a system error ("EACCES"), or its message. */
export function codeOf(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
