import type { UserStatus } from '../rtd/generated/graphql';
import { agentStatusView } from './agent-status';
import { MESSAGES_EN } from '../i18n/messages-en';
import { EMPTY_CODE, codeOrNone } from './activity-code';
import { displayName } from './display-name';

describe('agent status', () => {
  const all: UserStatus[] = [
    'READY',
    'BOOKED',
    'BUSY',
    'BUSY_service',
    'BUSY_dn_call_in',
    'BUSY_dn_call_out',
    'BUSY_dn_call_out_private',
    'NOT_READY',
    'NOT_READY_BUSY',
    'NR_BUSY_dn_call_in',
    'NR_BUSY_dn_call_out',
    'NR_BUSY_dn_call_out_private',
    'WNR',
  ];

  it('puts each status in the bucket the server counts it in', () => {
    expect(agentStatusView('READY').bucket).toBe('ready');
    expect(agentStatusView('BOOKED').bucket).toBe('busy');
    expect(agentStatusView('BUSY_service').bucket).toBe('busy');
    expect(agentStatusView('BUSY_dn_call_out_private').bucket).toBe('busy');
    expect(agentStatusView('NOT_READY').bucket).toBe('not-ready');
    expect(agentStatusView('NR_BUSY_dn_call_in').bucket).toBe('not-ready');
    expect(agentStatusView('WNR').bucket).toBe('post-call');
  });

  it('has an icon and a translated label for every status', () => {
    for (const status of all) {
      const view = agentStatusView(status);
      expect(view.icon).withContext(status).toBeTruthy();
      expect(MESSAGES_EN[view.labelKey]).withContext(status).toBeTruthy();
    }
  });

  it('shows an unknown status as unknown, not as ready', () => {
    expect(agentStatusView(null)).toEqual(jasmine.objectContaining({ bucket: 'unknown', labelKey: 'status.unknown', status: null }));
    expect(agentStatusView('SOMETHING_NEW' as UserStatus).bucket).toBe('unknown');
  });
});

describe('activity code', () => {
  it('reads the server\'s "__EMPTY__" as no code', () => {
    expect(codeOrNone(EMPTY_CODE)).toBeNull();
    expect(codeOrNone(null)).toBeNull();
    expect(codeOrNone('')).toBeNull();
    expect(codeOrNone('activityCode_2')).toBe('activityCode_2');
  });
});

describe('display name', () => {
  it('is name and surname, or the username when both are missing', () => {
    expect(displayName({ username: 'user_1', name: 'Giulia', surname: 'Rossi' })).toBe('Giulia Rossi');
    expect(displayName({ username: 'user_1', name: null, surname: 'Rossi' })).toBe('Rossi');
    expect(displayName({ username: 'user_1', name: ' ', surname: null })).toBe('user_1');
  });
});
