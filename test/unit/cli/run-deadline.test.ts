import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "../../../src/cli/cli-io.js";
import {
  DEFAULT_RUN_TIMEOUT_MS,
  describeAwsEndpoint,
  RunTimeoutError,
  withRunDeadline,
} from "../../../src/cli/run-deadline.js";

function capture() {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    readStdin: async () => "",
  };
  return { io, out };
}

describe("withRunDeadline", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const deadline = {
    command: "apply",
    timeoutMs: 2_000,
    endpoint: "the AWS endpoint http://127.0.0.1:5000",
    writes: true,
  };

  it("a run that finishes in time keeps its exit code and its output", async () => {
    const { io, out } = capture();
    const code = await withRunDeadline(deadline, io, async (_signal, runIo) => {
      runIo.stdout("plan\n");
      return 2;
    });
    expect(code).toBe(2);
    expect(out).toEqual({ stdout: "plan\n", stderr: "" });
  });

  it("a run that never finishes: exit 1, the error names the endpoint and the timeout, the signal aborts", async () => {
    const { io, out } = capture();
    let seen: AbortSignal | undefined;
    let late: CliIo | undefined;
    const result = withRunDeadline(deadline, io, (signal, runIo) => {
      seen = signal;
      late = runIo;
      runIo.stdout("plan\n");
      return new Promise<number>(() => {});
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await result).toBe(1);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(RunTimeoutError);
    expect(out.stderr).toBe(
      "error: apply did not finish within --timeout 2s waiting for the AWS endpoint http://127.0.0.1:5000; " +
        "stopped, no further AWS request is sent; changes sent before may have been applied: run `plan` to see what is left\n",
    );
    // What the abandoned run prints while it unwinds is dropped: the error above already said why.
    late?.stderr("error: reading the current state from AWS failed: RunTimeout\n");
    expect(out.stdout).toBe("plan\n");
    expect(out.stderr).not.toContain("reading the current state");
  });

  it("a read-only run says nothing about applied changes; an offline one names no endpoint", () => {
    expect(
      new RunTimeoutError("status", 1_000, "the AWS default endpoints (region us-east-1)", false).message,
    ).toBe(
      "status did not finish within --timeout 1s waiting for the AWS default endpoints (region us-east-1); stopped, no further AWS request is sent",
    );
    expect(new RunTimeoutError("plan", 600_000, undefined, false).message).toBe(
      "plan did not finish within --timeout 10m; stopped, no further AWS request is sent",
    );
  });

  it("a run that fails keeps its error", async () => {
    const { io } = capture();
    await expect(
      withRunDeadline(deadline, io, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });
});

describe("describeAwsEndpoint", () => {
  it("names --aws-endpoint, or the default endpoints and the region", () => {
    expect(describeAwsEndpoint({ endpoint: "http://127.0.0.1:5000", region: "us-east-1" })).toBe(
      "the AWS endpoint http://127.0.0.1:5000",
    );
    expect(describeAwsEndpoint({ region: "eu-west-1" })).toBe("the AWS default endpoints (region eu-west-1)");
  });

  it("a whole run gets ten minutes by default", () => {
    expect(DEFAULT_RUN_TIMEOUT_MS).toBe(600_000);
  });
});
