// Preloaded into Artillery's process by the tests (NODE_OPTIONS=--require). Artillery 2.0.21 still posts a
// telemetry event when ARTILLERY_DISABLE_TELEMETRY is set, and a test sends nothing off this machine; when its
// telemetry client cannot be loaded, Artillery carries on without one.
const Module = require("node:module");

const load = Module._load;
Module._load = function loadWithoutTelemetry(request, ...rest) {
  if (request === "posthog-node") throw new Error("telemetry is off while SCIMulator's tests run Artillery");
  return load.call(this, request, ...rest);
};
