import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { IrcClient } from './IrcClient.ts';
import { freePort, spawnPinned, waitForPort, type Spawned } from './spawnPinned.ts';
import type { ChatClient, OnBody, Target } from './Target.ts';
import { workDir } from './workDir.ts';

function ngircdConf(dir: string, port: number): string {
  return `[Global]
\tName = bench.localhost
\tInfo = parley bench
\tListen = 127.0.0.1
\tPorts = ${port}
\tPidFile = ${dir}/ngircd.pid
\tMotdPhrase = bench
[Limits]
\tMaxConnections = 0
\tMaxConnectionsIP = 0
\tMaxJoins = 0
\tMaxPenaltyTime = 0
\tMaxNickLength = 16
\tPingTimeout = 600
\tPongTimeout = 600
[Options]
\tDNS = no
\tIdent = no
\tPAM = no
\tMorePrivacy = no
`;
}

function inspircdConf(dir: string, port: number): string {
  writeFileSync(path.join(dir, 'motd.txt'), 'bench\n');
  return `<server name="bench.localhost" description="parley bench" network="bench">
<admin name="bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="${port}" type="clients">
<connect name="bench" allow="*" maxchans="1000" timeout="120" pingfreq="600"
  hardsendq="67108864" softsendq="8388608" recvq="1048576"
  threshold="1000000" commandrate="100000000" fakelag="off"
  localmax="1000000" globalmax="1000000" limit="1000000" resolvehostnames="no" useident="no">
<files motd="${dir}/motd.txt">
<channels users="1000" opers="1000">
<dns server="127.0.0.1" timeout="1">
<pid file="${dir}/inspircd.pid">
<performance softlimit="1048576" somaxconn="65535" clonesonconnect="no" quietbursts="yes" nouserdns="yes">
<security maxtargets="20">
<limits maxnick="30" maxchan="64" maxmodes="20" maxident="20" maxquit="255" maxtopic="307" maxkick="255" maxreal="128" maxgecos="128" maxaway="200">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="${dir}/inspircd.log">
`;
}

/** IRC peers from Debian: ngircd 26 or InspIRCd 3, single process, no history. */
export class IrcTarget implements Target {
  readonly protocol = 'irc' as const;
  readonly durable = false;
  readonly notes: string[];
  private proc?: Spawned;
  private port = 0;

  constructor(readonly name: 'ngircd' | 'inspircd') {
    this.notes =
      name === 'ngircd'
        ? ['ngircd 26.1: MaxPenaltyTime=0 (flood penalty off), MaxConnections=0 and MaxConnectionsIP=0 (unlimited), MaxJoins=0, DNS/ident off; no history']
        : [
            'InspIRCd 3.15: connect class commandrate=1e8, fakelag=off, threshold=1e6, sendq 64 MB, localmax/globalmax/limit 1e6 (per-IP clones); performance softlimit 1048576 (capped by nofile), somaxconn 65535; no history',
          ];
  }

  async start(): Promise<void> {
    const dir = workDir(this.name);
    this.port = await freePort();
    const conf = path.join(dir, `${this.name}.conf`);
    if (this.name === 'ngircd') {
      writeFileSync(conf, ngircdConf(dir, this.port));
      this.proc = spawnPinned('ngircd', ['-n', '-f', conf], { logFile: path.join(dir, 'server.log') });
    } else {
      writeFileSync(conf, inspircdConf(dir, this.port));
      this.proc = spawnPinned('inspircd', ['--nofork', '--runasroot', `--config=${conf}`], { logFile: path.join(dir, 'server.log') });
    }
    await waitForPort(this.port, 15_000);
  }

  serverPids(): number[] {
    return this.proc ? [this.proc.pid] : [];
  }

  async prepare(): Promise<void> {}

  client(user: number, onBody: OnBody): ChatClient {
    return new IrcClient(this.port, user, onBody);
  }

  async stop(): Promise<void> {
    await this.proc?.stop();
  }
}
