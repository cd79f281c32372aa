// A certificate authority and a server certificate for 127.0.0.1, made at start, so the simulator
// can serve HTTPS and TLS costs are paid as on AWS (RSA 2048 keys, as Amazon's server certificates
// use). node:crypto makes the keys but cannot write X.509 certificates; node-forge signs them.

import { generateKeyPair } from "node:crypto";
import { isIP } from "node:net";
import { promisify } from "node:util";

export interface TlsMaterial {
  /** PEM of the CA that signed `cert`: what a client must trust (NODE_EXTRA_CA_CERTS, or an agent's `ca`). */
  ca: string;
  cert: string;
  key: string;
}

const rsaPair = () =>
  promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

const DAY = 86_400_000;

export async function makeTlsMaterial(host: string): Promise<TlsMaterial> {
  const { default: forge } = await import("node-forge");
  const { pki } = forge;
  const [caPair, serverPair] = await Promise.all([rsaPair(), rsaPair()]);
  const caKey = pki.privateKeyFromPem(caPair.privateKey);
  const now = Date.now();
  const certificate = (publicKeyPem: string, serial: string, cn: string) => {
    const c = pki.createCertificate();
    c.publicKey = pki.publicKeyFromPem(publicKeyPem);
    c.serialNumber = serial;
    c.validity.notBefore = new Date(now - DAY);
    c.validity.notAfter = new Date(now + 30 * DAY);
    c.setSubject([{ name: "commonName", value: cn }]);
    return c;
  };
  const ca = certificate(caPair.publicKey, "01", "imds-sim test CA");
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKey, forge.md.sha256.create());
  const server = certificate(serverPair.publicKey, "02", host);
  server.setIssuer(ca.subject.attributes);
  server.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    // 7 = IP address, 2 = DNS name (RFC 5280 GeneralName).
    {
      name: "subjectAltName",
      altNames: [
        isIP(host) ? { type: 7, ip: host } : { type: 2, value: host },
        { type: 2, value: "localhost" },
      ],
    },
  ]);
  server.sign(caKey, forge.md.sha256.create());
  return { ca: pki.certificateToPem(ca), cert: pki.certificateToPem(server), key: serverPair.privateKey };
}
