import Module, { createRequire } from 'node:module';
import type * as BotSdkModule from 'matrix-bot-sdk';

/**
 * matrix-bot-sdk, loaded for tests. Version 0.7.1 is the last whose engines include Node 20
 * (0.8.0 wants Node 22). Its end-to-end encryption needs @matrix-org/matrix-sdk-crypto-nodejs,
 * whose native library is downloaded from GitHub by an install script; tests install from the
 * npm registry only (--ignore-scripts), so that module is replaced by a stub before the SDK
 * loads. The bots tested here do not encrypt, and nothing of the stub is called unless they do.
 */
const require = createRequire(import.meta.url);
const cryptoPath = require.resolve('@matrix-org/matrix-sdk-crypto-nodejs', { paths: [require.resolve('matrix-bot-sdk')] });
const stub = new Module(cryptoPath);
stub.filename = cryptoPath;
stub.loaded = true;
stub.exports = new Proxy(
  {},
  {
    get: (_target, name) =>
      name === '__esModule'
        ? false
        : class {
            constructor() {
              throw new Error(`matrix-sdk-crypto-nodejs is stubbed in tests (${String(name)})`);
            }
          },
  },
);
(require.cache as Record<string, unknown>)[cryptoPath] = stub;

type BotSdk = typeof BotSdkModule;
const sdk = require('matrix-bot-sdk') as BotSdk;
// Quiet: the SDK logs every request at info level.
sdk.LogService.setLevel(sdk.LogLevel.ERROR);
sdk.LogService.muteModule('MatrixHttpClient');

export const { MatrixClient: BotClient } = sdk;
export type BotClientInstance = InstanceType<typeof sdk.MatrixClient>;
