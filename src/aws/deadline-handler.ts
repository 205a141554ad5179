/**
 * The HTTP handler of every AWS client (Route 53 and ELBv2): the SDK's own NodeHttpHandler, with a
 * deadline on each request. The SDK sets none by default, so an endpoint that accepts the connection
 * and never answers would hold a call, and everything waiting on it, forever.
 *
 * - connect: the TCP connection must be up within `connectMs` (NodeHttpHandler's `connectionTimeout`);
 * - request: the answer's headers must arrive within `requestMs` of the start, connecting included.
 *   Timed here with an AbortSignal rather than with NodeHttpHandler's `requestTimeout`, so that the
 *   error says for certain which deadline passed and at which endpoint;
 * - a body that stalls after its headers: NodeHttpHandler's idle-socket timeout (`requestMs`).
 *
 * A timed-out attempt fails with `AwsTimeoutError`, which aws/aws-errors.ts classifies retryable.
 * `signal` (a CLI run's `--timeout`) aborts every request in flight and fails every later one at once
 * with the signal's reason, so an abandoned run sends nothing more. `onAnswer` hears of every answer
 * (whatever its status): the controller's liveness counts it as a sign that AWS is reachable.
 */
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { formatDuration } from "../model/duration.js";
import { isTimeout } from "./aws-errors.js";

/** How long one AWS request attempt may take. */
export interface RequestDeadlines {
  /**
   * Connecting to the endpoint (TCP).
   * @default 5000
   */
  connectMs: number;
  /**
   * From sending the request to the answer's headers, connecting included.
   * @default 15000
   */
  requestMs: number;
}

/**
 * Route 53 answers in well under a second; 15 s leaves room for a large change batch and a slow
 * network. With three attempts at most for timeouts (aws/retries.ts) a silent endpoint fails a
 * call in about 45 s: a CLI run exits within about a minute, and a reconcile fits in its interval.
 */
export const DEFAULT_REQUEST_DEADLINES: Readonly<RequestDeadlines> = { connectMs: 5_000, requestMs: 15_000 };

/** An AWS request attempt that passed one of its deadlines; retryable. */
export class AwsTimeoutError extends Error {
  override readonly name = "AwsTimeout";

  constructor(
    /** The endpoint asked, as a URL origin (`https://route53.amazonaws.com`). */
    readonly endpoint: string,
    /** Which deadline passed. */
    readonly phase: "connect" | "request",
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      phase === "connect"
        ? `could not connect to ${endpoint} within the connect timeout of ${formatDuration(timeoutMs)} (--aws-connect-timeout)`
        : `no answer from ${endpoint} within the request timeout of ${formatDuration(timeoutMs)} (--aws-request-timeout)`,
      options,
    );
  }
}

type Handle = NodeHttpHandler["handle"];
type Request = Parameters<Handle>[0];
type HandlerOptions = NonNullable<Parameters<Handle>[1]>;

/** `https://host` or `http://host:port`: where a request goes, for messages. */
export function endpointOf(request: Pick<Request, "protocol" | "hostname" | "port">): string {
  const protocol = request.protocol.endsWith(":") ? request.protocol : `${request.protocol}:`;
  return `${protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}`;
}

/** What a `DeadlineHttpHandler` tells and is told besides its deadlines. */
export interface DeadlineHandlerHooks {
  /** Aborts every request in flight; later requests fail at once with its reason. */
  signal?: AbortSignal;
  /** Called when an answer's headers arrive, whatever their status. Must not throw. */
  onAnswer?: () => void;
}

/** NodeHttpHandler with a request deadline and an optional signal that aborts every request. */
export class DeadlineHttpHandler extends NodeHttpHandler {
  readonly #deadlines: RequestDeadlines;
  readonly #signal: AbortSignal | undefined;
  readonly #onAnswer: (() => void) | undefined;

  constructor(deadlines: RequestDeadlines, hooks: DeadlineHandlerHooks = {}) {
    super({ connectionTimeout: deadlines.connectMs, socketTimeout: deadlines.requestMs });
    this.#deadlines = deadlines;
    this.#signal = hooks.signal;
    this.#onAnswer = hooks.onAnswer;
  }

  override async handle(request: Request, options: HandlerOptions = {}): ReturnType<Handle> {
    if (this.#signal?.aborted) throw this.#signal.reason;
    const endpoint = endpointOf(request);
    const { connectMs, requestMs } = this.#deadlines;
    const timer = new AbortController();
    const timeout = setTimeout(
      () => timer.abort(new AwsTimeoutError(endpoint, "request", requestMs)),
      requestMs,
    );
    const signals = [timer.signal];
    if (this.#signal) signals.push(this.#signal);
    // The SDK passes a caller's own abortSignal here; ours never sets one, but keep it working.
    if (options.abortSignal instanceof AbortSignal) signals.push(options.abortSignal);
    try {
      const answer = await super.handle(request, { ...options, abortSignal: AbortSignal.any(signals) });
      this.#onAnswer?.();
      return answer;
    } catch (e) {
      // NodeHttpHandler answers an abort with its own AbortError: say which deadline it was.
      if (timer.signal.aborted) throw timer.signal.reason;
      if (this.#signal?.aborted) throw this.#signal.reason;
      // The request deadline is ours, so a timeout from NodeHttpHandler is its connect timeout.
      if (isTimeout(e)) throw new AwsTimeoutError(endpoint, "connect", connectMs, { cause: e });
      throw e;
    } finally {
      clearTimeout(timeout);
    }
  }
}
