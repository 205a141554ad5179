/**
 * Classification of errors from AWS calls (Route 53 and ELBv2).
 *
 * The only module that inspects SDK error names (STYLE.md "Errors"): everything else asks it
 * whether an error is retryable, an invalid batch, or one of the specific answers below.
 * It reads only plain fields the AWS SDK v3 sets (`name`, `$metadata.httpStatusCode`, `$retryable`,
 * `code` of Node network errors), so it needs no SDK import.
 */

/** How the batcher treats a failed call. */
export type ErrorClass =
  /** Try again later: throttling, a busy zone, a 5xx, a network error. */
  | "retryable"
  /** Route 53 rejected the batch's content: bisect to find the bad groups. */
  | "invalid-batch"
  /** Retrying cannot help (access denied, no such zone, a malformed request). */
  | "terminal";

/**
 * Error codes that mean "too fast". The SDK's own list (`@smithy/service-error-classification`) also
 * treats `PriorRequestNotComplete` as throttling; we keep it apart because it is per zone (one change at
 * a time per hosted zone), not a sign that the account's rate is too high.
 */
const THROTTLING_NAMES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
]);

/** Transient server-side answers that are not throttling. */
const TRANSIENT_NAMES = new Set([
  "PriorRequestNotComplete",
  "ServiceUnavailable",
  "InternalFailure",
  "InternalError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/**
 * Requests this process gave up waiting for: `AwsTimeout` (aws/deadline-handler.ts names the
 * endpoint and the deadline) and `TimeoutError`, which @smithy/node-http-handler throws for its
 * connect, request and idle-socket timeouts (the request timeout also carries `code: "ETIMEDOUT"`).
 */
const TIMEOUT_NAMES = new Set(["AwsTimeout", "TimeoutError"]);

/** Node's codes for a connection or request that timed out. */
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** Node's codes for connections that failed or dropped; the request may be retried as a whole. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  messages?: unknown;
  /** `<Messages><Message>…` of an `InvalidChangeBatch` root element, as the SDK leaves it (see below). */
  Messages?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function fields(e: unknown): ErrorFields {
  return typeof e === "object" && e !== null ? (e as ErrorFields) : {};
}

/**
 * Route 53 answers an invalid change batch not with the usual `<ErrorResponse><Error><Code>` document but
 * with an `<InvalidChangeBatch>` root element holding `<Messages><Message>…` (one per rejected change).
 * The SDKs for Go, Kotlin and Swift carry a customization for that shape; the SDK for JavaScript v3 has
 * none: it finds no error code, names the error `Unknown` (message `UnknownError`) and leaves the
 * parsed body on the error as `Messages: { Message: string | string[] }`. Read as it is, a real invalid
 * batch would be terminal for the whole zone instead of being bisected down to the bad group, so the
 * shape is recognised here: no other Route 53 error body has a `Messages` list.
 */
function rootInvalidChangeBatchMessages(e: unknown): string[] | undefined {
  const f = fields(e);
  if (f.name !== "Unknown" && f.name !== "UnknownError") return undefined;
  if (f.$metadata?.httpStatusCode !== 400) return undefined;
  const list = f.Messages;
  if (typeof list !== "object" || list === null) return undefined;
  const message = (list as { Message?: unknown }).Message;
  const messages = Array.isArray(message) ? message : [message];
  return messages.every((m) => typeof m === "string") && messages.length > 0 ? messages : undefined;
}

/** The error's name (`Throttling`, `InvalidChangeBatch`, ...), or `Error` when it has none. */
export function errorName(e: unknown): string {
  if (rootInvalidChangeBatchMessages(e)) return "InvalidChangeBatch";
  const name = fields(e).name;
  return typeof name === "string" && name !== "" ? name : "Error";
}

/**
 * Route 53's message. For `InvalidChangeBatch` the SDK also carries `messages` (one per rejected change),
 * which name the records; they are joined so the Gateway's Event says what was wrong.
 */
export function errorMessage(e: unknown): string {
  const f = fields(e);
  if (Array.isArray(f.messages) && f.messages.length > 0) return f.messages.map(String).join("; ");
  const rootMessages = rootInvalidChangeBatchMessages(e);
  if (rootMessages) return rootMessages.join("; ");
  if (typeof f.message === "string" && f.message !== "") return f.message;
  return typeof e === "string" ? e : errorName(e);
}

/** Whether Route 53 said we are calling too fast (the account's token buckets are empty). */
export function isThrottling(e: unknown): boolean {
  const f = fields(e);
  if (THROTTLING_NAMES.has(errorName(e))) return true;
  if (f.$metadata?.httpStatusCode === 429) return true;
  const retryable = f.$retryable;
  return (
    typeof retryable === "object" &&
    retryable !== null &&
    (retryable as { throttling?: unknown }).throttling === true
  );
}

/**
 * Whether the request timed out on our side (no answer in time), as opposed to an answer that said
 * "try again". Retryable like other transient errors, but each attempt costs a whole timeout, so the
 * retry policy allows fewer of them (aws/retries.ts).
 */
export function isTimeout(e: unknown): boolean {
  const code = fields(e).code;
  return TIMEOUT_NAMES.has(errorName(e)) || (typeof code === "string" && TIMEOUT_CODES.has(code));
}

/** Sorts an error from a Route 53 call into retryable, invalid-batch or terminal. */
export function classify(e: unknown): ErrorClass {
  const f = fields(e);
  const name = errorName(e);
  // Route 53 answers InvalidInput for a change whose content is malformed (a bad value, a bad name): like
  // InvalidChangeBatch it is about what was sent, so bisection isolates the group instead of the whole zone.
  if (name === "InvalidChangeBatch" || name === "InvalidInput") return "invalid-batch";
  if (isThrottling(e) || TRANSIENT_NAMES.has(name) || isTimeout(e)) return "retryable";
  if (typeof f.code === "string" && NETWORK_CODES.has(f.code)) return "retryable";
  const status = f.$metadata?.httpStatusCode;
  if (typeof status === "number" && status >= 500) return "retryable";
  // The SDK marks errors it would retry itself; the sender runs the SDK with one attempt, so we honour it.
  if (typeof f.$retryable === "object" && f.$retryable !== null) return "retryable";
  return "terminal";
}

/** A retryable error that persisted through every attempt the retry policy allows. */
export class RetriesExhaustedError extends Error {
  override readonly name = "RetriesExhausted";
  /** Attempts made, the last one included. */
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    super(`gave up after ${attempts} attempts: ${errorName(cause)}: ${errorMessage(cause)}`, { cause });
    this.attempts = attempts;
  }
}

/**
 * Whether a call that failed with `e` may nevertheless have been carried out: the request may have
 * reached Route 53 and only its answer was lost (a 5xx, a timeout, a dropped connection). Throttling
 * and `PriorRequestNotComplete` are refusals before any work, so they are not ambiguous; nor is any
 * non-retryable answer. A retry of an ambiguous `ChangeResourceRecordSets` can be rejected for
 * changes its first attempt already made.
 */
export function mayHaveBeenApplied(e: unknown): boolean {
  return classify(e) === "retryable" && !isThrottling(e) && errorName(e) !== "PriorRequestNotComplete";
}

/**
 * Whether an `InvalidChangeBatch` says that a record was already there ("Tried to create resource
 * record set [...] but it already exists") or already gone ("... but it was not found"): what a
 * change already in effect looks like — applied by a request whose answer was lost, or by anyone
 * since the records were read — as opposed to content Route 53 refuses.
 */
export function isRecordExistenceRejection(e: unknown): boolean {
  if (classify(e) !== "invalid-batch") return false;
  return /but it already exists|but it was not found/i.test(errorMessage(e));
}

/**
 * Route 53's specific answers to health-check calls, by meaning:
 * - `already-exists`: `HealthCheckAlreadyExists` — the CallerReference was used for a check with other
 *   settings, or for a check that has since been deleted (Route 53 remembers references);
 * - `version-mismatch`: `HealthCheckVersionMismatch` — someone changed the check since we read it;
 * - `in-use`: `HealthCheckInUse` — a record set still refers to the check;
 * - `not-found`: `NoSuchHealthCheck`.
 * Undefined for every other error.
 */
export type HealthCheckErrorKind = "already-exists" | "version-mismatch" | "in-use" | "not-found";

const HEALTH_CHECK_ERRORS: Record<string, HealthCheckErrorKind> = {
  HealthCheckAlreadyExists: "already-exists",
  HealthCheckVersionMismatch: "version-mismatch",
  HealthCheckInUse: "in-use",
  NoSuchHealthCheck: "not-found",
};

/** Which of Route 53's health-check answers `e` is, if any. */
export function healthCheckErrorKind(e: unknown): HealthCheckErrorKind | undefined {
  const name = errorName(e);
  return Object.hasOwn(HEALTH_CHECK_ERRORS, name) ? HEALTH_CHECK_ERRORS[name] : undefined;
}
