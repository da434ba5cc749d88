// A local web server for the URL preview tests: pages with OpenGraph tags, redirects to wherever
// a test asks, a body that never ends and an answer that never comes. It listens on 127.0.0.1,
// which the server under test may reach only on this port (outbound.ip_range_allowlist).
import { createServer, type Server, type ServerResponse } from 'node:http';
import sharp from 'sharp';

/** The page's og:image: a real PNG, which the server stores as local media. */
export const LOGO_PNG = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } } })
  .png()
  .toBuffer();

export interface Origin {
  port: number;
  url: string;
  /** Requests received, by path (a test can prove a refused URL was never fetched). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export const OG_PAGE = `<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Ignored title</title>
<meta property="og:title" content="Parley &amp; friends">
<meta property="og:description" content="A   homeserver
 for communities">
<meta property="og:image" content="/img/logo.png">
<meta property="og:image:width" content="640">
<meta property="og:image:height" content="480">
<meta property="og:type" content="website">
<script>document.write('<meta property="og:title" content="from a script">')</script>
</head><body><p>Hello</p></body></html>`;

export const PLAIN_PAGE = `<html><HEAD><TITLE>  Plain   page </TITLE><META NAME=description CONTENT='Only the basics'></HEAD><body></body></html>`;

export async function startOrigin(): Promise<Origin> {
  const hits = new Map<string, number>();
  const open = new Set<ServerResponse>();
  let chain = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const html = (body: string): void => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    switch (url.pathname) {
      case '/page':
        return html(OG_PAGE);
      case '/plain':
        return html(PLAIN_PAGE);
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/page' });
        return res.end();
      case '/chain': {
        // /chain?n=3 redirects three times, then serves the page.
        const n = Number(url.searchParams.get('n') ?? 0);
        chain++;
        if (n <= 0) return html(OG_PAGE);
        res.writeHead(301, { location: `/chain?n=${n - 1}&c=${chain}` });
        return res.end();
      }
      case '/forever': {
        // A page that never ends: chunks as fast as the client reads them, until it hangs up.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>forever</title>');
        const chunk = `<p>${'x'.repeat(16 * 1024)}</p>`;
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
      case '/declared-huge':
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(1024 * 1024 * 1024) });
        res.write('<html>');
        open.add(res);
        return;
      case '/hang':
        // Headers never come: the client's time limit must end it.
        open.add(res);
        return;
      case '/slow-body':
        // Headers at once, then the body never finishes.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>slow');
        open.add(res);
        return;
      case '/img/logo.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(LOGO_PNG);
      case '/svg-image':
        return html('<meta property="og:title" content="Vector"><meta property="og:image" content="/img/vector.svg"><meta property="og:image:width" content="10">');
      case '/image-at':
        // A page whose og:image is wherever the test says (attribute-escaped).
        return html(
          `<meta property="og:title" content="Elsewhere"><meta property="og:image" content="${(url.searchParams.get('src') ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`,
        );
      case '/img/vector.svg':
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        return res.end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      case '/image.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      case '/missing':
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<title>Not here</title>');
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  server.on('close', () => {
    for (const r of open) r.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of open) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
