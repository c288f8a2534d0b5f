// The baseline: a bare node:http server that answers GET /posts with fixed bytes (the posts API's own
// /posts body, captured by run.mjs) and nothing else: no routing table, no logging, no database.
// Usage: node bare-server.mjs BODY_FILE   (prints {"port":N} on stdout once listening)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2] ?? '');
const server = createServer((req, res) => {
  if (req.url === '/posts') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  } else {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
