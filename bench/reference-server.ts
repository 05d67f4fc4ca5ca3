import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { setupWSConnection } from "@y/websocket-server/utils";
import type { WebSocketServer } from "ws";

/**
 * The baseline: `@y/websocket-server` 0.1.1's `setupWSConnection`, exactly as its own `server.js`
 * wires it: no authorisation, documents in memory only, every update relayed to every connection
 * of the document (the sender included). Started by bench/run.ts as a separate process on loopback.
 */
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? "127.0.0.1";

// The `ws` the reference package depends on (6.x, nested under it), as its server.js uses.
const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("@y/websocket-server/package.json"));
const WebSocket = require(require.resolve("ws", { paths: [packageDir] })) as {
  Server: typeof WebSocketServer;
};
const wss = new WebSocket.Server({ noServer: true });
wss.on("connection", setupWSConnection);

const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("okay");
});
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  process.stdout.write(`reference listening on http://${host}:${actual}\n`);
});

const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
