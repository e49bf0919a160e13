// The ceiling for the API benchmark: a bare Fastify route under the same TLS settings as takt serve
// (TLS 1.2+, client certificate requested), in its own process like the real server.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [certPath, keyPath, portText] = process.argv.slice(2);
const app = Fastify({
  https: {
    cert: readFileSync(certPath!),
    key: readFileSync(keyPath!),
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  },
});
app.get('/bare', () => Promise.resolve({ id: 'j1', state: 'enabled' }));
app.put('/bare', () => Promise.resolve({ id: 'j1', state: 'enabled' }));
await app.listen({ host: '127.0.0.1', port: Number(portText) });
process.stdout.write('ready\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
