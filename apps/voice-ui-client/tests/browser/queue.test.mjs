// The queue: with MAX_CONCURRENT_CALLS=1 a second caller waits, sees their
// place and the estimated wait, and gets the line when the first hangs up.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PHONE, env, launch, noPageErrors, openPage, shot, startCall } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a second caller is queued with position and wait, then promoted', async () => {
  const first = await openPage(browser, `${env.queueUi}/`);
  await startCall(first, 'restaurant');
  await first.waitForFunction(() => !['idle', 'queued'].includes(document.querySelector('#call-status').dataset.status));

  const second = await openPage(browser, `${env.queueUi}/`, PHONE);
  await startCall(second, 'restaurant');
  await second.waitForSelector('#call-status[data-status="queued"]');
  const text = await second.innerText('#status-text');
  assert.match(text, /number 1 in the queue/);
  assert.match(text, /estimated wait/);
  await shot(second, 'customer-queued-phone');

  await first.click('#end-call');
  await first.waitForSelector('#call-status[data-status="ended"]', { timeout: 10_000 });
  await second.waitForFunction(() => document.querySelector('#call-status').dataset.status !== 'queued',
    null, { timeout: 15_000 });
  await shot(second, 'customer-promoted-phone');
  noPageErrors(first);
  noPageErrors(second);
});
