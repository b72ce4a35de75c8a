// The demo page reads its configuration from the query string (no inline script: CSP-friendly).
import '../../src/define.js';

const params = new URLSearchParams(location.search);
const element = document.querySelector('contacts-manager')!;
for (const name of ['base-url', 'token', 'locale', 'theme', 'page-size']) {
  const value = params.get(name);
  if (value) element.setAttribute(name, value);
}
if (params.get('theme') === 'dark') document.body.classList.add('dark');
