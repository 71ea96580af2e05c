// Runs in the browser, as a module after the UMD scripts: GraphiQL against this server, subscriptions over
// graphql-transport-ws, and a "Copy as cURL" toolbar button (the reference's Playground has one).
import { curlCommand, declaredVariables, operationSource } from './curl-command.js';

const h = React.createElement;
const endpoint = new URL('/rtdserver', location.href).href;
const wsUrl = endpoint.replace(/^http/, 'ws');
const fetcher = GraphiQL.createFetcher({
  url: '/rtdserver',
  wsClient: graphqlWs.createClient({ url: wsUrl, lazy: true, retryAttempts: 3 }),
});
const defaultQuery = [
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
  '# "Copy as cURL" in the toolbar gives the operation under the cursor as a curl command (without your session).',
  '',
].join('\n');

/** The operation the cursor is in, as Ctrl-Enter picks it; otherwise the one GraphiQL has selected. */
function chosenOperation(queryEditor, document) {
  const cursor = queryEditor.indexFromPos(queryEditor.getCursor());
  const under = document.definitions.find((d) => d.kind === 'OperationDefinition' && d.loc && d.loc.start <= cursor && cursor <= d.loc.end);
  return under?.name?.value ?? queryEditor.operationName ?? null;
}

/** The variables editor's JSON object, or undefined when it is empty; a clear error when it is not an object. */
function editorVariables(variableEditor) {
  const text = variableEditor?.getValue().trim();
  if (!text) return undefined;
  let variables;
  try {
    variables = JSON.parse(text);
  } catch {
    throw new Error('Not copied: the variables are not valid JSON');
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) throw new Error('Not copied: the variables must be a JSON object');
  return variables;
}

/** The curl command for what the editors hold. Throws an Error the toolbar button shows in place of its label. */
function commandFromEditors(queryEditor, variableEditor) {
  const source = queryEditor.getValue();
  let document;
  try {
    document = GraphiQL.GraphQL.parse(source);
  } catch (error) {
    throw new Error(`Not copied: the query does not parse (${error.message})`, { cause: error });
  }
  const operationName = chosenOperation(queryEditor, document);
  const variables = declaredVariables(document, operationName, editorVariables(variableEditor));
  return curlCommand({ url: endpoint, query: operationSource(source, document, operationName), variables, operationName });
}

/** Puts the text on the clipboard; where the page is not a secure context (plain HTTP on the LAN), by the old way. */
async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (permission, focus): try the old way.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.cssText = 'position: fixed; opacity: 0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) window.prompt('Copy the cURL command:', text);
  return copied;
}

const COPY_LABEL = 'Copy as cURL (no cookie or token in it)';

function CopyAsCurlButton() {
  const { queryEditor, variableEditor } = GraphiQL.React.useEditorContext({ nonNull: true });
  const [label, setLabel] = React.useState(COPY_LABEL);
  React.useEffect(() => {
    if (label === COPY_LABEL) return undefined;
    const timer = setTimeout(() => setLabel(COPY_LABEL), 3000);
    return () => clearTimeout(timer);
  }, [label]);
  const onClick = () => {
    if (!queryEditor) return;
    const command = commandFromEditors(queryEditor, variableEditor);
    void copyText(command).then((copied) => setLabel(copied ? 'Copied as cURL' : COPY_LABEL));
  };
  return h(
    GraphiQL.React.ToolbarButton,
    { onClick, label, 'data-action': 'copy-as-curl' },
    h('span', { className: 'graphiql-toolbar-icon', 'aria-hidden': 'true', style: { fontSize: '10px', fontWeight: 700, lineHeight: '1.5rem' } }, 'cURL'),
  );
}

ReactDOM.createRoot(document.getElementById('playground')).render(h(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true, toolbar: { additionalComponent: CopyAsCurlButton } }));
