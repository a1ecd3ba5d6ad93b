import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { createCertificateAuthority, issueServerCertificate, type KeyAndCertificate } from './pki.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const DAY_MS = 86_400_000;

interface Fetched {
  status?: number;
  body?: string;
  code?: string;
}

/** One GET over TLS; resolves with the response or the client's error code. */
function fetchOver(port: number, options: { ca?: string; servername?: string }): Promise<Fetched> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', method: 'GET', agent: false, ...options },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code }));
    req.end();
  });
}

async function serve(credentials: KeyAndCertificate): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(
    { key: credentials.privateKeyPem, cert: credentials.certificatePem },
    (_req, res) => res.end('hub'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the hub's CA and TLS certificate", () => {
  const now = new Date();
  let ca: KeyAndCertificate;
  let otherCa: KeyAndCertificate;
  let server: KeyAndCertificate;
  let hub: { port: number; close: () => Promise<void> };

  beforeAll(async () => {
    ca = await createCertificateAuthority({
      commonName: 'synthcohort hub CA',
      days: 3650,
      now,
      bits: seededRandomBits(1),
    });
    otherCa = await createCertificateAuthority({
      commonName: 'another CA',
      days: 30,
      now,
      bits: seededRandomBits(2),
    });
    server = await issueServerCertificate(ca, {
      hostnames: ['localhost', '127.0.0.1'],
      days: 397,
      now,
      bits: seededRandomBits(3),
    });
    hub = await serve(server);
  });
  afterAll(() => hub.close());

  it('makes a CA certificate with cA=true, self-signed, valid from an hour before now', () => {
    const cert = new X509Certificate(ca.certificatePem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=synthcohort hub CA');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const parsed = new x509.X509Certificate(ca.certificatePem);
    const constraints = parsed.getExtension(x509.BasicConstraintsExtension)!;
    expect([constraints.ca, constraints.pathLength, constraints.critical]).toEqual([true, 0, true]);
    const usages = parsed.getExtension(x509.KeyUsagesExtension)!.usages;
    expect(usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    // X.509 times have one-second resolution.
    expect(Math.abs(Date.parse(cert.validFrom) - (now.getTime() - 3_600_000))).toBeLessThan(1000);
    expect(Math.abs(Date.parse(cert.validTo) - (now.getTime() + 3650 * DAY_MS))).toBeLessThan(1000);
  });

  it('issues a server certificate signed by the CA, with DNS and IP SANs and serverAuth', () => {
    const cert = new X509Certificate(server.certificatePem);
    const caCert = new X509Certificate(ca.certificatePem);
    expect(cert.ca).toBe(false);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('example.org')).toBeUndefined();
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    const parsed = new x509.X509Certificate(server.certificatePem);
    expect(parsed.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(parsed.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.serialNumber).not.toBe(caCert.serialNumber);
  });

  it('serves a client that pins the CA, by IP and by name', async () => {
    expect(await fetchOver(hub.port, { ca: ca.certificatePem })).toEqual({ status: 200, body: 'hub' });
    expect(await fetchOver(hub.port, { ca: ca.certificatePem, servername: 'localhost' })).toEqual({
      status: 200,
      body: 'hub',
    });
  });

  it('is refused by a client that trusts another CA or only the public roots', async () => {
    expect((await fetchOver(hub.port, { ca: otherCa.certificatePem })).code).toBe(
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
    expect((await fetchOver(hub.port, {})).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('is refused for a name it was not issued for', async () => {
    const result = await fetchOver(hub.port, { ca: ca.certificatePem, servername: 'hub.example.org' });
    expect(result.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('is refused once expired', async () => {
    const longAgo = new Date(now.getTime() - 10 * DAY_MS);
    const expired = await issueServerCertificate(ca, {
      hostnames: ['127.0.0.1'],
      days: 1,
      now: longAgo,
      bits: seededRandomBits(4),
    });
    const stale = await serve(expired);
    try {
      expect((await fetchOver(stale.port, { ca: ca.certificatePem })).code).toBe('CERT_HAS_EXPIRED');
    } finally {
      await stale.close();
    }
  });

  it('refuses a CA key that does not belong to the CA certificate, and bad names or lifetimes', async () => {
    const mismatched = { privateKeyPem: otherCa.privateKeyPem, certificatePem: ca.certificatePem };
    const options = { hostnames: ['localhost'], days: 1, now, bits: seededRandomBits(5) };
    await expect(issueServerCertificate(mismatched, options)).rejects.toThrow(
      /does not belong to its certificate/,
    );
    await expect(issueServerCertificate(ca, { ...options, hostnames: ['bad name'] })).rejects.toThrow(
      UsageError,
    );
    await expect(issueServerCertificate(ca, { ...options, hostnames: [] })).rejects.toThrow(/at least one/);
    await expect(issueServerCertificate(ca, { ...options, days: 0.5 })).rejects.toThrow(
      /whole number of days/,
    );
  });
});
