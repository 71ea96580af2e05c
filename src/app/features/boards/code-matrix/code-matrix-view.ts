/** The rows of a services or groups chooser: every code offered or already chosen, with its channels. */
import type { MultiChannel } from '../../../rtd/generated/graphql';
import { CHANNELS } from '../../../shared/channel';
import type { ChannelCodes } from '../board';
import { naturalOrder } from '../../../shared/natural-order';

export interface CodeRow {
  code: string;
  channels: Record<MultiChannel, boolean>;
  /** Offered by the server (false: typed by the supervisor). */
  revealed: boolean;
}

const byNumberInName = naturalOrder;

export function codeRows(chosen: ChannelCodes, revealed: readonly string[]): CodeRow[] {
  const codes = new Set([...revealed, ...CHANNELS.flatMap((channel) => chosen[channel])]);
  const offered = new Set(revealed);
  return [...codes].sort(byNumberInName).map((code) => ({
    code,
    revealed: offered.has(code),
    channels: { CALL: chosen.CALL.includes(code), VIDEO: chosen.VIDEO.includes(code), CHAT: chosen.CHAT.includes(code) },
  }));
}

/** The codes with `code` on `channel` switched on or off, in people's order. */
export function toggleCode(chosen: ChannelCodes, code: string, channel: MultiChannel, on: boolean): ChannelCodes {
  const others = chosen[channel].filter((c) => c !== code);
  return { ...chosen, [channel]: on ? [...others, code].sort(byNumberInName) : others };
}

/** Every offered code on `channel`, or none. */
export function setChannel(chosen: ChannelCodes, channel: MultiChannel, codes: readonly string[]): ChannelCodes {
  return { ...chosen, [channel]: [...codes].sort(byNumberInName) };
}

/** A typed code, trimmed; null when it cannot be a code (empty, or with spaces the server never uses). */
export function typedCode(text: string): string | null {
  const code = text.trim();
  return code && code.length <= 200 && !/\s/.test(code) ? code : null;
}
