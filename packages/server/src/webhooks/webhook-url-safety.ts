// SSRF rules for webhook targets: https only, and no destination that resolves to a
// loopback, private, unique-local, link-local, carrier-grade NAT or metadata address. Checked
// at creation and again when each delivery connects (the sender's lookup), so a DNS answer
// that changes after creation (rebinding) is caught too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why a URL may not receive webhooks; the message is safe to show to the API caller. */
export class WebhookUrlForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlForbiddenError';
  }
}

export interface WebhookTargetPolicy {
  /** `--allow-private-webhook-targets`: plain http and any address (development, tests). */
  allowPrivateTargets: boolean;
}

/**
 * Whether an address may receive webhooks: only global unicast. IPv4-mapped IPv6 addresses
 * are judged as the IPv4 address they carry; everything ipaddr.js classifies as anything but
 * `unicast` (loopback, private, uniqueLocal, linkLocal — which holds 169.254.169.254 —,
 * carrierGradeNat, unspecified, multicast, reserved, translation prefixes…) is refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

function hostOf(url: URL): string {
  // URL keeps the brackets of an IPv6 literal.
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function parseTarget(raw: string, policy: WebhookTargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlForbiddenError('The webhook URL is not an absolute URL.');
  }
  const allowedProtocols = policy.allowPrivateTargets ? ['https:', 'http:'] : ['https:'];
  if (!allowedProtocols.includes(url.protocol)) {
    throw new WebhookUrlForbiddenError('Webhook URLs must use https.');
  }
  return url;
}

function forbiddenAddress(host: string, address: string): WebhookUrlForbiddenError {
  const what = host === address ? address : `${host} (${address})`;
  return new WebhookUrlForbiddenError(`Webhooks may not be sent to ${what}: a loopback, private, link-local or otherwise non-public address.`);
}

/** A resolver that does not answer within this long is treated as a name that does not resolve. */
const CREATION_LOOKUP_TIMEOUT_MS = 3000;

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('DNS lookup timed out')), CREATION_LOOKUP_TIMEOUT_MS);
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });
}

/**
 * Refuses (WebhookUrlForbiddenError) a URL that is not https or whose host is, or resolves
 * to, a non-public address. A host that does not resolve (or not within 3 s) is let
 * through: its deliveries fail and are retried, and the check runs again on each of them.
 */
export async function checkWebhookUrl(raw: string, policy: WebhookTargetPolicy): Promise<URL> {
  const url = parseTarget(raw, policy);
  if (policy.allowPrivateTargets) return url;
  const host = hostOf(url);
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw forbiddenAddress(host, host);
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    return url;
  }
  const refused = addresses.find(({ address }) => !isPublicAddress(address));
  if (refused) throw forbiddenAddress(host, refused.address);
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses the connection when any
 * answer is not public: the check happens on the very addresses the socket connects to.
 */
export function safeLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) return callback(Object.assign(forbiddenAddress(hostname, refused.address), { code: 'EWEBHOOKFORBIDDEN' }), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    callback(null, first!.address, first!.family);
  });
}

/** Checks an IP-literal host at send time (http.request does not call `lookup` for those). */
export function assertSendable(url: URL, policy: WebhookTargetPolicy): void {
  parseTarget(url.href, policy);
  if (policy.allowPrivateTargets) return;
  const host = hostOf(url);
  if (isIP(host) && !isPublicAddress(host)) throw forbiddenAddress(host, host);
}
