/**
 * The hub's own public-key infrastructure: a certificate authority made at `hub init` and the TLS
 * certificate of the hub's server, issued by it. Nodes pin this CA (node:https's `ca` option, which
 * replaces the system's trust store for that connection), so no public CA, and no certificate a
 * public CA might mis-issue for the hub's name, is ever trusted by a node.
 *
 * Both keys are ECDSA P-256 with SHA-256 signatures, drawn by WebCrypto from the OS CSPRNG; serial
 * numbers come from the caller's `RandomBits`. Certificates are X.509 v3 profiled after RFC 5280:
 * the CA has basicConstraints cA=true with pathLen 0 (it signs end-entity certificates only) and
 * keyCertSign|cRLSign; the server certificate has cA=false, digitalSignature (all ECDHE-ECDSA
 * handshakes need), extendedKeyUsage serverAuth and its names in subjectAltName (DNS and IP
 * entries: TLS clients check the SAN, not the common name, RFC 6125 §6.4.4).
 */
import 'reflect-metadata';
import { createPrivateKey, X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { UsageError } from '../../core/errors.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { randomBytesFrom } from './encoding.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Validity starts an hour early, so a client whose clock lags a little accepts a new certificate. */
const BACKDATE_MS = 60 * 60 * 1000;

/** Suggested lifetimes: the CA for ten years; the server for 397 days, the CA/Browser Forum's cap. */
export const CA_DAYS = 3650;
export const SERVER_CERTIFICATE_DAYS = 397;

/** A key and certificate, PEM: the private key as unencrypted PKCS#8, kept in the hub's state folder. */
export interface KeyAndCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface CertificateAuthorityOptions {
  readonly commonName: string;
  readonly days: number;
  readonly now: Date;
  /** Draws the serial number; `secureRandomBits()` in production. */
  readonly bits: RandomBits;
}

export async function createCertificateAuthority(
  options: CertificateAuthorityOptions,
): Promise<KeyAndCertificate> {
  const { commonName, days, now, bits } = options;
  if (!commonName.trim())
    throw new UsageError('commonName must name the CA, got an empty string', 'commonName');
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(bits),
    name: [{ CN: [commonName] }],
    ...validity(now, days),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { privateKeyPem: await privateKeyPem(keys.privateKey), certificatePem: certificate.toString('pem') };
}

export interface ServerCertificateOptions {
  /** DNS names and IP addresses the hub is reached at, e.g. ['localhost', '127.0.0.1']. */
  readonly hostnames: readonly string[];
  readonly days: number;
  readonly now: Date;
  readonly bits: RandomBits;
}

export async function issueServerCertificate(
  ca: KeyAndCertificate,
  options: ServerCertificateOptions,
): Promise<KeyAndCertificate> {
  const { hostnames, days, now, bits } = options;
  if (hostnames.length === 0)
    throw new UsageError('hostnames must list at least one name or address', 'hostnames');
  for (const name of hostnames)
    if (!isIP(name) && !isDnsName(name))
      throw new UsageError(`hostnames: '${name}' is neither an IP address nor a DNS name`, 'hostnames');
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const caSigningKey = await importCaKey(ca);
  const caKeyId = caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (!caKeyId)
    throw new UsageError(
      'the CA certificate has no subject key identifier; make it with createCertificateAuthority',
    );
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(bits),
    subject: [{ CN: [hostnames[0]] }],
    issuer: caCertificate.subjectName,
    ...validity(now, days),
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caSigningKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hostnames.map((name) => ({ type: isIP(name) ? x509.IP : x509.DNS, value: name })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.AuthorityKeyIdentifierExtension(caKeyId),
    ],
  });
  return { privateKeyPem: await privateKeyPem(keys.privateKey), certificatePem: certificate.toString('pem') };
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  if (!(Number.isInteger(days) && days >= 1))
    throw new UsageError(`days must be a whole number of days ≥ 1, got ${days}`, 'days');
  if (Number.isNaN(now.getTime())) throw new UsageError('now must be a valid date', 'now');
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  };
}

/**
 * 127 random bits, hex, as a positive DER INTEGER with a non-zero first byte (RFC 5280 §4.1.2.2
 * asks for positive serials of at most 20 bytes; the CA/Browser Forum asks for 64 random bits).
 */
function serialNumber(bits: RandomBits): string {
  const bytes = randomBytesFrom(bits, 16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}

/** The CA's signing key, after checking it belongs to the CA certificate it comes with. */
async function importCaKey(ca: KeyAndCertificate): Promise<webcrypto.CryptoKey> {
  const privateKey = createPrivateKey(ca.privateKeyPem);
  if (!new NodeX509(ca.certificatePem).checkPrivateKey(privateKey))
    throw new UsageError("the CA's private key does not belong to its certificate", 'ca');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, KEY_ALGORITHM, false, [
    'sign',
  ]) as Promise<webcrypto.CryptoKey>;
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
}

/** A DNS name of letters, digits and hyphens in dot-separated labels (RFC 1123 §2.1). */
function isDnsName(name: string): boolean {
  return (
    name.length <= 253 &&
    name.split('.').every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label))
  );
}
