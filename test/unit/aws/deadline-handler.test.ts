import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ListHostedZonesCommand, Route53Client } from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsTimeoutError, DeadlineHttpHandler, endpointOf } from "../../../src/aws/deadline-handler.js";
import { type BlackHole, startBlackHole } from "../../integration/peers/black-hole.js";

/**
 * The handler inside a real Route 53 client, against a local endpoint that accepts connections and
 * never answers: the error must come out of the SDK's middleware as ours, naming endpoint and deadline.
 */

function client(endpoint: string, handler: DeadlineHttpHandler): Route53Client {
  return new Route53Client({
    endpoint,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    requestHandler: handler,
  });
}

describe("DeadlineHttpHandler", () => {
  let hole: BlackHole;
  beforeAll(async () => {
    hole = await startBlackHole();
  });
  afterAll(() => hole.close());

  it("fails a request that gets no answer with AwsTimeoutError naming the endpoint and the request timeout", async () => {
    const handler = new DeadlineHttpHandler({ connectMs: 100, requestMs: 150 });
    const e = await client(hole.endpoint, handler)
      .send(new ListHostedZonesCommand({}))
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(AwsTimeoutError);
    expect(e).toMatchObject({
      name: "AwsTimeout",
      endpoint: hole.endpoint,
      phase: "request",
      timeoutMs: 150,
    });
  });

  it("aborts the request in flight with the signal's reason (a run's --timeout)", async () => {
    const run = new AbortController();
    const handler = new DeadlineHttpHandler({ connectMs: 60_000, requestMs: 60_000 }, { signal: run.signal });
    const reason = Object.assign(new Error("status did not finish within --timeout 1s"), {
      name: "RunTimeout",
    });
    const before = hole.connections();
    const sent = client(hole.endpoint, handler).send(new ListHostedZonesCommand({}));
    // Abort once the request reached the endpoint, so it is truly in flight.
    while (hole.connections() === before) await new Promise((r) => setImmediate(r));
    run.abort(reason);
    await expect(sent).rejects.toBe(reason);
  });

  it("after the signal aborted, sends nothing more: a later request fails at once", async () => {
    const run = new AbortController();
    const reason = new Error("stopped");
    run.abort(reason);
    const before = hole.connections();
    const handler = new DeadlineHttpHandler({ connectMs: 60_000, requestMs: 60_000 }, { signal: run.signal });
    await expect(client(hole.endpoint, handler).send(new ListHostedZonesCommand({}))).rejects.toBe(reason);
    expect(hole.connections()).toBe(before);
  });

  it("tells onAnswer of every answer, an error status included, and never of a timeout", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(503, { "Content-Type": "text/xml" }).end("<ErrorResponse/>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      let answers = 0;
      const hooks = { onAnswer: () => answers++ };
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const answered = new DeadlineHttpHandler({ connectMs: 1_000, requestMs: 1_000 }, hooks);
      await expect(client(endpoint, answered).send(new ListHostedZonesCommand({}))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 503 },
      });
      expect(answers).toBe(1);
      const silent = new DeadlineHttpHandler({ connectMs: 100, requestMs: 150 }, hooks);
      await expect(client(hole.endpoint, silent).send(new ListHostedZonesCommand({}))).rejects.toBeInstanceOf(
        AwsTimeoutError,
      );
      expect(answers).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("names an endpoint as a URL origin", () => {
    expect(endpointOf({ protocol: "https:", hostname: "route53.amazonaws.com" })).toBe(
      "https://route53.amazonaws.com",
    );
    expect(endpointOf({ protocol: "http", hostname: "127.0.0.1", port: 5000 })).toBe("http://127.0.0.1:5000");
  });
});
