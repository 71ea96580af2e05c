/** Whom a rate limit counts: one client is one key, however it writes or rotates its address. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey } from './attempt-limits.ts';

describe('addressKey', () => {
  it('an IPv4 client is its address, whether or not the socket reports it IPv4-mapped', () => {
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
  });

  it('an IPv6 client is its /64, however the address is written: a fresh address per request is the same client', () => {
    const one = addressKey('2001:db8:0:1::5');
    assert.equal(one, '2001:db8:0:1::/64');
    for (const same of ['2001:DB8:0:1:aaaa:bbbb:cccc:dddd', '2001:0db8:0000:0001:0000:0000:0000:0005', '2001:db8::1:ffff:0:0:1']) assert.equal(addressKey(same), one, same);
    assert.notEqual(addressKey('2001:db8:0:2::5'), one, 'the next /64 is another client');
  });
});
