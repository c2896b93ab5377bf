/**
 * A fake www.rfi.fr for end-to-end tests: an HTTP *proxy* on 127.0.0.1 (random port) that the browsers are
 * pointed at, so the fixture pages load at their real addresses (`http://www.rfi.fr/cn/中国/20240312-…`) and the
 * extension's content script (`*://*.rfi.fr/cn/*`) runs on them.
 *
 * - plain-http proxy requests (`GET http://www.rfi.fr/… HTTP/1.1`) for a fixture's host and path get the fixture
 *   (each page fixture's expected.json names its URL; the scheme is ignored);
 * - anything on s.rfi.fr gets a small grey 16×9 PNG, except what `goneImages` lists (404);
 * - everything else gets 404;
 * - `CONNECT host:443` (https): with `tls: true` the proxy answers CONNECT for *.rfi.fr itself with a throw-away
 *   self-signed certificate (made with the `openssl` binary; the browser must be told to accept insecure
 *   certificates) and serves the same content over https — that is how the reader page's `https://s.rfi.fr/…`
 *   images load. Without it, and for every other host, CONNECT is refused (403), so nothing leaves the machine.
 *
 * Every request is recorded (scheme, host, path) in `site.requests`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { pageCases, type PageCase } from '../support/page-fixtures';

export interface RecordedRequest {
  /** 'http', 'https' (served through the CONNECT tunnel) or 'connect' (a CONNECT that was refused). */
  scheme: 'http' | 'https' | 'connect';
  method: string;
  host: string;
  /** As the browser sent it (percent-encoded); '' for CONNECT. */
  path: string;
  status: number;
}

export interface RfiSite {
  port: number;
  /** `http://127.0.0.1:PORT`, for --proxy-server. */
  proxyUrl: string;
  fixtures: PageCase[];
  requests: RecordedRequest[];
  /** s.rfi.fr images answered 404 while listed here, as `requested` names them (host and decoded path). */
  goneImages: Set<string>;
  /** `host + decoded path` of every request, e.g. `www.rfi.fr/cn/中国/20240312-…`. */
  requested: () => string[];
  /** The page fixture `name` and its URL with the scheme replaced by `http:` (what the browsers should open). */
  fixture: (name: string) => PageCase & { httpUrl: string };
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Answer CONNECT for *.rfi.fr with a self-signed certificate (needs `openssl`). Default false. */
  tls?: boolean;
  /** More pages, by URL (the scheme is ignored, as for fixtures): HTML a test builds itself. */
  extraPages?: Record<string, string>;
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const key = (host: string, pathname: string) => `${host.toLowerCase()}${safeDecode(pathname)}`;

/** A valid PNG, `width`×`height`, one grey colour (RFI's images are 16:9). */
function greyPng(width = 160, height = 90): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xb4)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG = greyPng();

async function selfSignedCert(): Promise<{ key: string; cert: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rfi-site-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=www.rfi.fr',
      '-addext',
      'subjectAltName=DNS:rfi.fr,DNS:*.rfi.fr',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore', timeout: 20_000 },
  );
  return { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8'), dir };
}

export async function start(opts: StartOptions = {}): Promise<RfiSite> {
  const fixtures = pageCases();
  const pages = new Map<string, Buffer>();
  for (const f of fixtures) {
    const u = new URL(f.url);
    pages.set(key(u.host, u.pathname), Buffer.from(f.html));
  }
  const extraPages = new Map<string, Buffer>();
  for (const [pageUrl, html] of Object.entries(opts.extraPages ?? {})) {
    const u = new URL(pageUrl);
    extraPages.set(key(u.host, u.pathname), Buffer.from(html));
  }
  const requests: RecordedRequest[] = [];
  const goneImages = new Set<string>();
  const sockets = new Set<Socket>();

  const handle = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    // Proxy requests carry an absolute URL; requests inside a CONNECT tunnel carry a path and a Host header.
    let url: URL;
    try {
      url = /^https?:\/\//i.test(req.url ?? '') ? new URL(req.url!) : new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'unknown'}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const record: RecordedRequest = { scheme, method: req.method ?? 'GET', host: url.host, path: url.pathname + url.search, status: 404 };
    requests.push(record);
    const host = url.hostname.toLowerCase();
    const body = extraPages.get(key(url.host, url.pathname)) ?? pages.get(key(url.host, url.pathname));
    try {
      if (body && (req.method === 'GET' || req.method === 'HEAD')) {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } else if (host === 's.rfi.fr' && !goneImages.has(key(url.host, url.pathname))) {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : PNG);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    } catch (err) {
      record.status = 500;
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  };

  let tlsDir: string | undefined;
  let httpsServer: HttpsServer | undefined;
  if (opts.tls) {
    const tls = await selfSignedCert();
    tlsDir = tls.dir;
    httpsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, handle('https'));
    httpsServer.on('tlsClientError', () => {});
  }

  const server: Server = createServer(handle('http'));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const host = target.replace(/:\d+$/, '').toLowerCase();
    socket.on('error', () => {});
    if (httpsServer && (host === 'rfi.fr' || host.endsWith('.rfi.fr'))) {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) socket.unshift(head);
      httpsServer.emit('connection', socket);
      return;
    }
    requests.push({ scheme: 'connect', method: 'CONNECT', host: target, path: '', status: 403 });
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('rfi-site: no port');
  const port = address.port;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const s of sockets) s.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    httpsServer?.close();
    if (tlsDir) await rm(tlsDir, { recursive: true, force: true });
  };

  return {
    port,
    proxyUrl: `http://127.0.0.1:${port}`,
    fixtures,
    requests,
    goneImages,
    requested: () => requests.map((r) => (r.scheme === 'connect' ? r.host : `${r.host}${safeDecode(r.path)}`)),
    fixture: (name) => {
      const f = fixtures.find((x) => x.name === name);
      if (!f) throw new Error(`no page fixture ${name}`);
      return { ...f, httpUrl: f.url.replace(/^https:/, 'http:') };
    },
    stop,
  };
}

/** A recorded request's host without its port, in lower case. */
export const hostname = (host: string): string => host.replace(/:\d+$/, '').toLowerCase();

/** The browsers' own background traffic (Firefox's remote settings etc.), which also goes through the proxy. */
export const BROWSER_SERVICE = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|googleapis\.com|gvt1\.com|google\.com)$/;

export async function stop(site: RfiSite): Promise<void> {
  await site.stop();
}

/** Chromium switches that send all traffic through `site` (with `tls: true`: its self-signed https too). */
export function chromiumProxyArgs(site: RfiSite): string[] {
  return [
    `--proxy-server=${site.proxyUrl}`,
    '--proxy-bypass-list=<-loopback>',
    '--ignore-certificate-errors',
    // Keep http://www.rfi.fr on http (no automatic https upgrade and fallback).
    '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
  ];
}

/** Firefox preferences that send all traffic through `site` (launch with `acceptInsecureCerts` for its https). */
export function firefoxProxyPrefs(site: RfiSite): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': site.port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': site.port,
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.no_proxies_on': '',
    'dom.security.https_first': false,
    'dom.security.https_only_mode': false,
  };
}
