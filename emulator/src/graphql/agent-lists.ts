/**
 * The agents a filter returns (users, userStats, userProfileStats), kept from one simulation version to the
 * next. A tick changes a few dozen of 2,000 agents, so only those are tested against the filter again; and
 * when no member changed and nobody entered or left, the list of views is the same array as before, which
 * the fan-out skips by identity.
 */
import type { Agent, ContactCentre } from '../simulation/contact-centre.ts';

/** How a list knows its members: by testing each agent's state now, or fixed by the filter (names, profiles). */
export type Membership = { readonly matches: (agent: Agent) => boolean } | { readonly fixed: (cc: ContactCentre) => readonly Agent[] };

/** Agents whose reported state changed at or after a version, in the contact centre's order. */
export type ChangedSince = (cc: ContactCentre, version: number) => readonly Agent[];

export class AgentList<V> {
  private cc: ContactCentre | null = null;
  /** The version the members and views are from. */
  private builtAt = -1;
  private members: readonly Agent[] = [];
  private memberSet = new Set<Agent>();
  private views: V[] = [];

  constructor(private readonly membership: Membership) {}

  /** The views of the members now, in the list's order (the contact centre's, or the filter's when fixed). */
  viewsAt(cc: ContactCentre, changedSince: ChangedSince, view: (agent: Agent) => V): V[] {
    if (cc !== this.cc) return this.rebuild(cc, view);
    if (this.builtAt === cc.version) return this.views;
    const matches = 'matches' in this.membership ? this.membership.matches : null;
    const entered: Agent[] = [];
    let left = false;
    let membersChanged = false;
    for (const agent of changedSince(cc, this.builtAt)) {
      const was = this.memberSet.has(agent);
      const is = matches ? matches(agent) : was;
      if (is && !was) {
        this.memberSet.add(agent);
        entered.push(agent);
      } else if (was && !is) {
        this.memberSet.delete(agent);
        left = true;
      } else if (is) membersChanged = true;
    }
    this.builtAt = cc.version;
    if (entered.length || left) this.members = inOrder(cc, left ? this.members.filter((a) => this.memberSet.has(a)) : this.members, entered);
    if (entered.length || left || membersChanged) this.views = this.members.map(view);
    return this.views;
  }

  private rebuild(cc: ContactCentre, view: (agent: Agent) => V): V[] {
    const m = this.membership;
    this.cc = cc;
    this.builtAt = cc.version;
    this.members = 'matches' in m ? cc.agents.filter(m.matches) : m.fixed(cc);
    this.memberSet = new Set(this.members);
    this.views = this.members.map(view);
    return this.views;
  }
}

/** Each agent's place in the contact centre's list, to merge agents entering a filter into its members. */
const places = new WeakMap<ContactCentre, Map<Agent, number>>();

function placeOf(cc: ContactCentre): Map<Agent, number> {
  let place = places.get(cc);
  if (!place) places.set(cc, (place = new Map(cc.agents.map((agent, i) => [agent, i]))));
  return place;
}

/** `members` and `entered`, each in the contact centre's order, merged in that order. */
function inOrder(cc: ContactCentre, members: readonly Agent[], entered: readonly Agent[]): Agent[] {
  if (!entered.length) return members.slice();
  const place = placeOf(cc);
  const merged: Agent[] = [];
  let i = 0;
  for (const agent of entered) {
    const at = place.get(agent)!;
    while (i < members.length && place.get(members[i])! < at) merged.push(members[i++]);
    merged.push(agent);
  }
  while (i < members.length) merged.push(members[i++]);
  return merged;
}
