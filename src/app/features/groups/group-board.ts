/** The default groups board until boards become configurable: every skillset of the scenario on every channel. */
import type { GroupStatFilter } from '../../rtd/generated/graphql';

const SKILLSETS = ['skillset_1', 'skillset_2', 'skillset_3'];

export const DEFAULT_GROUP_BOARD: GroupStatFilter = {
  CALL: { groups: SKILLSETS },
  VIDEO: { groups: SKILLSETS },
  CHAT: { groups: SKILLSETS },
};
