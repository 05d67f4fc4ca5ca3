import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The API server in development (`npm run dev`); the dev server forwards these paths to it. */
const API = "http://127.0.0.1:3000";

export default defineConfig({
  // The `client` folder, found from this file so builds work from any working directory.
  root: fileURLToPath(new URL("./client", import.meta.url)),
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // Every asset is a file: the server's CSP allows no inline scripts or styles.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      "/api": { target: API },
      "/healthz": { target: API },
      "/socket.io": { target: API, ws: true },
      "/sync": { target: API, ws: true },
    },
  },
});
