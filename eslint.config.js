// ESLint flat config: typescript-eslint's recommended rules plus the house layering rules
// (BRIEF §3: protocol imports nothing from the apps; nothing but app.ts/index.ts imports routes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

const ROUTES_RULE = { group: ['**/routes/**'], message: 'Nothing imports routes: move shared code to actions/, reads/, access/ or identity/.' };

/** One layer's import rule: the files, the imports they may not make (glob -> why), and files left out. */
function layerRule(files, forbidden, ignores = []) {
  const patterns = [ROUTES_RULE, ...Object.entries(forbidden).map(([group, message]) => ({ group: [group], message }))];
  return { files, ...(ignores.length > 0 ? { ignores } : {}), rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', 'data/**', 'bench/results/**', '.tmp/**', 'tools/client-trials/**'],
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
  // The web client's layers: ui -> viewModels -> matrix; view models never import React or the SDK; only
  // src/matrix imports matrix-js-sdk.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/matrix/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['matrix-js-sdk', 'matrix-js-sdk/*'], message: 'only apps/web/src/matrix imports matrix-js-sdk.' }] }] },
  },
  {
    files: ['apps/web/src/viewModels/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['matrix-js-sdk', 'matrix-js-sdk/*'], message: 'view models depend on the ChatClient port, not the SDK.' },
            { group: ['react', 'react-dom', 'react-dom/*', 'react-aria-components'], message: 'view models never import React.' },
            { group: ['**/ui/**'], message: 'ui -> viewModels -> matrix: nothing below ui imports it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/matrix/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react-dom/*', 'react-aria-components'], message: 'the matrix layer never imports React.' },
            { group: ['**/ui/**', '**/viewModels/**'], message: 'ui -> viewModels -> matrix: the matrix layer is the bottom.' },
          ],
        },
      ],
    },
  },
  // The layer rules of docs/architecture.md ("Layers of the server"). A later no-restricted-imports
  // block replaces an earlier one for the same files, so each layer's block repeats the routes rule.
  // Routes call actions, readers and gates; nothing imports routes (app.ts and index.ts register them).
  layerRule(['apps/server/src/**/*.ts'], {}, ['apps/server/src/app.ts', 'apps/server/src/index.ts', 'apps/server/src/routes/**']),
  // Only the change feed wakes anyone, and only after commit: writes emit typed changes instead of calling the notifier.
  layerRule(['apps/server/src/actions/**/*.ts', 'apps/server/src/rooms/**/*.ts'], {
    '**/sync/Notifier.ts': 'Actions emit changes through the feed; only the feed wakes the notifier.',
    '**/reads/**': 'Writes do not go through the read side.',
  }),
  // http/ is transport only.
  layerRule(['apps/server/src/http/**/*.ts'], {
    '**/storage/**': 'http/ touches no storage: move the code to identity/, actions/ or access/.',
    '**/actions/**': 'http/ is transport only: routes call actions.',
    '**/reads/**': 'http/ is transport only: routes call readers.',
  }),
  // Repositories are the bottom layer.
  layerRule(['apps/server/src/storage/**/*.ts'], {
    '**/actions/**': 'storage is the bottom layer.',
    '**/access/**': 'storage is the bottom layer.',
    '**/reads/**': 'storage is the bottom layer.',
    '**/feed/**': 'storage is the bottom layer.',
    '**/identity/**': 'storage is the bottom layer.',
    '**/sync/**': 'storage is the bottom layer.',
    '**/http/**': 'storage is the bottom layer.',
    '**/rooms/**': 'storage is the bottom layer.',
  }),
  // Gates decide; they do not write or read for a viewer.
  layerRule(['apps/server/src/access/**/*.ts'], {
    '**/actions/**': 'access/ gates only read repos.',
    '**/reads/**': 'access/ is below the read side.',
    '**/feed/**': 'access/ gates only read repos.',
    '**/http/**': 'access/ knows no transport.',
  }),
  // The read side reads.
  layerRule(['apps/server/src/reads/**/*.ts'], {
    '**/actions/**': 'reads/ never writes: writes are actions.',
    '**/feed/**': 'reads/ never writes.',
    '**/http/**': 'reads/ knows no transport.',
  }),
  // The feed dispatches; it does not act.
  layerRule(['apps/server/src/feed/**/*.ts'], {
    '**/actions/**': 'feed/ is below the actions that use it.',
    '**/reads/**': 'feed/ is not a read path.',
    '**/http/**': 'feed/ knows no transport.',
  }),
  // The guarded outbound client is a leaf: it knows the network and nothing of the server.
  layerRule(['apps/server/src/outbound/**/*.ts'], {
    '**/storage/**': 'outbound/ is a leaf: no storage.',
    '**/actions/**': 'outbound/ is a leaf: callers pass what it needs.',
    '**/reads/**': 'outbound/ is a leaf.',
    '**/access/**': 'outbound/ is a leaf.',
    '**/feed/**': 'outbound/ is a leaf.',
    '**/identity/**': 'outbound/ is a leaf.',
    '**/http/**': 'outbound/ is a leaf: it knows no inbound transport.',
    '**/sync/**': 'outbound/ is a leaf.',
    '**/preview/**': 'outbound/ is below its users.',
  }),
  // URL previews fetch through outbound/ only (never node:http directly) and touch no storage.
  layerRule(['apps/server/src/preview/**/*.ts'], {
    '**/storage/**': 'preview/ keeps its cache in memory; a stored preview image goes through the media repository.',
    '**/actions/**': 'preview/ does not write.',
    '**/http/**': 'preview/ knows no transport.',
    '**/feed/**': 'preview/ does not write.',
    'node:http': 'outbound requests go through outbound/GuardedHttpClient.ts.',
    'node:https': 'outbound requests go through outbound/GuardedHttpClient.ts.',
    'node:net': 'outbound requests go through outbound/GuardedHttpClient.ts.',
    undici: 'outbound requests go through outbound/GuardedHttpClient.ts.',
  }),
  // The media repository sits below routes and actions; it wakes no one and reads no rooms.
  layerRule(['apps/server/src/media/**/*.ts'], {
    '**/actions/**': 'media/ is below the actions that use it.',
    '**/feed/**': 'media writes change no room and no /sync section.',
    '**/sync/**': 'media/ has nothing to do with /sync.',
    '**/reads/**': 'media/ does not read rooms.',
    '**/preview/**': 'previews call media through a callback, not the other way round.',
  }),
  // Identity knows no transport.
  layerRule(['apps/server/src/identity/**/*.ts'], {
    '**/http/**': 'identity/ knows no transport (no Fastify, no http/).',
    '**/reads/**': 'identity/ does not read rooms.',
  }),
);
