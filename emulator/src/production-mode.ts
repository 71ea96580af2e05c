// Imported first by main.ts: graphql-js reads NODE_ENV when it loads, and its development-mode checks
// (instanceof across realms) cost a quarter of the fan-out time.
process.env.NODE_ENV ??= 'production';
