import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";

/** A request the fake API server received, with its whole body. */
export interface ReceivedRequest {
  req: IncomingMessage;
  body: string;
}

/**
 * A plain HTTP server standing in for the API server, for the unit tests of what we send and how the
 * answer is read (against the real API server: test/integration/). `answer` returning undefined
 * leaves the request unanswered. One instance serves one test at a time: `start` forgets the requests
 * of the test before.
 */
export class FakeApiServer {
  readonly requests: ReceivedRequest[] = [];
  #server: Server | undefined;

  async start(
    answer: (r: ReceivedRequest) => { status: number; body?: unknown } | undefined,
  ): Promise<KubeConfig> {
    this.requests.length = 0;
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const received = { req, body: Buffer.concat(chunks).toString("utf8") };
        this.requests.push(received);
        const a = answer(received);
        if (!a) return;
        res.writeHead(a.status, { "content-type": "application/json" });
        res.end(a.body === undefined ? "" : typeof a.body === "string" ? a.body : JSON.stringify(a.body));
      });
    });
    this.#server = s;
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // client-node allows plain HTTP only with skipTLSVerify.
      clusters: [
        { name: "c", server: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, skipTLSVerify: true },
      ],
      users: [{ name: "u", token: "secret-token" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    return kc;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}
