/** The contact-centre channels in the order boards show them, with their icons. */
import type { MessageKey } from '../i18n/i18n';
import type { MultiChannel } from '../rtd/generated/graphql';
import { naturalOrder } from './natural-order';

export const CHANNELS: readonly MultiChannel[] = ['CALL', 'VIDEO', 'CHAT'];

export const CHANNEL_ICONS: Record<MultiChannel, string> = { CALL: 'call', VIDEO: 'videocam', CHAT: 'chat' };

export function channelLabelKey(channel: MultiChannel): MessageKey {
  return `channel.${channel}`;
}

/** Codes such as service_2 and service_10 in the order people count them, then the channels in board order. */
export function compareCodeThenChannel(a: { code: string; channel: MultiChannel }, b: { code: string; channel: MultiChannel }): number {
  return naturalOrder(a.code, b.code) || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel);
}
