/** `npx wenxiao …`: runs one command line and exits with its status once its output is written. */
import { runCli } from "./program";

process.exitCode = await runCli(process.argv.slice(2));
