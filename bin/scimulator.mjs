#!/usr/bin/env node
// The package bin: tsx's loader runs the TypeScript CLI in this very process, so `npx scimulator …` needs no
// build step, and a signal sent to this process (Ctrl-C, or a kill) reaches the server itself, not a wrapper.
import { register } from "tsx/esm/api";

register();
await import(new URL("../server/main.ts", import.meta.url).href);
