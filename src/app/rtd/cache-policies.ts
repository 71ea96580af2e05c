/**
 * The app's Apollo cache: RTD entities normalised by their keys, each delta merged into them by the generated
 * policies (generated/rtd-type-policies.ts, rules in delta-policies.ts), union members told apart by the schema.
 */
import { InMemoryCache, type TypePolicies } from '@apollo/client';
import { RTD_UNION_MEMBERS } from './generated/rtd-field-types';
import { RTD_TYPE_POLICIES } from './generated/rtd-type-policies';

export const POSSIBLE_TYPES: Record<string, string[]> = Object.fromEntries(Object.entries(RTD_UNION_MEMBERS).map(([union, members]) => [union, [...members]]));

const replaceWhole = { merge: false } as const;

export const TYPE_POLICIES: TypePolicies = {
  ...RTD_TYPE_POLICIES,
  // A snapshot's list replaces the last one; live lists keep their membership themselves (live-list.ts).
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
