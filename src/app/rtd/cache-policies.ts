/**
 * How the Apollo cache identifies RTD entities and treats their nested values. Entities are normalised by
 * the keys the RTD Server gives them; nested stats have no identity and are replaced whole, which is safe
 * because the delta filling only ever writes whole values.
 */
import { InMemoryCache, type TypePolicies } from '@apollo/client';

export const POSSIBLE_TYPES: Record<string, string[]> = {
  ServiceChannelStatUnion: ['ServiceCcCallAtStat', 'ServiceCcVideoAtStat', 'ServiceCcChatAtStat'],
  GroupChannelStatUnion: ['GroupCcCallStat', 'GroupCcVideoStat', 'GroupCcChatStat'],
};

const replaceWhole = { merge: false } as const;

export const TYPE_POLICIES: TypePolicies = {
  ServiceStat: { keyFields: ['code', 'channel'], fields: { channelStats: replaceWhole, userStats: replaceWhole, customStats: replaceWhole } },
  GroupStat: { keyFields: ['code', 'channel'], fields: { channelStats: replaceWhole, userStats: replaceWhole, customStats: replaceWhole } },
  UserStat: { keyFields: ['username', 'channel'] },
  UserProfileStat: { keyFields: ['id', 'channel'], fields: { timeInHold: replaceWhole } },
  User: { keyFields: ['username'], fields: { activityCodes: replaceWhole, statuses: replaceWhole } },
  // Lists of live entities are replaced by each snapshot; deltas add and remove entries themselves.
  Query: {
    fields: {
      serviceStats: replaceWhole,
      groupStats: replaceWhole,
      users: replaceWhole,
      userStats: replaceWhole,
      userProfileStats: replaceWhole,
    },
  },
  RtdVersion: { merge: true },
  ServerHealth: { merge: true },
};

export function createRtdCache(): InMemoryCache {
  return new InMemoryCache({ possibleTypes: POSSIBLE_TYPES, typePolicies: TYPE_POLICIES });
}
