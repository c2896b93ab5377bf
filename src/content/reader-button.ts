/**
 * The in-page "阅读模式" button. It lives in a closed shadow root, so the page's scripts cannot read into it, and
 * its host is a bare custom element added only on articles: no global, no class the page could query for ours.
 */
const STYLE = `
:host{all:initial;position:fixed;right:16px;bottom:16px;z-index:2147483647}
button{font:14px/1 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#fff;background:#b0121e;border:0;
border-radius:20px;padding:10px 16px;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer}
button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
`;

export function addReaderButton(label: string, onClick: () => void): void {
  const host = document.createElement('rfi-reader-button');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', onClick);
  root.append(style, button);
  document.documentElement.append(host);
}
