/** The live lists the RTD Server offers: each one's snapshot query, subscription and entity fragment (no Angular). */
import type { LiveListSpec } from './delta-writer';
import {
  GroupStatFieldsFragmentDoc,
  GroupStatsDocument,
  GroupStatsUpdatesDocument,
  ServiceStatFieldsFragmentDoc,
  ServiceStatsDocument,
  ServiceStatsUpdatesDocument,
  UserFieldsFragmentDoc,
  UserProfileStatFieldsFragmentDoc,
  UserProfileStatsDocument,
  UserProfileStatsUpdatesDocument,
  UserStatFieldsFragmentDoc,
  UserStatsDocument,
  UserStatsUpdatesDocument,
  UsersDocument,
  UsersUpdatesDocument,
} from './generated/graphql';

export const LIVE_LISTS = {
  serviceStats: spec('serviceStats', ServiceStatsDocument, ServiceStatsUpdatesDocument, ServiceStatFieldsFragmentDoc, 'ServiceStatFields'),
  groupStats: spec('groupStats', GroupStatsDocument, GroupStatsUpdatesDocument, GroupStatFieldsFragmentDoc, 'GroupStatFields'),
  users: spec('users', UsersDocument, UsersUpdatesDocument, UserFieldsFragmentDoc, 'UserFields'),
  userStats: spec('userStats', UserStatsDocument, UserStatsUpdatesDocument, UserStatFieldsFragmentDoc, 'UserStatFields'),
  userProfileStats: spec('userProfileStats', UserProfileStatsDocument, UserProfileStatsUpdatesDocument, UserProfileStatFieldsFragmentDoc, 'UserProfileStatFields'),
} as const;

function spec(field: string, snapshot: LiveListSpec['snapshot'], subscription: LiveListSpec['subscription'], fragment: LiveListSpec['fragment'], fragmentName: string): LiveListSpec {
  return { field, snapshot, subscription, fragment, fragmentName };
}

/** A live list's root field, e.g. `userStats`. */
export type LiveListField = keyof typeof LIVE_LISTS;
