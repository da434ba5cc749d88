import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../core/sleep.ts';
import { procTree } from '../measure/procTree.ts';
import { freePort, spawnPinned, waitForPort, type Spawned } from './spawnPinned.ts';
import type { ChatClient, OnBody, Target } from './Target.ts';
import { workDir } from './workDir.ts';
import { XmppClient } from './XmppClient.ts';

/**
 * ejabberd 23.01 with mod_muc; the durable profile adds mod_mam (Mnesia disc copies).
 * One Erlang scheduler (+S 1:1), shapers off, max_fsm_queue raised. Users log in with SASL
 * PLAIN through anonymous login_anon (any name and password), so no accounts are created.
 */
export class EjabberdTarget implements Target {
  readonly protocol = 'xmpp' as const;
  readonly name: string;
  readonly notes: string[];
  private proc?: Spawned;
  private port = 0;

  constructor(readonly durable: boolean) {
    this.name = durable ? 'ejabberd+mam' : 'ejabberd';
    this.notes = [
      `ejabberd 23.01, Erlang +S 1:1, ERL_MAX_PORTS 1048576 (capped by nofile), +P 2e6, run as the ejabberd user through setpriv (su would reset nofile to 1024), c2s listener backlog 65535 (default 5), shaper none, max_fsm_queue 1e6, mod_muc min intervals 0, SASL PLAIN via anonymous login_anon${
        durable ? ', mod_mam on every room (Mnesia)' : ', no archive'
      }`,
    ];
  }

  async start(): Promise<void> {
    const dir = workDir(this.name);
    this.port = await freePort();
    mkdirSync(path.join(dir, 'db'), { recursive: true });
    mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const yml = `hosts: [localhost]
loglevel: warning
hide_sensitive_log_data: true
certfiles: []
max_fsm_queue: 1000000
listen:
  - port: ${this.port}
    ip: "127.0.0.1"
    backlog: 65535
    module: ejabberd_c2s
    max_stanza_size: 262144
    shaper: none
    access: all
    starttls: false
auth_method: [anonymous]
anonymous_protocol: login_anon
allow_multiple_connections: true
shaper_rules:
  c2s_shaper: none
  max_user_sessions: 10
access_rules:
  local: {allow: all}
  c2s: {allow: all}
  muc_create: {allow: all}
modules:
  mod_disco: {}
  mod_muc:
    access: all
    access_create: all
    access_persistent: all
    access_mam: all
    max_users: 100000
    max_user_conferences: 1000
    min_message_interval: 0
    min_presence_interval: 0
    max_users_admin_threshold: 20
    default_room_options:
      max_users: 100000
      mam: ${this.durable ? 'true' : 'false'}
      persistent: ${this.durable ? 'true' : 'false'}
      public: true
${this.durable ? '  mod_mam:\n    db_type: mnesia\n    default: always\n' : ''}`;
    writeFileSync(path.join(dir, 'ejabberd.yml'), yml);
    writeFileSync(path.join(dir, 'inetrc'), '{lookup,["file","native"]}.\n{host,{127,0,0,1}, ["localhost"]}.\n');
    writeFileSync(
      path.join(dir, 'ejabberdctl.cfg'),
      `ERL_OPTIONS="+S 1:1 +A 1 -env ERL_CRASH_DUMP_BYTES 0"\nERL_MAX_PORTS=1048576\nERL_PROCESSES=2000000\nINET_DIST_INTERFACE=127.0.0.1\nEJABBERD_PID_PATH=${dir}/ejabberd.pid\nCONTRIB_MODULES_CONF_DIR=${dir}/modules.d\n`,
    );
    chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'ejabberd', dir]);
    // ejabberdctl started as root switches to the ejabberd user with `su`, whose pam_limits
    // drops the open-files limit to 1024; switch with setpriv (no PAM) so it keeps ours.
    this.proc = spawnPinned(
      'setpriv',
      [
        '--reuid=ejabberd',
        '--regid=ejabberd',
        '--init-groups',
        '/usr/sbin/ejabberdctl',
        '--config-dir',
        dir,
        '--config',
        path.join(dir, 'ejabberd.yml'),
        '--ctl-config',
        path.join(dir, 'ejabberdctl.cfg'),
        '--logs',
        path.join(dir, 'logs'),
        '--spool',
        path.join(dir, 'db'),
        '--node',
        `bench${this.port}@localhost`,
        'foreground',
      ],
      { logFile: path.join(dir, 'server.log'), cwd: dir, env: { ...process.env, HOME: '/var/lib/ejabberd', USER: 'ejabberd', LOGNAME: 'ejabberd' } },
    );
    await waitForPort(this.port, 60_000);
    // The listener opens before every module is up: wait for a full login and MUC join.
    const end = performance.now() + 60_000;
    for (;;) {
      const probe = this.client(1_000_000, () => undefined);
      try {
        await probe.connect();
        await probe.join([1_000_000]);
        probe.close();
        return;
      } catch (e) {
        probe.close();
        if (performance.now() > end) throw e;
        await sleep(200);
      }
    }
  }

  serverPids(): number[] {
    return this.proc ? [this.proc.pid] : [];
  }

  async prepare(): Promise<void> {}

  client(user: number, onBody: OnBody): ChatClient {
    return new XmppClient(this.port, 'localhost', 'conference.localhost', user, onBody);
  }

  /** ejabberdctl runs the VM through `su`, outside our process group: kill the whole tree by pid. */
  async stop(): Promise<void> {
    const tree = this.proc ? procTree([this.proc.pid]) : [];
    await this.proc?.stop();
    for (const pid of tree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}
