import { formatDuration } from "../model/duration.js";
import type { AwsSettings } from "./aws-options.js";
import { type CliIo, EXIT } from "./cli-io.js";

/**
 * `--timeout` of plan, apply, status, drain and undrain: how long the whole run may take.
 * Each AWS request has its own deadlines and a bounded number of retries; this bounds everything
 * else too (many slow calls, a credential provider that hangs), so a CI job never waits forever.
 * Ten minutes leave room for applying thousands of records at Route 53's rate.
 */
export const DEFAULT_RUN_TIMEOUT_MS = 600_000;

/** A CLI run that did not finish within its `--timeout`. */
export class RunTimeoutError extends Error {
  override readonly name = "RunTimeout";

  constructor(
    /** The command: `plan`, `apply`, `status`, `drain` or `undrain`. */
    readonly command: string,
    readonly timeoutMs: number,
    /** What the run was waiting for (`the AWS endpoint http://…`); unset when it used no AWS. */
    readonly endpoint: string | undefined,
    /** Whether the run writes to Route 53, so that some changes may have been applied. */
    readonly writes: boolean,
  ) {
    super(
      `${command} did not finish within --timeout ${formatDuration(timeoutMs)}` +
        (endpoint ? ` waiting for ${endpoint}` : "") +
        "; stopped, no further AWS request is sent" +
        (writes ? "; changes sent before may have been applied: run `plan` to see what is left" : ""),
    );
  }
}

/** The endpoint every AWS client of a run talks to, for messages. */
export function describeAwsEndpoint(settings: Pick<AwsSettings, "endpoint" | "region">): string {
  return settings.endpoint
    ? `the AWS endpoint ${settings.endpoint}`
    : `the AWS default endpoints (region ${settings.region})`;
}

/** What `withRunDeadline` bounds: a command name and its deadline, for the message. */
export interface RunDeadline {
  command: string;
  timeoutMs: number;
  endpoint?: string;
  writes: boolean;
}

/**
 * Run `run` with a deadline. When it passes, `signal` aborts with a `RunTimeoutError` (the AWS clients
 * stop sending, aws/deadline-handler.ts), the error is printed, and the exit code is 1 without
 * waiting for the run to unwind; whatever it prints afterwards is dropped, since the error already said
 * why it stopped.
 */
export async function withRunDeadline(
  deadline: RunDeadline,
  io: CliIo,
  run: (signal: AbortSignal, io: CliIo) => Promise<number>,
): Promise<number> {
  const abort = new AbortController();
  let expired = false;
  const guarded: CliIo = {
    ...io,
    stdout: (text) => {
      if (!expired) io.stdout(text);
    },
    stderr: (text) => {
      if (!expired) io.stderr(text);
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      const error = new RunTimeoutError(
        deadline.command,
        deadline.timeoutMs,
        deadline.endpoint,
        deadline.writes,
      );
      expired = true;
      abort.abort(error);
      io.stderr(`error: ${error.message}\n`);
      resolve(EXIT.error);
    }, deadline.timeoutMs);
  });
  try {
    return await Promise.race([run(abort.signal, guarded), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
