/**
 * How an agent's `UserStatus` reads on the board: its bucket (the same buckets as the server's user-state
 * counts: ready, busy, not ready, post-call), an icon and a label key. Colour follows the bucket, but the
 * icon and the label always go with it.
 */
import type { MessageKey } from '../i18n/i18n';
import type { UserStatus } from '../rtd/generated/graphql';

export type StatusBucket = 'ready' | 'busy' | 'not-ready' | 'post-call' | 'unknown';

export interface AgentStatusView {
  /** The raw status as the server sent it, or null. */
  status: UserStatus | null;
  bucket: StatusBucket;
  icon: string;
  labelKey: MessageKey;
}

const STATUS_VIEWS: Record<UserStatus, Omit<AgentStatusView, 'status' | 'labelKey'>> = {
  READY: { bucket: 'ready', icon: 'check_circle' },
  BOOKED: { bucket: 'busy', icon: 'ring_volume' },
  BUSY: { bucket: 'busy', icon: 'call' },
  BUSY_service: { bucket: 'busy', icon: 'support_agent' },
  BUSY_dn_call_in: { bucket: 'busy', icon: 'call_received' },
  BUSY_dn_call_out: { bucket: 'busy', icon: 'call_made' },
  BUSY_dn_call_out_private: { bucket: 'busy', icon: 'phone_locked' },
  NOT_READY: { bucket: 'not-ready', icon: 'do_not_disturb_on' },
  NOT_READY_BUSY: { bucket: 'not-ready', icon: 'phone_paused' },
  NR_BUSY_dn_call_in: { bucket: 'not-ready', icon: 'phone_paused' },
  NR_BUSY_dn_call_out: { bucket: 'not-ready', icon: 'phone_paused' },
  NR_BUSY_dn_call_out_private: { bucket: 'not-ready', icon: 'phone_paused' },
  WNR: { bucket: 'post-call', icon: 'edit_note' },
};

export function agentStatusView(status: UserStatus | null | undefined): AgentStatusView {
  const known = status ? STATUS_VIEWS[status] : undefined;
  if (!status || !known) return { status: status ?? null, bucket: 'unknown', icon: 'help', labelKey: 'status.unknown' };
  return { status, ...known, labelKey: `status.${status}` };
}
