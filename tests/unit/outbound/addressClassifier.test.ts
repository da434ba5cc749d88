// The outbound guard's address rules, as pure functions: every forbidden address form (string
// IPs, odd IPv4 spellings normalised by WHATWG URL, IPv6 forms and IPv6 forms embedding IPv4) is
// refused; public addresses pass; the configured allow and deny lists (CIDRs, port-scoped
// entries, host patterns) change exactly what they say.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpAddress } from '../../../apps/server/src/outbound/IpAddress.ts';
import { classifyAddress } from '../../../apps/server/src/outbound/classifyAddress.ts';
import { parseCidr } from '../../../apps/server/src/outbound/Cidr.ts';
import { hostMatches } from '../../../apps/server/src/outbound/hostMatches.ts';
import { connectHost, normaliseUrl, portOf } from '../../../apps/server/src/outbound/normaliseUrl.ts';
import { OutboundError } from '../../../apps/server/src/outbound/OutboundError.ts';
import { combinePolicies, parseOutboundPolicy, refuseAddress, refuseHost, type OutboundPolicy } from '../../../apps/server/src/outbound/OutboundPolicy.ts';

const NONE: OutboundPolicy = parseOutboundPolicy({ ipRangeAllowlist: [], ipRangeDenylist: [], hostDenylist: [] }, 'test');

/** What the client decides for a URL before any DNS: null (may connect) or the refusal. */
function refuseUrl(text: string, policy: OutboundPolicy = NONE): string | null {
  const url = normaliseUrl(text);
  const host = connectHost(url);
  const hostRefused = refuseHost(policy, host);
  if (hostRefused) return hostRefused;
  const ip = parseIpAddress(host);
  assert.ok(ip, `${text} should be an IP literal after normalisation (host ${host})`);
  return refuseAddress(policy, ip, portOf(url));
}

function refuseIp(text: string, policy: OutboundPolicy = NONE, port = 443): string | null {
  const ip = parseIpAddress(text);
  assert.ok(ip, `${text} parses`);
  return refuseAddress(policy, ip, port);
}

describe('forbidden addresses as strings', () => {
  const FORBIDDEN: Array<[string, string]> = [
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['192.0.0.8', 'IETF'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['192.88.99.1', '6to4 relay'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['ff05::2', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['100::1', 'discard'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:7f00:1', 'IPv4-mapped'],
    ['::ffff:10.0.0.1', 'IPv4-mapped'],
    ['::ffff:169.254.169.254', 'IPv4-mapped'],
    ['::ffff:0.0.0.0', 'IPv4-mapped'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['::8.8.8.8', 'IPv4-compatible'],
    ['::7f00:1', 'IPv4-compatible'],
    ['64:ff9b::127.0.0.1', 'NAT64'],
    ['64:ff9b::a00:1', 'NAT64'],
    ['64:ff9b::169.254.169.254', 'NAT64'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['64:ff9b:1:ffff::1', 'local-use NAT64'],
    ['2002:7f00:1::', '6to4'],
    ['2002:a00:1::1', '6to4'],
    ['2002:c0a8:101::1', '6to4'],
    ['2002:a9fe:a9fe::', '6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001::1', 'Teredo'],
  ];
  for (const [address, why] of FORBIDDEN) {
    test(`${address} is refused (${why})`, () => {
      const reason = refuseIp(address);
      assert.ok(reason, `${address} should be refused`);
      assert.ok(reason.toLowerCase().includes(why.toLowerCase()), `${address}: reason ${JSON.stringify(reason)} should mention ${why}`);
    });
  }
});

describe('forbidden addresses in URLs, in every spelling WHATWG URL accepts', () => {
  const URLS = [
    'http://127.0.0.1/',
    'http://127.0.0.1:8008/_matrix/client/versions',
    'https://127.0.0.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0177.0000.0000.0001/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://0x7F.0.0.1/',
    'http://127.1/',
    'http://127.0.1/',
    'http://017700000001/',
    'http://0/',
    'http://0.0.0.0/',
    'http://10.1/',
    'http://167772161/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://2852039166/',
    'http://169.254.169.254/latest/meta-data/',
    'http://192.168.0.1./',
    'http://%31%32%37.0.0.1/',
    'http://１２７.０.０.１/',
    'http://[::1]/',
    'http://[::1]:8008/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[64:ff9b:1::a00:1]/',
    'http://[2002:7f00:1::1]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    'http://[fc00::1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://255.255.255.255/',
    'http://224.0.0.1/',
    'http://100.64.0.1/',
    'http://192.0.2.1/',
  ];
  for (const url of URLS) {
    test(`${url} is refused`, () => {
      assert.ok(refuseUrl(url), `${url} -> ${normaliseUrl(url).hostname} should be refused`);
    });
  }

  test('the odd IPv4 spellings all normalise to 127.0.0.1', () => {
    for (const url of ['http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://127.1/', 'http://0x7f000001/', 'http://017700000001/']) {
      assert.equal(normaliseUrl(url).hostname, '127.0.0.1', url);
    }
  });
});

describe('public addresses pass', () => {
  for (const address of [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ]) {
    test(`${address} is allowed`, () => {
      assert.equal(refuseIp(address), null);
    });
  }
  test('a public host name is not refused before DNS', () => {
    assert.equal(refuseHost(NONE, 'example.org'), null);
  });
});

describe('only absolute http and https URLs', () => {
  for (const url of [
    'ftp://example.org/',
    'file:///etc/passwd',
    'gopher://127.0.0.1:6379/_INFO',
    'data:text/html,hi',
    'javascript:alert(1)',
    'ws://example.org/',
    '/relative',
    'example.org',
    'http://user:pass@example.org/',
    'http://user@example.org/',
    `http://example.org/${'a'.repeat(5000)}`,
  ]) {
    test(`${url.slice(0, 60)} is refused as a bad URL`, () => {
      assert.throws(
        () => normaliseUrl(url),
        (err: unknown) => err instanceof OutboundError && err.kind === 'bad-url' && err.isRefusal,
      );
    });
  }
});

describe('configured lists', () => {
  test('an allow-list entry with a port opens that address on that port only', () => {
    const policy = parseOutboundPolicy({ ipRangeAllowlist: [{ cidr: '127.0.0.1/32', port: 41234 }], ipRangeDenylist: [], hostDenylist: [] }, 'test');
    assert.equal(refuseUrl('http://127.0.0.1:41234/', policy), null);
    assert.equal(refuseUrl('http://2130706433:41234/', policy), null);
    assert.ok(refuseUrl('http://127.0.0.1:41235/', policy));
    assert.ok(refuseUrl('http://127.0.0.1/', policy));
    assert.ok(refuseUrl('http://127.0.0.2:41234/', policy));
    assert.ok(refuseUrl('http://[::1]:41234/', policy));
    assert.ok(refuseUrl('http://10.0.0.1:41234/', policy));
  });

  test('an allow-list range without a port opens every port of the range', () => {
    const policy = parseOutboundPolicy({ ipRangeAllowlist: ['10.1.0.0/16'], ipRangeDenylist: [], hostDenylist: [] }, 'test');
    assert.equal(refuseIp('10.1.2.3', policy, 80), null);
    assert.equal(refuseIp('10.1.2.3', policy, 8448), null);
    assert.ok(refuseIp('10.2.0.1', policy));
  });

  test('the deny list wins over the allow list and adds to the built-in block', () => {
    const policy = parseOutboundPolicy({ ipRangeAllowlist: ['10.0.0.0/8'], ipRangeDenylist: ['10.9.0.0/16', '8.8.8.0/24', '2606:4700::/32'], hostDenylist: [] }, 'test');
    assert.equal(refuseIp('10.1.0.1', policy), null);
    assert.ok(refuseIp('10.9.0.1', policy));
    assert.ok(refuseIp('8.8.8.8', policy));
    assert.ok(refuseIp('::ffff:8.8.8.8', policy));
    assert.ok(refuseIp('2606:4700:4700::1111', policy));
    assert.equal(refuseIp('1.1.1.1', policy), null);
  });

  test('host patterns: exact names and *.subdomains, deny over allow', () => {
    assert.ok(hostMatches('example.org', 'example.org'));
    assert.ok(hostMatches('example.org.', 'example.org'));
    assert.ok(!hostMatches('notexample.org', 'example.org'));
    assert.ok(hostMatches('a.b.example.org', '*.example.org'));
    assert.ok(!hostMatches('example.org', '*.example.org'));
    assert.ok(!hostMatches('badexample.org', '*.example.org'));
    const policy = parseOutboundPolicy({ ipRangeAllowlist: [], ipRangeDenylist: [], hostAllowlist: ['*.example.org', 'example.net'], hostDenylist: ['evil.example.org'] }, 'test');
    assert.equal(refuseHost(policy, 'www.example.org'), null);
    assert.equal(refuseHost(policy, 'example.net'), null);
    assert.ok(refuseHost(policy, 'evil.example.org'));
    assert.ok(refuseHost(policy, 'example.com'));
    assert.ok(refuseUrl('http://EVIL.example.org./', policy));
  });

  test('combined policies: a host must pass both allow lists; either deny list refuses', () => {
    const a = parseOutboundPolicy({ ipRangeAllowlist: [], ipRangeDenylist: [], hostAllowlist: ['*.example.org'], hostDenylist: [] }, 'a');
    const b = parseOutboundPolicy({ ipRangeAllowlist: [], ipRangeDenylist: ['1.1.1.0/24'], hostDenylist: ['x.example.org'] }, 'b');
    const both = combinePolicies(a, b);
    assert.equal(refuseHost(both, 'www.example.org'), null);
    assert.ok(refuseHost(both, 'x.example.org'));
    assert.ok(refuseHost(both, 'example.com'));
    assert.ok(refuseIp('1.1.1.1', both));
  });

  test('malformed ranges stop the start with a clear message', () => {
    assert.throws(() => parseOutboundPolicy({ ipRangeAllowlist: ['not-a-range'], ipRangeDenylist: [], hostDenylist: [] }, 'outbound'), /outbound.ip_range_allowlist/);
    assert.throws(() => parseOutboundPolicy({ ipRangeAllowlist: [], ipRangeDenylist: ['10.0.0.0/33'], hostDenylist: [] }, 'outbound'), /outbound.ip_range_denylist/);
    assert.throws(() => parseOutboundPolicy({ ipRangeAllowlist: [{ cidr: '127.0.0.1', port: 70000 }], ipRangeDenylist: [], hostDenylist: [] }, 'outbound'), /bad port/);
    assert.equal(parseCidr('0x7f.1/8'), null);
    assert.equal(parseCidr('127.1'), null);
    assert.deepEqual(parseCidr('10.1.2.3/8'), { version: 4, base: 0x0a000000n, prefix: 8 });
  });

  test('classifyAddress judges an embedding form by its IPv4 address', () => {
    assert.equal(classifyAddress(parseIpAddress('::ffff:1.2.3.4')!), null);
    assert.match(classifyAddress(parseIpAddress('2002:c0a8::')!) ?? '', /6to4.*private/);
  });
});
