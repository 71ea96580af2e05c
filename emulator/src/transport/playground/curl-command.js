// "Copy as cURL" for the playground: the operation as an HTTP POST, in the form of the RTD reference's own curl
// examples. Plain JavaScript with no imports, so that the browser loads it as a module beside playground-page.js
// and node's tests import the same file (types in curl-command.d.ts). Never adds a cookie or a token.

/** The headers of the reference's examples, in their order; Origin follows them. No Cookie, no Authorization. */
const REFERENCE_HEADERS = ['Accept-Encoding: gzip, deflate, br', 'Content-Type: application/json', 'Accept: application/json', 'Connection: keep-alive', 'DNT: 1'];

/** The text as one POSIX shell word: single-quoted, each single quote closed, escaped and reopened. */
export function shellQuote(text) {
  return `'${String(text).replace(/'/g, `'\\''`)}'`;
}

/** The names of the fragments a selection set spreads, directly or through inline fragments. */
function spreadNames(selectionSet, names) {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === 'FragmentSpread') names.add(selection.name.value);
    spreadNames(selection.selectionSet, names);
  }
  return names;
}

/**
 * The part of `source` to send for one operation: that operation and the fragments it uses, as written (so
 * another operation of the editor, a login with a password say, never rides along), or all of `source` when
 * `document` (graphql-js's parse of it, with locations) does not single one out.
 */
export function operationSource(source, document, operationName) {
  const definitions = document?.definitions ?? [];
  const operations = definitions.filter((d) => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation?.loc) return source;
  const fragments = new Map(definitions.filter((d) => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]));
  const used = spreadNames(operation.selectionSet, new Set());
  // Fragments spread by fragments, until no new name appears.
  for (const name of used) spreadNames(fragments.get(name)?.selectionSet, used);
  const parts = [operation, ...[...used].map((name) => fragments.get(name)).filter((f) => f?.loc)];
  return `${parts.map((d) => source.slice(d.loc.start, d.loc.end)).join('\n\n')}\n`;
}

/** The variables an operation declares, taken from what the variables editor holds; the others stay behind. */
export function declaredVariables(document, operationName, variables) {
  if (!variables) return undefined;
  const operations = (document?.definitions ?? []).filter((d) => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return variables;
  const names = (operation.variableDefinitions ?? []).map((v) => v.variable.name.value).filter((name) => Object.hasOwn(variables, name));
  return names.length ? Object.fromEntries(names.map((name) => [name, variables[name]])) : undefined;
}

/**
 * The curl command that POSTs `query` (with `variables` and `operationName` when given) to `url`, the RTD
 * Server's HTTP endpoint: one line, each argument single-quoted, like the reference's examples.
 */
export function curlCommand({ url, query, variables, operationName }) {
  const body = { query };
  if (variables && Object.keys(variables).length) body.variables = variables;
  if (operationName) body.operationName = operationName;
  const headers = [...REFERENCE_HEADERS, `Origin: ${new URL(url).origin}`];
  return ['curl', shellQuote(url), ...headers.flatMap((h) => ['-H', shellQuote(h)]), '--data-binary', shellQuote(JSON.stringify(body)), '--compressed'].join(' ');
}
