// Port for Azure Pipelines: sends the task executable's HTTP requests with the agent's Node (its HTTPS, certificates
// and proxy settings), so that each executable carries no HTTPS stack of its own, 43% of its size.
// The executable (src/Port.Http/LauncherTransport.cs) opens one loopback connection a request and writes a JSON line,
// {key, method, url, headers: [[name, value]], length}, then the body; the answer comes back the same way,
// {status, reason, headers, length} then the body, or {error: Node's error code, message}. Closing the connection
// cancels the request. Plain CommonJS with no dependencies, like launcher.js.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
// Loaded once the executable is started (see preload), while it starts up, rather than before.
const lazy = (name) => { let loaded = null; return () => loaded || (loaded = require(name)); };
const http = lazy('http');
const https = lazy('https');
const tls = lazy('tls');

const maxHeadBytes = 1024 * 1024;
// Repeating these cannot duplicate an effect: they are retried once when a kept-alive connection turns out closed.
const idempotent = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection']);

/** Listens on a free loopback port; calls back with the address and key the executable is given. */
function start(callback) {
  const key = crypto.randomBytes(24).toString('hex');
  const server = net.createServer((socket) => serve(socket, Buffer.from(key)));
  server.on('error', (error) => callback(error));
  server.listen(0, '127.0.0.1', () => callback(null, { address: `127.0.0.1:${server.address().port}`, key, close: () => server.close() }));
}

/** Loads the HTTP modules while the executable starts up, so that its first request does not wait for them. */
function preload() {
  setImmediate(() => { http(); https(); });
}

/** Reads one request from the executable's connection, sends it, and writes the answer back. */
function serve(socket, key) {
  let received = Buffer.alloc(0);
  let head = null;
  let outgoing = null;
  socket.on('error', () => { /* the executable went away: 'close' follows */ });
  socket.on('close', () => { if (outgoing) outgoing.destroy(); });
  socket.on('data', (chunk) => {
    if (outgoing) return;
    received = Buffer.concat([received, chunk]);
    if (!head) {
      const newline = received.indexOf(10);
      if (newline < 0) {
        if (received.length > maxHeadBytes) socket.destroy();
        return;
      }
      try {
        head = JSON.parse(received.subarray(0, newline).toString('utf8'));
      } catch (_) {
        head = null;
      }
      if (!isHead(head)) {
        socket.destroy();
        return;
      }
      const given = Buffer.from(String(head.key));
      if (given.length !== key.length || !crypto.timingSafeEqual(given, key)) {
        socket.destroy(); // not the executable this launcher started
        return;
      }
      received = received.subarray(newline + 1);
    }
    if (received.length >= head.length) {
      let replied = false;
      const reply = (answer, body) => {
        if (replied || socket.destroyed) return;
        replied = true;
        socket.end(Buffer.concat([Buffer.from(`${JSON.stringify(answer)}\n`), body || Buffer.alloc(0)]));
      };
      try {
        outgoing = send(head, received.subarray(0, head.length), reply);
      } catch (error) {
        outgoing = { destroy() {} };
        reply({ error: 'INVALID_REQUEST', message: describe(error) });
      }
    }
  });
}

/** Whether a parsed line has the shape of a request head, before anything of it is used. */
function isHead(head) {
  return head !== null && typeof head === 'object' && typeof head.key === 'string' && typeof head.method === 'string' &&
    typeof head.url === 'string' && Array.isArray(head.headers) && Number.isInteger(head.length) && head.length >= 0;
}

/** Node's message for an error; a connection that tried several addresses fails with an AggregateError whose own is empty. */
function describe(error) {
  return error.message || (error.errors || []).map((e) => e.message).join('; ') || error.code || 'unknown error';
}

/** Sends the request (retrying an idempotent one once on a stale kept-alive connection); returns what cancels it. */
function send(head, body, reply) {
  let url;
  try {
    url = new URL(head.url);
  } catch (_) {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    reply({ error: 'INVALID_REQUEST', message: `The launcher sends only http and https requests, not ${head.url}.` });
    return { destroy() {} };
  }
  const headers = {};
  for (const [name, value] of head.headers) headers[name] = value;
  if (body.length > 0 || !idempotent.has(head.method)) headers['Content-Length'] = body.length;

  let current = null;
  let canceled = false;
  const attempt = (earlier) => {
    const opened = (error, request) => {
      if (canceled) {
        if (request) request.destroy();
        return;
      }
      if (error) {
        const reported = earlier || error; // see below
        reply({ error: reported.code || 'ERROR', message: describe(reported) });
        return;
      }
      current = request;
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          if (!response.complete) return; // 'aborted' or 'error' says why
          const pairs = [];
          for (let i = 0; i < response.rawHeaders.length; i += 2) {
            if (!hopByHop.has(response.rawHeaders[i].toLowerCase())) pairs.push([response.rawHeaders[i], response.rawHeaders[i + 1]]);
          }
          const content = Buffer.concat(chunks);
          reply({ status: response.statusCode, reason: response.statusMessage, headers: pairs, length: content.length }, content);
        });
        const broke = () => reply({ error: 'ECONNRESET', message: `The connection broke while ${url.host} answered.` });
        response.on('aborted', broke);
        response.on('error', broke);
      });
      request.on('error', (failure) => {
        if (canceled || answered) return;
        if (!earlier && request.reusedSocket && failure.code === 'ECONNRESET' && idempotent.has(head.method)) {
          attempt(failure);
          return;
        }
        // After a retry, the first failure says what may have happened: the request may have reached the server.
        const reported = earlier || failure;
        reply({ error: reported.code || 'ERROR', message: describe(reported) });
      });
      request.end(body);
    };
    try {
      const pending = open(url, head.method, headers, opened); // a proxy's CONNECT, until the tunnel is up
      if (!current) current = pending;
    } catch (error) {
      // A header Node refuses, a proxy setting that does not parse: this request is not sent, and the launcher lives on.
      reply({ error: error.code === 'PROXY_FAILED' ? error.code : 'INVALID_REQUEST', message: describe(error) });
    }
  };
  attempt(null);
  return { destroy() { canceled = true; if (current) current.destroy(); } };
}

/** Opens the request, through the proxy the environment names for this URL, if any. */
function open(url, method, headers, callback) {
  const proxy = proxyFor(url);
  const secure = url.protocol === 'https:';
  if (!proxy) {
    callback(null, (secure ? https() : http()).request(url, { method, headers, agent: agentFor(url.protocol) }));
    return null;
  }
  if (!secure) {
    // A plain request goes to the proxy itself, naming the whole URL.
    const through = { Host: url.host, ...headers, ...proxyAuthorization(proxy) };
    callback(null, http().request({ host: proxy.hostname, port: proxy.port || 80, method, path: url.href, headers: through }));
    return null;
  }
  const target = `${url.hostname}:${url.port || 443}`;
  const connect = http().request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: target, headers: { host: target, ...proxyAuthorization(proxy) } });
  const failed = (message) => callback(Object.assign(new Error(message), { code: 'PROXY_FAILED' }));
  connect.on('connect', (answer, socket) => {
    if (answer.statusCode !== 200) {
      socket.destroy();
      failed(`The proxy ${proxy.host} answered ${answer.statusCode} ${answer.statusMessage || ''} to CONNECT ${target}.`.replace(' .', '.'));
      return;
    }
    let request;
    try {
      const secured = tls().connect({ socket, servername: url.hostname, ca: trusted() });
      request = https().request(url, { method, headers, agent: false, createConnection: () => secured });
    } catch (error) {
      socket.destroy();
      callback(error);
      return;
    }
    callback(null, request);
  });
  // Nothing reached the server yet: Node's code (ECONNREFUSED, ENOTFOUND) tells the executable so.
  connect.on('error', (error) => callback(Object.assign(new Error(`The proxy ${proxy.host} could not be reached: ${describe(error)}`), { code: error.code || 'PROXY_FAILED' })));
  connect.end();
  return connect;
}

function proxyAuthorization(proxy) {
  if (!proxy.username) return {};
  const decode = (text) => { try { return decodeURIComponent(text); } catch (_) { return text; } };
  const credentials = `${decode(proxy.username)}:${decode(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * The proxy for this URL: none for loopback; else the agent's own (Agent.ProxyUrl, its credentials and bypass list of
 * regular expressions, as the agent passes them to every task); else HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY,
 * upper or lower case, as .NET and curl read them.
 */
function proxyFor(url) {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || (net.isIP(host) && /^(127\.|::1$)/.test(host))) return null;
  if (process.env.AGENT_PROXYURL) return agentProxy(url);
  const variable = (name) => process.env[name.toLowerCase()] || process.env[name];
  const value = (url.protocol === 'https:' ? variable('HTTPS_PROXY') : variable('HTTP_PROXY')) || variable('ALL_PROXY');
  if (!value) return null;
  for (const listed of (variable('NO_PROXY') || '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const entry = listed.split(':').length === 2 ? listed.replace(/:\d+$/, '') : listed.replace(/^\[|\](:\d+)?$/g, ''); // host:port, or IPv6
    const domain = entry.replace(/^\*?\./, '');
    if (entry === '*' || host === domain || host.endsWith(`.${domain}`)) return null;
  }
  return proxyUrl(value.includes('://') ? value : `http://${value}`, url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
}

/** The proxy's URL; one that does not parse is named by its setting, never shown (it may hold a password). */
function proxyUrl(value, setting) {
  try {
    return new URL(value);
  } catch (_) {
    throw Object.assign(new Error(`The proxy in ${setting} is not a valid URL (write a password's special characters %-encoded).`), { code: 'PROXY_FAILED' });
  }
}

function agentProxy(url) {
  if (bypassList().some((pattern) => pattern.test(url.href))) return null;
  const proxy = proxyUrl(process.env.AGENT_PROXYURL, 'Agent.ProxyUrl');
  if (process.env.AGENT_PROXYUSERNAME) {
    proxy.username = encodeURIComponent(process.env.AGENT_PROXYUSERNAME);
    proxy.password = encodeURIComponent(process.env.SECRET_AGENT_PROXYPASSWORD || process.env.AGENT_PROXYPASSWORD || '');
  }
  return proxy;
}

let bypassPatterns = null;
/** Agent.ProxyBypassList: a JSON list of .NET regular expressions; one JavaScript cannot read is left out. */
function bypassList() {
  if (bypassPatterns) return bypassPatterns;
  let listed = [];
  try {
    listed = JSON.parse(process.env.AGENT_PROXYBYPASSLIST || '[]');
  } catch (_) { /* the agent writes it as JSON; anything else bypasses nothing */ }
  bypassPatterns = (Array.isArray(listed) ? listed : []).flatMap((pattern) => {
    try {
      return [new RegExp(String(pattern).replace(/^\(\?i\)/, ''), 'i')];
    } catch (_) {
      return [];
    }
  });
  return bypassPatterns;
}

const keptAlive = {};
/** One kept-alive agent a scheme, so that a bulk import does not pay a TLS handshake a request. */
function agentFor(protocol) {
  if (!keptAlive[protocol]) {
    keptAlive[protocol] = protocol === 'https:' ? new (https().Agent)({ keepAlive: true, ca: trusted() }) : new (http().Agent)({ keepAlive: true });
  }
  return keptAlive[protocol];
}

let certificates = null;
/**
 * The certificates HTTPS trusts: Node's own with NODE_EXTRA_CA_CERTS (which the agent sets when it was configured
 * with a CA), and the system's, which .NET trusted: Node 22.15 and later read them on every OS; earlier ones get
 * the system bundle on Linux (SSL_CERT_FILE, else the distribution's).
 */
function trusted() {
  if (certificates) return certificates;
  if (typeof tls().getCACertificates === 'function') {
    certificates = [...new Set([...tls().getCACertificates('default'), ...tls().getCACertificates('system')])];
    return certificates;
  }
  certificates = [...tls().rootCertificates];
  const bundles = [process.env.NODE_EXTRA_CA_CERTS, process.env.SSL_CERT_FILE];
  if (process.platform === 'linux') bundles.push('/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem');
  for (const bundle of bundles.filter(Boolean)) {
    try {
      certificates.push(fs.readFileSync(bundle, 'utf8'));
      if (bundle !== process.env.NODE_EXTRA_CA_CERTS) break; // one system bundle is enough
    } catch (_) { /* not on this system */ }
  }
  return certificates;
}

module.exports = { start, preload };
