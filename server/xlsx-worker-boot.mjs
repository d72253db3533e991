// The entry of a workbook-reading worker (server/xlsx-read.ts). The worker runs TypeScript like the
// rest of the server, under `node --import tsx` and under vitest alike: Node 20 does not apply a
// parent's `--import` hooks to a worker's entry, so the worker registers tsx itself, then loads.
import { register } from "tsx/esm/api";

register();
await import("./xlsx-worker.ts");
