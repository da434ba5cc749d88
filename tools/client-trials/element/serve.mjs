// Tiny static server for Element's built webapp/.  node serve.mjs [dir] [port]
// /config*.json is always generated from $HS_URL (default http://localhost:8448), so one build serves any Parley.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
const dir = path.resolve(process.argv[2] || new URL('./element-web/webapp', import.meta.url).pathname);
const port = Number(process.argv[3] || 8080);
const hs = process.env.HS_URL || 'http://localhost:8448';
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif', '.ico': 'image/x-icon', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain', '.map': 'application/json', '.webmanifest': 'application/manifest+json' };
const config = {
  default_server_config: { 'm.homeserver': { base_url: hs, server_name: 'localhost' } },
  disable_custom_urls: false, disable_guests: true, disable_3pid_login: true, brand: 'Element',
  default_country_code: 'GB', show_labs_settings: false, room_directory: { servers: ['localhost'] },
  setting_defaults: { breadcrumbs: true }, element_call: { use_exclusively: false },
};
http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (/^\/config(\.[^/]*)?\.json$/.test(p)) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    return res.end(JSON.stringify(config));
  }
  if (p.endsWith('/')) p += 'index.html';
  const f = path.join(dir, path.normalize(p));
  if (!f.startsWith(dir)) { res.writeHead(403); return res.end(); }
  fs.stat(f, (err, st) => {
    if (err || !st.isFile()) { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream', 'content-length': st.size });
    fs.createReadStream(f).pipe(res);
  });
}).listen(port, '127.0.0.1', () => console.log(`serving ${dir} on http://127.0.0.1:${port} (homeserver ${hs})`));
