/**
 * Tiny stand-ins for a built web client, laid out as a Vite build (index.html, hashed files
 * under assets/), to prove the browser harness against pages Parley serves. Write one with
 * writeFixtureDist(fixtureApps.form).
 */

const STYLE = `body { font-family: sans-serif; margin: 2rem; color: #1b1b1b; background: #ffffff; }
label, input, button { display: block; font-size: 1rem; margin: 0.5rem 0; }
input, button { min-height: 2rem; padding: 0.25rem 0.75rem; }
button { background: #1a4fd6; color: #ffffff; border: 0; border-radius: 4px; }
:focus-visible { outline: 3px solid #b3261e; outline-offset: 2px; }
.tiny { display: inline-block; width: 10px; height: 10px; min-height: 0; padding: 0; margin: 0; }
@media (prefers-color-scheme: dark) { body { color: #f1f1f1; background: #121212; } }
`;

/**
 * A form that greets whoever submits it in a polite live region, and reports from its script
 * (never inline) whether WebAssembly compiled and what /_parley/client/v1/config answered.
 */
const SCRIPT = `const form = document.getElementById('hello');
const greeting = document.getElementById('greeting');
form.addEventListener('submit', (e) => {
  e.preventDefault();
  greeting.textContent = 'Hello, ' + document.getElementById('name').value + '!';
});
// The smallest valid module: magic number and version.
WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
  () => { document.body.dataset.wasm = 'compiled'; },
  (err) => { document.body.dataset.wasm = 'refused: ' + err.message; },
);
fetch('/_parley/client/v1/config').then((r) => r.json()).then(
  (c) => { document.getElementById('server').textContent = 'Server: ' + c.server_name; },
  (err) => { document.getElementById('server').textContent = 'config failed: ' + err.message; },
);
`;

const page = (head: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley harness fixture</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;

const FORM_HEAD = '<link rel="stylesheet" href="/assets/form-5d41a2.css">\n<script type="module" src="/assets/form-5d41a2.js"></script>';
const FORM_BODY = `<main>
<h1>Say hello</h1>
<form id="hello">
<label for="name">Your name</label>
<input id="name" name="name" autocomplete="name" required>
<button type="submit">Say hello</button>
</form>
<p role="status" id="greeting"></p>
<p id="server"></p>
</main>`;

/** A 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export const fixtureApps = {
  /** Accessible, CSP-clean: axe passes, Tab/type/Enter greets. */
  form: {
    'index.html': page(FORM_HEAD, FORM_BODY),
    'assets/form-5d41a2.css': STYLE,
    'assets/form-5d41a2.js': SCRIPT,
  },
  /** The same with deliberate faults axe must report: an image without alt text, a field without a label, 10 px targets side by side. */
  broken: {
    'index.html': page(
      FORM_HEAD,
      FORM_BODY.replace(
        '<h1>Say hello</h1>',
        '<h1>Say hello</h1>\n<img src="/assets/logo-8b1a99.png">\n<input id="unlabelled">\n<p><button class="tiny" aria-label="One"></button><button class="tiny" aria-label="Two"></button></p>',
      ),
    ),
    'assets/form-5d41a2.css': STYLE,
    'assets/form-5d41a2.js': SCRIPT,
    'assets/logo-8b1a99.png': PNG,
  },
  /** Everything the CSP must stop: inline script, inline style element and attribute, eval. */
  hostile: {
    'index.html': page(
      '<script>window.inlineScriptRan = true;</script>\n<style>body { background: rgb(255, 0, 0); }</style>\n<script type="module" src="/assets/hostile-a1b2c3.js"></script>',
      '<main><h1 style="color: rgb(0, 128, 0)">Hostile</h1></main>',
    ),
    'assets/hostile-a1b2c3.js': `try { window.evalResult = eval('6 * 7'); } catch (e) { window.evalRefused = e.name; }
try { window.functionResult = new Function('return 7')(); } catch (e) { window.functionRefused = e.name; }
document.body.dataset.ready = 'yes';
`,
  },
} as const;
