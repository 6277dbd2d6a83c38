import type { Feature, Services } from "./chat/types.ts";
import { adminFeature } from "./admin/feature.ts";
import { surveyFeature } from "./survey/feature.ts";
import { remindersFeature } from "./reminders/feature.ts";
import { knowledgeFeature } from "./knowledge/feature.ts";
import { webFeature } from "./web/feature.ts";

/**
 * The feature modules, in priority order (commands of earlier features win a name clash;
 * fallbacks are tried in this order). app.ts composes them; nothing else changes to add one.
 */
export const featureFactories: Array<(services: Services) => Feature> = [
  adminFeature,
  surveyFeature,
  remindersFeature,
  knowledgeFeature,
  webFeature,
];
