/**
 * The browser-safe entry of @parley/protocol: no Node built-in, no I/O (a test bundles it for
 * the browser). Hashing and signing, which use node:crypto, are in the Node entry, `./node.ts`.
 */
export * from './auth.ts';
export * from './authStateFromEvents.ts';
export * from './base64.ts';
export * from './canonicalJson.ts';
export * from './checkAuthEvents.ts';
export * from './events.ts';
export * from './globMatch.ts';
export * from './ids.ts';
export * from './pdu.ts';
export * from './powerLevels.ts';
export * from './pushRules.ts';
export * from './redaction.ts';
export * from './roomVersions.ts';
export * from './errcodes.ts';
export * from './evaluatePushRules.ts';
