// The record's renderers on a thread of their own (server/record/renderer.ts): a copy's PDF or Word
// file is made here, one at a time, so a long record never stalls the server's event loop and a
// hostile one is stopped by this thread's memory limit or the caller's deadline, not the server's.
// Plain JavaScript, so Node runs it as it is; the renderers are TypeScript, loaded through tsx.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const [{ renderPdf }, { renderDocx }] = await Promise.all([
  tsImport("./pdf.ts", import.meta.url),
  tsImport("./docx.ts", import.meta.url),
]);

parentPort.on("message", async ({ id, format, doc }) => {
  try {
    const file = format === "pdf" ? await renderPdf(doc) : await renderDocx(doc);
    // A copy of its own to hand over: a small Buffer may share Node's pool with other buffers.
    const bytes = new Uint8Array(file.byteLength);
    bytes.set(file);
    parentPort.postMessage({ id, ok: true, bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });
