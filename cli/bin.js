#!/usr/bin/env node
// The `wenxiao` command: TypeScript sources run through tsx, as the server does.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
