// The entry of the QR-sheet layout worker (sheets.ts): it runs TypeScript like the rest of the server,
// under `node --import tsx` and under vitest alike, so it registers tsx itself, then loads (as
// server/xlsx-worker-boot.mjs does).
import { register } from "tsx/esm/api";

register();
await import("./sheets-worker.ts");
