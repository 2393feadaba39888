// Finding and launching a local Chrome/Chromium for rendering (tests, PDF and
// slides export). Never downloads a browser: nbx works offline, so it uses one
// that is installed or one the user names.

import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { constants as osConstants, homedir, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page, PuppeteerNode } from 'puppeteer-core';
import { NbxError } from '../errors.js';

const require = createRequire(import.meta.url);
let puppeteerModule: Promise<PuppeteerNode> | undefined;

/**
 * puppeteer-core, loaded on first use: it costs ~0.2 s that HTML export should
 * not pay. Loaded with require() (its CommonJS build), not import(): the CLI
 * bundle runs from V8's code cache, where Node 20 has no dynamic import().
 */
export function loadPuppeteer(): Promise<PuppeteerNode> {
  return (puppeteerModule ??= Promise.resolve().then(() => (require('puppeteer-core') as { default: PuppeteerNode }).default));
}

/** Usual install locations, in the order they are tried. */
export const SYSTEM_CHROME_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];

/** Executable inside one `@puppeteer/browsers` version folder, per platform. */
const CACHE_LAYOUTS = [
  'chrome-linux64/chrome',
  'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
];

const INSTALL_HINT = 'install one (Debian/Ubuntu: apt-get install chromium) or set CHROME_PATH=/path/to/chrome';

export const NO_CHROME_MESSAGE = `no Chrome/Chromium found: ${INSTALL_HINT}`;

export interface FindChromeOptions {
  /** The `--chrome PATH` flag. */
  chromePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Override the system locations (tests). */
  systemPaths?: readonly string[];
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An explicitly named browser must be usable: falling back would hide the typo. */
function checkExplicit(path: string, source: string): string {
  if (!isExecutableFile(path)) throw new NbxError(`no Chrome/Chromium: ${source}: no executable file at ${path}: ${INSTALL_HINT}`);
  return path;
}

/** Compares "linux-131.0.6778.85"-style folder names by version, numerically. */
function compareBuilds(a: string, b: string): number {
  const nums = (s: string) => (s.split('-').pop() ?? '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [nums(a), nums(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest browser installed by `npx @puppeteer/browsers install chrome`. */
function findInPuppeteerCache(env: NodeJS.ProcessEnv): string | undefined {
  const cache = env.PUPPETEER_CACHE_DIR || join(env.HOME || homedir(), '.cache', 'puppeteer');
  let builds: string[];
  try {
    builds = readdirSync(join(cache, 'chrome'));
  } catch {
    return undefined;
  }
  for (const build of builds.sort(compareBuilds).reverse()) {
    for (const layout of CACHE_LAYOUTS) {
      const path = join(cache, 'chrome', build, layout);
      if (isExecutableFile(path)) return path;
    }
  }
  return undefined;
}

/**
 * Path of the browser to use: `--chrome`, then $CHROME_PATH, then
 * $PUPPETEER_EXECUTABLE_PATH, then the usual install paths, then the puppeteer cache.
 */
export function findChrome(opts: FindChromeOptions = {}): string {
  const env = opts.env ?? process.env;
  if (opts.chromePath) return checkExplicit(opts.chromePath, '--chrome');
  for (const name of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = env[name];
    if (value) return checkExplicit(value, name);
  }
  const found = (opts.systemPaths ?? SYSTEM_CHROME_PATHS).find(isExecutableFile) ?? findInPuppeteerCache(env);
  if (!found) throw new NbxError(NO_CHROME_MESSAGE);
  return found;
}

export interface LaunchChromeOptions extends FindChromeOptions {
  timeoutMs?: number;
  /** Let pages reach the network (--allow-network); default: no connection at all. */
  allowNetwork?: boolean;
  /** Longest a single DevTools call may take (puppeteer's default: 180 s), e.g. printing a long page. */
  protocolTimeoutMs?: number;
}

// The network is often closed (CI, offline use), and a conversion must not
// announce itself: Chromium's own traffic (updates, sync, safe browsing,
// metrics, translation, field trials) is turned off.
const CHROME_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
  '--metrics-recording-only',
  '--no-pings',
  '--no-default-browser-check',
  '--no-first-run',
  '--disable-gpu',
];

/**
 * Offline: no host name (nor IP address) resolves, so nothing reaches the
 * network whatever starts it: a popup or a new tab (which request
 * interception does not see), `<link rel=preconnect>`, DNS prefetching, the
 * browser's own services. Request interception still lists what pages asked for.
 */
const OFFLINE_FLAGS = ['--host-resolver-rules=MAP * ~NOTFOUND'];

/** Removes a profile, retrying while the just-killed browser may still write to it. */
async function removeProfileOnceDead(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (err) {
      if (attempt === 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Runs the browser ("$@") and removes its profile ($1) once it has quit: when
 * nbx is killed (SIGKILL), the browser quits as its pipe closes, and nothing
 * of nbx is left to clean up after it.
 */
const WITH_PROFILE_REMOVED = 'profile=$1; shift; "$@"; status=$?; rm -rf "$profile"; exit $status';

/** Starts a headless browser with a throwaway profile that is removed when it exits. */
export async function launchChrome(opts: LaunchChromeOptions = {}): Promise<Browser> {
  const executablePath = findChrome(opts);
  const userDataDir = mkdtempSync(join(tmpdir(), 'nbx-chrome-'));
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  const flags = [...CHROME_FLAGS, ...(opts.allowNetwork ? [] : OFFLINE_FLAGS)];
  // Chrome refuses to start its sandbox as root (containers, CI).
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  let browser: Browser;
  // Puppeteer gives a browser that failed to start 5 s to quit on its own;
  // aborting kills it at once, so its profile can go.
  const abort = new AbortController();
  // Over a pipe, puppeteer's own timeout does not apply: a browser not up in time is killed.
  let late = false;
  const deadline = setTimeout(() => {
    late = true;
    abort.abort();
  }, opts.timeoutMs ?? 30_000);
  try {
    const puppeteer = await loadPuppeteer();
    const args = puppeteer.defaultArgs({ headless: true, userDataDir, args: flags });
    browser = await puppeteer.launch({
      // Talking over a pipe, the browser quits when nbx dies, even by SIGKILL;
      // the shell it runs in then removes its profile (see WITH_PROFILE_REMOVED).
      pipe: true,
      ...(process.platform === 'win32'
        ? { executablePath, args }
        : { executablePath: '/bin/sh', args: ['-c', WITH_PROFILE_REMOVED, 'nbx-chrome', userDataDir, executablePath, ...args] }),
      ignoreDefaultArgs: true,
      headless: true,
      userDataDir,
      timeout: opts.timeoutMs ?? 30_000,
      protocolTimeout: opts.protocolTimeoutMs,
      // Puppeteer kills the browser on process exit, and on SIGINT exits
      // with 130. Its SIGTERM/SIGHUP handlers would close the browser but keep
      // node running, so those are handled below.
      handleSIGINT: true,
      handleSIGTERM: false,
      handleSIGHUP: false,
      signal: abort.signal,
    });
    clearTimeout(deadline);
  } catch (err) {
    clearTimeout(deadline);
    abort.abort();
    await removeProfileOnceDead(userDataDir);
    if (late) throw new NbxError(`could not start ${executablePath}: not ready within ${opts.timeoutMs ?? 30_000} ms`);
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new NbxError(`could not start ${executablePath}: ${reason}`);
  }
  const child = browser.process();
  // On 'exit' only synchronous work runs: kill the whole process group (as
  // puppeteer does) before removing the profile it writes to.
  const onNodeExit = () => {
    killBrowser(browser);
    removeProfile();
  };
  // Exit as the signal would have; the 'exit' handlers then kill the browser.
  const onSignal = (signal: NodeJS.Signals) => process.exit(128 + osConstants.signals[signal]);
  process.on('exit', onNodeExit).on('SIGTERM', onSignal).on('SIGHUP', onSignal);
  // Fires before browser.close() resolves, so the profile is gone by then.
  child?.once('exit', () => {
    process.off('exit', onNodeExit).off('SIGTERM', onSignal).off('SIGHUP', onSignal);
    removeProfile();
  });
  return browser;
}

/** Kills the browser's whole process group (it may have left children). */
export function killBrowser(browser: Browser): void {
  const child = browser.process();
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Closes a browser from launchChrome(); one that does not quit within
 * `graceMs` (a renderer stuck in a script) is killed. Never rejects.
 */
export async function closeBrowser(browser: Browser, graceMs = 5000): Promise<void> {
  const child = browser.process();
  const exited = new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const timer = setTimeout(() => killBrowser(browser), graceMs);
  try {
    await browser.close();
  } catch {
    killBrowser(browser);
  }
  await exited;
  clearTimeout(timer);
}

const LOCAL_URL = /^(data|about|blob):/i;

/** Run before any script of a page and its frames: no popups, which request interception would not see. */
const NO_POPUPS = 'window.open = () => null;';

/**
 * Aborts every request of `page` except data:, about: and blob: URLs (and those
 * `allow` accepts). Returns the blocked URLs; the array keeps filling as the page
 * loads. WebSockets bypass request interception: they are listed too, and
 * stopped by offline mode when there is no `allow` (which offline mode would defeat).
 * Its document never navigates away (a meta refresh or `location = …` would
 * lose what is being printed); pages that print also call noPopups().
 */
export async function blockNetwork(page: Page, allow?: (url: string) => boolean): Promise<string[]> {
  const blocked: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    const local = LOCAL_URL.test(url);
    const navigation = request.isNavigationRequest() && request.frame() === page.mainFrame();
    // Rejections happen when the page closes mid-request; nothing to do then.
    if (allow?.(url) || (local && !navigation)) {
      request.continue().catch(() => {});
    } else {
      if (!local) blocked.push(url);
      // 'aborted' keeps the current document (another reason would show an error page instead).
      request.abort(navigation ? 'aborted' : 'blockedbyclient').catch(() => {});
    }
  });
  const cdp = await page.createCDPSession();
  cdp.on('Network.webSocketCreated', ({ url }) => blocked.push(url));
  await cdp.send('Network.enable');
  if (!allow) await page.setOfflineMode(true);
  return blocked;
}

/** The page opens no window: window.open is gone before any of its scripts run, and any other popup is closed at once. */
export async function noPopups(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(NO_POPUPS);
  page.on('popup', (popup) => { popup?.close().catch(() => {}); });
}
