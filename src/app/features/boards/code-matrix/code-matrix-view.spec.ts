import { codeRows, setChannel, toggleCode, typedCode } from './code-matrix-view';

describe('code matrix view', () => {
  const chosen = { CALL: ['service_10', 'service_2'], VIDEO: ['typed_1'], CHAT: [] };

  it('lists revealed and typed codes once each, as people count them, with their channels', () => {
    expect(codeRows(chosen, ['service_2', 'service_10', 'service_3'])).toEqual([
      { code: 'service_2', revealed: true, channels: { CALL: true, VIDEO: false, CHAT: false } },
      { code: 'service_3', revealed: true, channels: { CALL: false, VIDEO: false, CHAT: false } },
      { code: 'service_10', revealed: true, channels: { CALL: true, VIDEO: false, CHAT: false } },
      { code: 'typed_1', revealed: false, channels: { CALL: false, VIDEO: true, CHAT: false } },
    ]);
  });

  it('switches one code on one channel', () => {
    expect(toggleCode(chosen, 'service_3', 'CALL', true).CALL).toEqual(['service_2', 'service_3', 'service_10']);
    expect(toggleCode(chosen, 'service_2', 'CALL', false).CALL).toEqual(['service_10']);
    expect(toggleCode(chosen, 'service_2', 'CALL', true).CALL).toEqual(['service_2', 'service_10']);
  });

  it('sets a whole channel', () => {
    expect(setChannel(chosen, 'CHAT', ['b', 'a'])).toEqual({ ...chosen, CHAT: ['a', 'b'] });
  });

  it('accepts typed codes without spaces only', () => {
    expect(typedCode('  service_9 ')).toBe('service_9');
    expect(typedCode('two words')).toBeNull();
    expect(typedCode('   ')).toBeNull();
  });
});
