import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const webRoot = path.dirname(fileURLToPath(import.meta.url));

// The web app is built into web/dist, which the server serves at / (with SPA fallback).
// `npm run dev:web` serves it with hot reload and forwards /api to a server started with `npm run dev`.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, "dist"),
    emptyOutDir: true,
    // antd and ECharts are large; pages are split per route and the charts load with the pages that draw them.
    // SurveyJS (the questionnaire renderer, loaded only by the survey pages) is one 1.6 MB chunk.
    chunkSizeWarningLimit: 1700,
  },
  server: {
    // WENXIAO_API points the dev server at another API, e.g. http://localhost:3100. The Host header is
    // kept so that the server's same-origin check of changing requests passes through the proxy.
    proxy: { "/api": { target: process.env.WENXIAO_API ?? "http://localhost:3000", changeOrigin: false } },
  },
});
