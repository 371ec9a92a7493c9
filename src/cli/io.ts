/** Where a CLI command writes; tests pass a recorder, `main` passes the process streams. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Collects lines in memory, for tests. */
export function recordingIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}
