// Karma for the unit suite: headless Debian Chromium with the flags that work as root on these machines.
// JSON results go to .test-results/unit.json so `npm test` can total every suite.
const { existsSync } = require('node:fs');

process.env.CHROME_BIN ??= '/usr/bin/chromium';
if (!existsSync(process.env.CHROME_BIN)) {
  throw new Error(`Chromium not found at ${process.env.CHROME_BIN}: install Debian's chromium package (apt-get install chromium) or set CHROME_BIN`);
}

module.exports = function (config) {
  config.set({
    basePath: '',
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher'), require('./scripts/karma-totals.cjs')],
    client: { jasmine: { random: true, timeoutInterval: 20000 }, clearContext: false },
    reporters: ['progress', 'totals'],
    browsers: ['ChromiumHeadlessCI'],
    customLaunchers: {
      ChromiumHeadlessCI: {
        base: 'ChromeHeadless',
        flags: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    },
    browserNoActivityTimeout: 120000,
    singleRun: true,
    restartOnFileChange: false,
  });
};
