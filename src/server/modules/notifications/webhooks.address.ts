// Where a webhook may not be sent: the Baton host itself (loopback and each of its own addresses) and the cloud
// metadata services (the link-local network with 169.254.169.254, and Alibaba Cloud's 100.100.100.200). An admin's webhook, or its test button, must not become a way to read them.
// Company networks (10/8, 172.16/12, 192.168/16) stay open: an on-premises receiver there is the usual case.
// BATON_WEBHOOK_ALLOW_LOCAL=true lifts this for a receiver on the same machine (development, tests).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const LOCAL = new BlockList();
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('0.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LOCAL.addSubnet('224.0.0.0', 4, 'ipv4');
LOCAL.addAddress('::1', 'ipv6');
LOCAL.addAddress('::', 'ipv6');
LOCAL.addSubnet('fe80::', 10, 'ipv6');
LOCAL.addSubnet('ff00::', 8, 'ipv6');
// Cloud metadata services outside the link-local range: Alibaba Cloud's, and AWS's IPv6 one.
LOCAL.addAddress('100.100.100.200', 'ipv4');
LOCAL.addAddress('fd00:ec2::254', 'ipv6');

/** The host's own addresses on every interface (its LAN address too, where an admin panel may listen on 0.0.0.0). */
function isOwnAddress(address: string): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === address));
}

const isLocal = (address: string) => LOCAL.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4') || isOwnAddress(address);
const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, '');

/** The local address a URL names without asking DNS (an IP, or localhost), or null. */
export function literalLocalAddress(url: string): string | null {
  let host: string;
  try { host = hostOf(url); } catch { return null; }
  if (host === 'localhost' || host.endsWith('.localhost')) return host;
  return isIP(host) && isLocal(host) ? host : null;
}

/** The local address a URL resolves to, or null: checked again just before each send, as DNS may have changed. */
export async function resolvedLocalAddress(url: string): Promise<string | null> {
  const literal = literalLocalAddress(url);
  if (literal) return literal;
  let host: string;
  try { host = hostOf(url); } catch { return null; }
  if (isIP(host)) return null;
  // A name that does not resolve is left to the send, which reports it in its own words.
  const addresses = await lookup(host, { all: true }).catch(() => []);
  return addresses.find((a) => isLocal(a.address))?.address ?? null;
}

export const localAddressMessage = (address: string) =>
  `该地址指向本机或链路本地网络（${address}），出于安全不发送；接收方在本机时请设置 BATON_WEBHOOK_ALLOW_LOCAL=true / this address is on the Baton host or the link-local network (${address}), so nothing is sent to it; for a receiver on the same machine set BATON_WEBHOOK_ALLOW_LOCAL=true`;
