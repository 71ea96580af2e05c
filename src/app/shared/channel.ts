/** The contact-centre channels in the order boards show them, with their icons. */
import type { MessageKey } from '../i18n/i18n';
import type { SortedOrder } from './sorted-order';
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

/** `stats` by code then channel, re-sorting only what `order` has not placed before (codes and channels never change). */
export function byCodeThenChannel<T extends { code: string; channel: MultiChannel }>(stats: readonly T[], order?: SortedOrder<T>): T[] {
  const keyOf = (stat: T) => `${stat.code}\u0000${stat.channel}`;
  return order ? order.sort(stats, keyOf, keyOf, compareCodeThenChannel) : [...stats].sort(compareCodeThenChannel);
}
