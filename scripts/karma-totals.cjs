// A Karma reporter that writes the run's totals to .test-results/unit.json for scripts/test.mjs.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

function TotalsReporter(baseReporterDecorator) {
  baseReporterDecorator(this);
  this.adapters = [];
  this.onRunComplete = (_browsers, results) => {
    const dir = join(__dirname, '..', '.test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'unit.json'), JSON.stringify({ passed: results.success, failed: results.failed, error: !!results.error }));
  };
}
TotalsReporter.$inject = ['baseReporterDecorator'];

module.exports = { 'reporter:totals': ['type', TotalsReporter] };
