/** The server's settings: a value that reads as "off" is off, and a value that reads as nothing stops the start. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

it('TRUST_PROXY is on only for 1/true/yes; 0/false/no or unset is off; anything else is a bad setting', () => {
  for (const value of ['1', 'true', 'YES']) assert.equal(readConfig({ TRUST_PROXY: value }, '/').trustProxy, true, value);
  for (const value of [undefined, '', '0', 'false', 'no']) assert.equal(readConfig({ TRUST_PROXY: value }, '/').trustProxy, false, String(value));
  assert.throws(
    () => readConfig({ TRUST_PROXY: 'maybe' }, '/'),
    (error: Error) => error instanceof ConfigError && /TRUST_PROXY must be 1/.test(error.message),
  );
});

it('HISTORY_RETENTION_DAYS is 35 when unset, a whole number of days when set, and anything else stops the start naming it', () => {
  assert.equal(readConfig({}, '/').historyRetentionDays, 35);
  assert.equal(readConfig({ HISTORY_RETENTION_DAYS: '90' }, '/').historyRetentionDays, 90);
  for (const value of ['0', '-1', '1.5', 'thirty', '3651', '1e3', '99999999999999999999'])
    assert.throws(
      () => readConfig({ HISTORY_RETENTION_DAYS: value }, '/'),
      (error: Error) => error instanceof ConfigError && /HISTORY_RETENTION_DAYS must be a whole number of days from 1 to 3650/.test(error.message),
      value,
    );
});
