// ESLint flat config: typescript-eslint's recommended rules plus the house layering rules
// (BRIEF §3: protocol imports nothing from the apps; nothing but app.ts/index.ts imports routes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', 'data/**', 'bench/results/**', '.tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Tests read untyped JSON bodies from the wire; `any` there is the honest type.
    files: ['tests/**/*.ts', 'packages/*/test/**/*.ts', 'bench/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The pure protocol package does no I/O and knows nothing of the apps.
    files: ['packages/protocol/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@parley/server', '**/apps/**'], message: 'protocol imports nothing from the apps.' },
            { group: ['node:fs', 'node:net', 'node:http', 'node:https', 'fs', 'net', 'http', 'https'], message: 'protocol does no I/O.' },
          ],
        },
      ],
    },
  },
  {
    // The browser-safe entry of protocol (everything but the Node entry and what only it exports):
    // a browser bundle must never pull in a Node built-in (packages/protocol/test/browserBundle.test.ts).
    files: ['packages/protocol/src/**/*.ts'],
    ignores: ['packages/protocol/src/node.ts', 'packages/protocol/src/hashing.ts', 'packages/protocol/src/signing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@parley/server', '**/apps/**'], message: 'protocol imports nothing from the apps.' },
            { group: ['node:*', ...NODE_BUILTINS], message: 'the browser-safe protocol entry imports no Node built-in; hashing and signing go in the Node entry (src/node.ts).' },
            { group: ['./node.ts', './hashing.ts', './signing.ts'], message: 'the browser-safe protocol entry does not import the Node entry.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'not in browsers: use Uint8Array (base64.ts feature-detects Buffer through globalThis).' }, 'process'],
    },
  },
  {
    // Endpoint contracts: schemas only, shared with browser clients.
    files: ['packages/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@parley/server', '**/apps/**'], message: 'api imports nothing from the apps.' },
            { group: ['node:*', ...NODE_BUILTINS, '@parley/protocol/node'], message: 'api is browser-safe: no Node built-in.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process'],
    },
  },
  {
    // Routes call actions and access gates; nothing imports routes (app.ts and index.ts register them).
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/app.ts', 'apps/server/src/index.ts', 'apps/server/src/routes/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/routes/**'], message: 'Nothing imports routes: move shared code to actions/, access/ or http/.' }] }],
    },
  },
  {
    // Only the change feed wakes anyone, and only after commit: writes emit typed changes
    // (feed/ChangeFeed.ts) instead of calling the notifier. (Repeats the routes rule: a
    // later no-restricted-imports replaces an earlier one for the same files.)
    files: ['apps/server/src/actions/**/*.ts', 'apps/server/src/rooms/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/routes/**'], message: 'Nothing imports routes: move shared code to actions/, access/ or http/.' },
            { group: ['**/sync/Notifier.ts'], message: 'Actions emit changes through deps.feed; only the feed wakes the notifier.' },
          ],
        },
      ],
    },
  },
  {
    // Repositories are the bottom layer: they never reach up into actions, routes or the notifier.
    files: ['apps/server/src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/actions/**', '**/routes/**', '**/sync/Notifier.ts'], message: 'storage is the bottom layer.' }] }],
    },
  },
);
