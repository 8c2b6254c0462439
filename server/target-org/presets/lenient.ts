import { type OrgPreset, RFC_DEFAULTS } from "./preset";
import { strictPreset } from "./strict";

/** The forgiving server many SaaS apps run: it repairs the IdPs' known quirks instead of refusing them. */
export const lenientPreset: OrgPreset = {
  ...strictPreset,
  name: "lenient",
  label: "Lenient",
  summary: 'Accepts Entra\'s "False" strings, SCIM 1.0 URNs and missing schemas arrays, as many apps do.',
  strict: false,
  defaults: RFC_DEFAULTS,
};
