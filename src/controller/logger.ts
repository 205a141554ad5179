import { type DestinationStream, type LevelWithSilent, type Logger, pino } from "pino";

export type LogFormat = "json" | "pretty";

export interface LoggerOptions {
  /** @default "info" */
  level?: LevelWithSilent;
  /**
   * `json`: one pino JSON object per line (for log collectors). `pretty`: `time LEVEL msg key=value`
   * lines for a terminal.
   * @default "json"
   */
  format?: LogFormat;
  /** Where lines go; tests pass a stream that collects them. @default standard output */
  destination?: { write(line: string): unknown };
}

/**
 * Creates the process's logger. Only cli/ calls this; every other module receives a logger.
 * Levels are written as labels (`"level":"info"`), which log collectors and people read without a table.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.destination ?? process.stdout;
  // pino-pretty is deliberately not a dependency: a dozen lines format what a terminal needs.
  const stream: DestinationStream =
    options.format === "pretty" ? { write: (line: string) => void out.write(formatPrettyLine(line)) } : out;
  return pino(
    {
      level: options.level ?? "info",
      // No `pid`/`hostname` base fields: `hostname` is what the controller's lines are about (a DNS name),
      // and the pod's identity is added by the log collector.
      base: null,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

/** The logger of one reconcile run: every line carries its `runId`. */
export function runLogger(logger: Logger, runId: string): Logger {
  return logger.child({ runId });
}

/** Fields already shown in a pretty line's fixed columns. */
const SHOWN = new Set(["time", "level", "msg"]);
const NUMERIC_LEVELS: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

/**
 * One pino JSON line as `2024-05-01T10:00:00.000Z INFO  planned runId=ab12 changes=3`. Strings with
 * spaces are quoted, objects are JSON, an error's stack follows on indented lines. A line that is not
 * JSON is passed through.
 */
export function formatPrettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const level = typeof entry.level === "number" ? (NUMERIC_LEVELS[entry.level] ?? entry.level) : entry.level;
  const parts = [
    String(entry.time ?? ""),
    String(level ?? "")
      .toUpperCase()
      .padEnd(5),
    String(entry.msg ?? ""),
  ];
  let stack = "";
  for (const [key, value] of Object.entries(entry)) {
    if (SHOWN.has(key) || value === undefined) continue;
    if (isError(value)) {
      parts.push(`${key}=${quote(`${value.type ?? "Error"}: ${value.message}`)}`);
      if (typeof value.stack === "string") stack += `\n    ${value.stack.split("\n").join("\n    ")}`;
      continue;
    }
    parts.push(`${key}=${typeof value === "string" ? quote(value) : JSON.stringify(value)}`);
  }
  return `${parts.filter((p) => p !== "").join(" ")}${stack}\n`;
}

function isError(v: unknown): v is { type?: string; message: string; stack?: unknown } {
  return typeof v === "object" && v !== null && typeof (v as { message?: unknown }).message === "string";
}

function quote(s: string): string {
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}
