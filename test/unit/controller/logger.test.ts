import { describe, expect, it } from "vitest";
import { createLogger, formatPrettyLine, runLogger } from "../../../src/controller/logger.js";

/** A pino destination that keeps each written line. */
function lines() {
  const written: string[] = [];
  return { written, destination: { write: (line: string) => written.push(line) } };
}

describe("createLogger", () => {
  it("writes JSON lines with level labels, ISO times and the run id of a run logger", () => {
    const { written, destination } = lines();
    const log = runLogger(createLogger({ level: "info", format: "json", destination }), "ab12cd34");
    log.info({ changes: 3 }, "planned");
    log.debug("not shown at info");
    expect(written).toHaveLength(1);
    const entry = JSON.parse(written[0] ?? "") as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "info", msg: "planned", runId: "ab12cd34", changes: 3 });
    // `hostname` is ours (DNS names), not pino's base field.
    expect(entry).not.toHaveProperty("hostname");
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("writes pretty lines: time LEVEL msg key=value", () => {
    const { written, destination } = lines();
    const log = createLogger({ level: "debug", format: "pretty", destination });
    runLogger(log, "ab12").warn({ hostname: "app.example.com", source: { kind: "Gateway" } }, "skipped it");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /^\d{4}-\S+Z WARN {2}skipped it runId=ab12 hostname=app\.example\.com source=\{"kind":"Gateway"\}\n$/,
    );
  });

  it("shows an error's type and message, and its stack on indented lines", () => {
    const { written, destination } = lines();
    createLogger({ format: "pretty", destination }).error({ err: new TypeError("boom") }, "reconcile failed");
    const [first, ...stack] = (written[0] ?? "").split("\n");
    expect(first).toMatch(/ERROR reconcile failed err="TypeError: boom"$/);
    expect(stack[0]).toBe("    TypeError: boom");
    expect(stack[1]).toMatch(/^ {4}\s+at /);
  });
});

describe("formatPrettyLine", () => {
  it.each([
    ['{"level":30,"time":"t","msg":"hi","n":1}', "t INFO  hi n=1\n"],
    ['{"level":"error","time":"t","msg":"x","reason":"two words"}', 't ERROR x reason="two words"\n'],
    ['{"level":"info","time":"t","msg":"x","empty":""}', 't INFO  x empty=""\n'],
    ["not json", "not json\n"],
  ])("%s", (line, expected) => {
    expect(formatPrettyLine(line)).toBe(expected);
  });
});
