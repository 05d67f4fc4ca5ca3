// The record's renderers in a process of their own (server/record/renderer.ts): a copy's PDF or Word
// file is made here, one at a time, so a long record never stalls the server's event loop, and a
// hostile one is stopped by this process's memory limit or killed at the caller's deadline. A process,
// not a worker thread: stopping a thread in the middle of zlib's work (pdfkit deflates every page)
// can abort the whole server (Node asserts "close before init" while tearing the thread down), and
// a killed process takes nothing with it. Plain JavaScript, so Node runs it as it is; the renderers
// are TypeScript, loaded through tsx.
import { tsImport } from "tsx/esm/api";

if (!process.send) throw new Error("renderProcess.mjs runs as a child process with an IPC channel only");
// The server is gone (even killed): nothing is left to make files for.
process.on("disconnect", () => process.exit(0));

const [{ renderPdf }, { renderDocx }] = await Promise.all([
  tsImport("./pdf.ts", import.meta.url),
  tsImport("./docx.ts", import.meta.url),
]);

process.on("message", async ({ id, format, doc }) => {
  try {
    const file = format === "pdf" ? await renderPdf(doc) : await renderDocx(doc);
    // A copy of its own: a small Buffer may share Node's pool with other buffers, and the channel
    // would carry the whole pool.
    const bytes = new Uint8Array(file.byteLength);
    bytes.set(file);
    process.send?.({ id, ok: true, bytes });
  } catch (err) {
    process.send?.({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
process.send({ ready: true });
