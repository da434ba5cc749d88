// TLS front for a plain-HTTP Parley, for clients that only speak TLS (weechat-matrix 0.3.0 always wraps the socket in TLS).
// Usage: node tls-proxy.js [listenPort=8449] [targetPort=8448]   (self-signed cert in ./tls, made by check_weechat.sh)
const tls = require('tls'), net = require('net'), fs = require('fs'), path = require('path');
const [lp, tp] = [Number(process.argv[2] || 8449), Number(process.argv[3] || 8448)];
const dir = path.join(__dirname, 'tls');
tls.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')), ALPNProtocols: ['http/1.1'] }, (s) => {
  const u = net.connect(tp, '127.0.0.1');
  s.pipe(u).pipe(s);
  s.on('error', () => u.destroy()); u.on('error', () => s.destroy());
}).listen(lp, '127.0.0.1', () => console.log(`tls-proxy 127.0.0.1:${lp} -> 127.0.0.1:${tp}`));
