import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const webRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * Writes foo.js.br and foo.js.gz beside every text file of the build (node:zlib, best compression):
 * the server sends them as they are (@fastify/static preCompressed), compressing nothing per request.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "wenxiao-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|txt|map|wasm)$/.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The web app is built into web/dist, which the server serves at / (with SPA fallback).
// `npm run dev:web` serves it with hot reload and forwards /api to a server started with `npm run dev`.
export default defineConfig(({ command }) => ({
  root: webRoot,
  plugins: [react(), precompress()],
  resolve: {
    // react-router 7's package exports name only its development build (remix-run/react-router#12532,
    // "intended to be temporary"); the production build beside it drops the dev warnings and checks.
    alias: command === "build" ? [{ find: /^react-router$/, replacement: path.join(webRoot, "..", "node_modules", "react-router", "dist", "production", "index.mjs") }] : [],
  },
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
}));
