import { createDependencies } from '../app/createDependencies.js';
import { readConfig } from '../config/readConfig.js';
import { createAlbHandler } from '../http/createAlbHandler.js';

/**
 * The Lambda entry point registered as the internal ALB's target. Configuration is read and
 * clients are created once per container, at cold start; secrets are fetched lazily and
 * cached, so a cold start does no network I/O before the first request needs it.
 */
export const handler = createAlbHandler(createDependencies(readConfig(process.env)));
