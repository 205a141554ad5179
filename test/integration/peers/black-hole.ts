// A "black hole" AWS endpoint: it accepts TCP connections, reads whatever is sent, and never answers
// (a hung load balancer, a proxy that lost its upstream). Nothing times out on its side.

import { createServer, type Socket } from "node:net";

export interface BlackHole {
  /** `http://127.0.0.1:<port>`, for --aws-endpoint. */
  endpoint: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("data", () => {});
    // The client gives up by destroying its socket; that is the point, not an error here.
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
