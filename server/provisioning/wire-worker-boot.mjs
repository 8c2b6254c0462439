// A worker thread starts without the parent's TypeScript loader, so the wire thread registers tsx's before it
// loads its module, whether the parent runs under the CLI, under tsx or under the test runner.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
