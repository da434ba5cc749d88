// Injected into dist/server.cjs by build.mjs. The bundle is CommonJS, where import.meta does
// not exist: there, import.meta.url in the sources (webClient/resolveWebClientDir.ts) means
// the URL of the bundle's own file, which the CommonJS wrapper passes in as __filename.
/* global __filename */
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
