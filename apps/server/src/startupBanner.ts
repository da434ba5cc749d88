import type { Config } from './config.ts';

/** Where the web client is served from, and whether it is built there (its index.html exists); null when web_client.enabled is off. */
export interface WebClientStatus {
  dir: string;
  built: boolean;
}

/** Addresses that only this machine can reach. */
const LOOPBACK = /^(127\.|::1$|localhost$)/;

/**
 * What a newcomer needs after `npm start`, in plain words: where Parley listens and who can
 * reach it, the URL to give a Matrix client, whether anyone may register, and how to create an
 * admin. Printed on stderr before the JSON logs (stdout). Never prints a secret: no password,
 * no registration token, no database password.
 */
export function startupBanner(config: Config, listeningOn: string, database: 'sqlite' | 'postgres', webClient: WebClientStatus | null = null): string {
  const local = LOOPBACK.test(config.bindAddress);
  const where = local
    ? `${listeningOn} (this machine only: set bind_address to 0.0.0.0 to accept other machines, see docs/operations.md)`
    : `${listeningOn} (all network interfaces: other machines can connect)`;
  const registration =
    config.registration === 'open'
      ? 'open: anyone who can reach the server can create an account'
      : config.registration === 'token'
        ? `by registration token only (${config.registrationTokens.length} configured in registration.tokens)`
        : 'closed: accounts are created with the command below';
  const storage = database === 'postgres' ? 'PostgreSQL (database_url)' : config.ephemeral ? 'SQLite in memory (--ephemeral: nothing is kept)' : `SQLite in ${config.dataDir}`;
  return [
    '',
    `Parley is running: a Matrix homeserver for ${config.serverName}`,
    `  Listening on:     ${where}`,
    `  Give clients:     ${config.publicBaseUrl}   (the homeserver URL in Element, FluffyChat, nheko; public_base_url)`,
    `  Web client:       ${webClientLine(config, webClient)}`,
    `  Registration:     ${registration}`,
    `  Data:             ${storage}`,
    `  Create an admin:  npm run parley -- user create NAME --admin --password 'choose-one'`,
    `                    (where the parley command is installed: parley user create ...; then log in as @NAME:${config.serverName})`,
    '  Stop with Ctrl+C. Configuration: parley.yaml (docs/configuration.md). Logs follow as JSON lines on stdout.',
    '',
    '',
  ].join('\n');
}

function webClientLine(config: Config, webClient: WebClientStatus | null): string {
  if (!webClient) return 'off (web_client.enabled: false)';
  if (webClient.built) return `${config.publicBaseUrl}/   (open it in a browser; served from ${webClient.dir})`;
  return `not built yet: run npm run build, then open ${config.publicBaseUrl}/ (expected in ${webClient.dir})`;
}
