export { buildApp } from './app.ts';
export { startServer, prepareServer, type RunningServer } from './startServer.ts';
export { loadConfig, resolveConfig, DEFAULT_CONFIG, type Config } from './config.ts';
export { ENDPOINTS } from './routes/index.ts';
export type { AppDeps } from './deps.ts';
export { startupBanner } from './startupBanner.ts';
