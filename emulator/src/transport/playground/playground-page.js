// Runs in the browser: GraphiQL against this server, subscriptions over graphql-transport-ws.
(function () {
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/rtdserver';
  var fetcher = GraphiQL.createFetcher({
    url: '/rtdserver',
    wsClient: graphqlWs.createClient({ url: wsUrl, lazy: true, retryAttempts: 3 }),
  });
  var defaultQuery = [
    '# RTD Server emulator playground.',
    '# 1. Log in (the session cookie then authenticates the rest):',
    'mutation Login {',
    '  login(username: "admin", password: "admin") { username supervisor session { expiresIn } }',
    '}',
    '',
    '# 2. Then ask for live data, e.g.:',
    'query Services {',
    '  serviceStats(filter: { CALL: { services: ["service_1", "service_2"], customStatKeys: ["sl1"] } }) {',
    '    code channel',
    '    channelStats { ... on ServiceCcCallAtStat { queuedCalls answeredCalls maxTimeCallOnQueue } }',
    '    customStats { key value { value aggregatedValue } }',
    '  }',
    '}',
    '',
    '# 3. Or subscribe: only what changes arrives, unchanged fields are null.',
    'subscription LiveServices {',
    '  serviceStats(filter: { CALL: { services: ["service_1"] } }) {',
    '    code channel',
    '    channelStats { ... on ServiceCcCallAtStat { queuedCalls answeredCalls } }',
    '  }',
    '}',
    '',
  ].join('\n');
  ReactDOM.createRoot(document.getElementById('playground')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, defaultEditorToolsVisibility: true }),
  );
})();
