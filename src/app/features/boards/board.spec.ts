import { DEFAULT_THRESHOLDS } from '../../shared/thresholds';
import { type BoardDefinition, agentScope, agentSource, boardId, groupStatFilter, inAgentScope, noCodes, sameFilter, serviceStatFilter, startingBoard, userFilter } from './board';

const revealed = { services: ['service_1', 'service_2'], skillsets: ['skillset_1'], sites: [1, 2] };

function board(change: Partial<BoardDefinition> = {}): BoardDefinition {
  return { ...startingBoard('Front office', revealed), ...change };
}

describe('board definition', () => {
  it('starts a new user on everything the server reveals, on every channel, with the default thresholds', () => {
    const start = startingBoard('All services', revealed);
    expect(start.id).toBe('all-services');
    expect(start.services).toEqual({ CALL: ['service_1', 'service_2'], VIDEO: ['service_1', 'service_2'], CHAT: ['service_1', 'service_2'] });
    expect(start.groups.CHAT).toEqual(['skillset_1']);
    expect(start.thresholds).toEqual(DEFAULT_THRESHOLDS);
    expect(start.thresholds).not.toBe(DEFAULT_THRESHOLDS);
  });

  it('makes URL-safe ids from names, unique among the saved ones', () => {
    expect(boardId('Front office — Milano')).toBe('front-office-milano');
    expect(boardId('Qualità')).toBe('qualita');
    expect(boardId('!!!')).toBe('board');
    expect(boardId('New')).toBe('new-2');
    expect(boardId('Sales', new Set(['sales', 'sales-2']))).toBe('sales-3');
  });

  it('asks serviceStats for the chosen codes per channel with the custom stats and site, leaving empty channels out', () => {
    const filter = serviceStatFilter(board({ services: { CALL: ['service_1'], VIDEO: [], CHAT: ['service_2'] }, customStatKeys: ['abandonRate'], site: 2 }));
    expect(filter).toEqual({
      CALL: { services: ['service_1'], customStatKeys: ['abandonRate'], userSite: 2 },
      CHAT: { services: ['service_2'], customStatKeys: ['abandonRate'], userSite: 2 },
    });
  });

  it('asks for sl1 when the service level comes from it', () => {
    expect(serviceStatFilter(board({ serviceLevel: 'sl1' })).CALL?.customStatKeys).toEqual(['sl1']);
  });

  it('asks groupStats for the chosen groups', () => {
    expect(groupStatFilter(board({ groups: { CALL: ['skillset_1'], VIDEO: [], CHAT: [] } }))).toEqual({ CALL: { groups: ['skillset_1'], customStatKeys: [] } });
    expect(groupStatFilter(board({ site: 1 })).CALL?.userSite).toBe(1);
    expect(groupStatFilter(board({ serviceLevel: 'sl1' })).CALL?.customStatKeys).toEqual(['sl1']);
  });

  it('leaves the site out of group filters for servers that cannot filter groups by site (before 1.0.1)', () => {
    expect(groupStatFilter(board({ site: 1 }), false).CALL?.userSite).toBeUndefined();
  });

  it('gives the agent grid the board filter without empty fields, narrowed to the board site', () => {
    expect(userFilter(board({ agents: { name: '', statuses: [], services: ['service_1'] } }))).toEqual({ services: ['service_1'] });
    expect(userFilter(board({ site: 2 }))).toEqual({ sites: [2] });
    expect(userFilter(board({ site: 2, agents: { sites: [1] } }))).toEqual({ sites: [1] });
  });

  it('tells equal filters apart from changed ones', () => {
    expect(sameFilter({ CALL: { services: ['a'] } }, { CALL: { services: ['a'] } })).toBeTrue();
    expect(sameFilter({ CALL: { services: ['a'] } }, { CALL: { services: ['b'] } })).toBeFalse();
    expect(sameFilter(null, {})).toBeFalse();
  });

  describe('its agents', () => {
    const agent = (services: string[], skillsets: string[]) => ({ services, skillsets });
    const twoServices = board({ services: { CALL: ['service_1'], VIDEO: [], CHAT: ['service_2'] }, groups: noCodes() });
    const listed = (b: BoardDefinition, agents: Record<string, { services: string[]; skillsets: string[] }>) =>
      Object.entries(agents)
        .filter(([, a]) => inAgentScope(agentScope(b), a))
        .map(([name]) => name);
    const people = {
      ann: agent(['service_1'], ['skillset_1']),
      bob: agent(['service_3'], ['skillset_2']),
      cid: agent(['service_2'], ['skillset_3']),
      dee: agent([], ['skillset_9']),
    };

    it('follow its services by default: only agents serving one of them, the server asked for those services', () => {
      expect(agentSource(twoServices)).toBe('services');
      expect(agentScope(twoServices).filter).toEqual({ services: ['service_1', 'service_2'] });
      expect(listed(twoServices, people)).toEqual(['ann', 'cid']);
    });

    it('follow its groups when it has only groups', () => {
      const groupsOnly = board({ services: noCodes(), groups: { CALL: ['skillset_9'], VIDEO: ['skillset_2'], CHAT: [] } });
      expect(agentScope(groupsOnly).filter).toEqual({ skillsets: ['skillset_2', 'skillset_9'] });
      expect(listed(groupsOnly, people)).toEqual(['bob', 'dee']);
    });

    it('are those serving one of its services or in one of its groups, the "or" kept in the browser (the server ANDs)', () => {
      const both = board({ services: { CALL: ['service_1'], VIDEO: [], CHAT: [] }, groups: { CALL: ['skillset_9'], VIDEO: [], CHAT: [] }, site: 2 });
      expect(agentScope(both).filter).toEqual({ sites: [2] });
      expect(listed(both, people)).toEqual(['ann', 'dee']);
    });

    it('are every agent (of its site) while the board has no service and no group', () => {
      const empty = board({ services: noCodes(), groups: noCodes(), site: 1 });
      expect(agentScope(empty)).toEqual({ filter: { sites: [1] }, servesOrBelongs: null });
      expect(listed(empty, people).length).toBe(4);
    });

    it('come from the agent filter when the board says so, whatever its services', () => {
      const chosen = { ...twoServices, agentSource: 'filter' as const, agents: { statuses: ['READY' as const] } };
      expect(agentScope(chosen)).toEqual({ filter: { statuses: ['READY'] }, servesOrBelongs: null });
      expect(agentScope({ ...twoServices, agentSource: 'filter' }).filter).toEqual({});
      expect(listed(chosen, people).length).toBe(4);
    });

    it('of a board saved before the choice: its agent filter if it set one, else its services and groups', () => {
      expect(agentSource({ ...twoServices, agents: { name: 'Ro' } })).toBe('filter');
      expect(agentSource({ ...twoServices, agents: { name: '', statuses: [] } })).toBe('services');
      expect(agentSource({ ...twoServices, agents: { name: 'Ro' }, agentSource: 'services' })).toBe('services');
    });
  });
});
