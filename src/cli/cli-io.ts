/** Where the CLI writes and how it reads stdin; `main` passes the process's, tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /** True when stderr is a terminal: long applies show progress there. */
  stderrIsTTY?: boolean;
}

/** Exit codes of `plan`, as terraform's `plan -detailed-exitcode`. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
