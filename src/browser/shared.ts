// One browser for many pages: started on first use, closed when the last
// page is done unless someone holds it open (a batch of `nbx convert`). So a
// one-off conversion never leaves a browser running, and a batch of 20
// notebooks pays for one launch.

import type { Browser } from 'puppeteer-core';
import { closeBrowser, findChrome, launchChrome, type LaunchChromeOptions } from './chrome.js';

export class SharedBrowser {
  #browser: Promise<Browser> | null = null;
  #users = 0;
  #holds = 0;
  /** The previous browser's shutdown: a new one starts after it. */
  #closed: Promise<void> = Promise.resolve();
  /** Whether the running browser may reach the network (launched without the offline flags). */
  #allowNetwork = false;

  /**
   * Keeps the browser running between pages until release(), and starts it
   * now so its launch overlaps other work. Throws at once (NbxError) when no
   * browser is installed; a failed launch is reported by the pages that need it.
   */
  hold(opts: LaunchChromeOptions = {}): void {
    findChrome(opts);
    this.#holds++;
    this.#start(opts).catch(() => {});
  }

  /** Like hold(), but starts no browser: one started later by a page stays until release(). */
  keep(): void {
    this.#holds++;
  }

  /** Ends one hold() or keep(); closes the browser if no page uses it. */
  async release(): Promise<void> {
    if (this.#holds > 0) this.#holds--;
    await this.#closeIfIdle();
  }

  /**
   * Runs `use` with the browser, starting it if needed: `use` gets it still
   * starting, to prepare its page meanwhile. The options of the call that
   * starts the browser apply until it closes.
   */
  async with<T>(opts: LaunchChromeOptions, use: (browser: Promise<Browser>) => Promise<T>): Promise<T> {
    this.#users++;
    try {
      return await use(this.#start(opts));
    } finally {
      this.#users--;
      await this.#closeIfIdle();
    }
  }

  #start(opts: LaunchChromeOptions): Promise<Browser> {
    // An offline browser resolves no host: a page allowed the network needs another one (and back).
    const allowNetwork = opts.allowNetwork === true;
    if (this.#browser && this.#allowNetwork !== allowNetwork) {
      const old = this.#browser;
      this.#browser = null;
      this.#closed = old.then((browser) => closeBrowser(browser), () => {});
    }
    this.#allowNetwork = allowNetwork;
    if (!this.#browser) {
      const launching = this.#closed.then(() => launchChrome(opts));
      this.#browser = launching;
      // A browser that crashed or was killed is replaced by the next page.
      launching.then(
        (browser) => browser.once('disconnected', () => {
          if (this.#browser === launching) this.#browser = null;
        }),
        () => {}, // a failed launch stays cached: the other pages of the batch fail the same way, at once
      );
    }
    return this.#browser;
  }

  async #closeIfIdle(): Promise<void> {
    if (this.#users > 0 || this.#holds > 0 || !this.#browser) return;
    const launching = this.#browser;
    this.#browser = null;
    this.#closed = launching.then((browser) => closeBrowser(browser), () => {});
    await this.#closed;
  }
}
