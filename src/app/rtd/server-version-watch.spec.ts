import { TestBed } from '@angular/core/testing';
import { CloseCode } from '../../../contract/close-codes';
import { RtdConnection } from './connection';
import { versionFromDelta } from './server-version-watch';

describe('versionFromDelta', () => {
  it('completes the parts the server left null (unchanged) from the version known', () => {
    expect(versionFromDelta({ major: null, minor: null, patch: 3 }, '1.0.2')).toBe('1.0.3');
    expect(versionFromDelta({ major: 2, minor: 0, patch: 0 }, null)).toBe('2.0.0');
  });

  it('gives null when a part is neither sent nor known', () => {
    expect(versionFromDelta({ major: null, minor: 1, patch: 0 }, null)).toBeNull();
    expect(versionFromDelta(null, '1.0.2')).toBeNull();
  });
});

describe('RtdConnection.serverUpgraded', () => {
  it('is set when a version other than the first one known is reported, and stays set', () => {
    const connection = TestBed.inject(RtdConnection);
    connection.noteServerVersion('1.0.2');
    connection.noteServerVersion('1.0.2');
    expect(connection.serverUpgraded()).toBeNull();
    connection.noteServerVersion('1.0.3');
    expect(connection.serverUpgraded()).toEqual({ from: '1.0.2', to: '1.0.3' });
  });

  it('keeps lastAliveAt at the last sign of life and connectedAt only while connected', () => {
    const connection = TestBed.inject(RtdConnection);
    connection.connected(false);
    expect(connection.connectedAt()).not.toBeNull();
    connection.alive(123_456);
    expect(connection.lastAliveAt()).toBe(123_456);
    connection.closed(CloseCode.AbnormalClosure, '', true);
    expect(connection.connectedAt()).toBeNull();
    expect(connection.lastAliveAt()).toBe(123_456);
  });
});
