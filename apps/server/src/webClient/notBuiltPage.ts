/**
 * What `GET /` answers while the web client is not built: a plain page (no script, no style, so
 * the CSP allows it) saying how to build it. It names no folder of the server's disk; the
 * start-up banner and the log do.
 */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley: web client not built</title>
</head>
<body>
<main>
<h1>The Parley web client is not built yet</h1>
<p>This Parley homeserver is running, and Matrix clients can use it now.</p>
<p>To get the web client here, build it in the Parley folder and reload this page:</p>
<pre><code>npm run build</code></pre>
<p>The server serves it from <code>apps/web/dist</code>, or from the folder set as <code>web_client.path</code> in parley.yaml (see docs/web-client.md).</p>
</main>
</body>
</html>
`;
