// Where a webhook may not be sent: the Baton host itself (loopback and each of its own addresses) and the cloud
// metadata services (the link-local network with 169.254.169.254, and Alibaba Cloud's 100.100.100.200). An admin's webhook, or its test button, must not become a way to read them.
// Company networks (10/8, 172.16/12, 192.168/16) stay open: an on-premises receiver there is the usual case.
// BATON_WEBHOOK_ALLOW_LOCAL=true lifts this for a receiver on the same machine (development, tests).
//
// The check runs inside the connection's own DNS lookup (checkedLookup), not before it: a name checked by one lookup
// and connected to by a second can answer a public address the first time and 127.0.0.1 the second (DNS rebinding).
import { lookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
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

/** Resolves a host name to all its addresses; a parameter of the send so tests answer without real DNS. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;
export const resolveHost: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A connection refused because its name resolved to a local address; the send reports its message. */
export class LocalAddressError extends Error {
  readonly code = 'EBATON_LOCAL_ADDRESS';
  constructor(readonly address: string) { super(localAddressMessage(address)); }
}

/**
 * The DNS lookup a connection uses (net.connect's `lookup`): it resolves through `resolve` and, unless local receivers
 * are allowed, refuses the name if ANY of its addresses is local, so the socket can only go to an address just checked.
 * TLS SNI and the Host header still carry the name: only the address comes from here.
 */
export function checkedLookup(resolve: ResolveHost, opts: { allowLocal: boolean }): LookupFunction {
  return (hostname, options, callback) => {
    pickAddresses(resolve, hostname, options, opts.allowLocal).then(
      (found) => (options.all ? callback(null, found) : callback(null, found[0].address, found[0].family)),
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

async function pickAddresses(resolve: ResolveHost, hostname: string, options: LookupOptions, allowLocal: boolean): Promise<LookupAddress[]> {
  const answers = await resolve(hostname);
  const local = allowLocal ? undefined : answers.find((a) => isLocal(a.address));
  if (local) throw new LocalAddressError(local.address);
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
  const usable = family ? answers.filter((a) => a.family === family) : answers;
  if (!usable.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  return usable;
}

export const localAddressMessage = (address: string) =>
  `该地址指向本机或链路本地网络（${address}），出于安全不发送；接收方在本机时请设置 BATON_WEBHOOK_ALLOW_LOCAL=true / this address is on the Baton host or the link-local network (${address}), so nothing is sent to it; for a receiver on the same machine set BATON_WEBHOOK_ALLOW_LOCAL=true`;
