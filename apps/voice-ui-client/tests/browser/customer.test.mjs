// The customer's page with the local demo voice agent: ordering by typing
// (two pepperoni pizzas, collection, name, phone, yes), then the kitchen
// moves it to Ready; a booking and a ticket by typing; the widget.
//
// These need the session manager's voice integration (the local provider
// behind `call_ready.joinUrl`).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  CONTACT_ANSWERS, PHONE, api, converse, env, launch, noPageErrors, openPage, sessionOf, shot,
  startCall, staffSignIn, step,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function joined(page) {
  await page.waitForSelector('#say-input:not([disabled])', { timeout: 30_000 }).catch(() => {
    throw new Error('the voice call never became ready: no `call_ready` with a joinUrl arrived '
      + '(is the session manager\'s local voice provider in place?)');
  });
  assert.match(await page.innerText('#provider-label'), /Local demo voice agent/);
}

test('the customer page renders, hydrates and offers the three services', async () => {
  const page = await openPage(browser, `${env.ui}/`);
  for (const s of ['restaurant', 'appointment', 'support']) {
    assert.equal(await page.locator(`#service-${s}`).count(), 1);
  }
  assert.equal(await page.getAttribute('#call-status', 'data-status'), 'idle');
  await shot(page, 'customer-start');
  const phone = await openPage(browser, `${env.ui}/`, PHONE);
  await shot(phone, 'customer-start-phone');
  // Keyboard: the services are a radio group, the button submits.
  await phone.focus('#service-restaurant');
  await phone.keyboard.press('ArrowDown');
  assert.ok(await phone.isChecked('#service-appointment'));
  noPageErrors(page);
  noPageErrors(phone);
});

test('a customer orders by typing; the kitchen moves it to Ready and the page shows it', async () => {
  const page = await openPage(browser, `${env.ui}/`);
  await startCall(page, 'restaurant');
  await joined(page);
  const orderCard = async () => (await page.locator('#order-card').count()) > 0;
  await step(page, 'order-by-typing', async () => {
    await converse(page, ['two pepperoni pizzas please', 'collection', 'Kevin Jones', '07700 900123', 'yes'],
      CONTACT_ANSWERS, orderCard);
    await page.waitForSelector('#order-card', { timeout: 15_000 });
  });
  const orderId = await page.getAttribute('#order-card', 'data-order-id');
  assert.match(await page.innerText('#order-card'), /2 × .*Pepperoni/i);
  // The form filled in as the caller spoke (the agent calls processVoiceInput every turn).
  await page.waitForFunction(
    () => document.querySelector('#form-field-customer_name')?.value === 'Kevin Jones',
    null, { timeout: 5_000 });
  assert.ok(await page.locator('#transcript .line.user').count() >= 3, 'the caller lines are in the transcript');
  assert.equal(await page.getAttribute('#transcript', 'aria-live'), 'polite');
  await shot(page, 'customer-order-placed');

  // The transcript survives a reload (the session is resumed with since=0).
  const linesBefore = await page.locator('#transcript .line').count();
  await page.reload({ waitUntil: 'networkidle' });
  await page.waitForSelector('#order-card');
  await page.waitForFunction((n) => document.querySelectorAll('#transcript .line').length >= n, linesBefore);

  const staff = await openPage(browser, `${env.ui}/staff`);
  await staffSignIn(staff);
  await staff.click('#tab-kitchen');
  const card = staff.locator(`.ticket[data-order-id="${orderId}"]`);
  await card.waitFor();
  await card.locator('button[data-move-to="Preparing"]').click();
  await staff.locator(`#column-preparing .ticket[data-order-id="${orderId}"] button[data-move-to="Ready"]`).click();
  await page.waitForSelector('#order-status[data-status="Ready"]', { timeout: 5_000 });
  await shot(page, 'customer-order-by-voice-ready');

  await page.click('#end-call');
  await page.waitForSelector('#call-status[data-status="ended"]', { timeout: 10_000 });
  await page.waitForSelector('#new-call');
  noPageErrors(page);
  noPageErrors(staff);
});

test('a booking and a support ticket by typing', async () => {
  const booker = await openPage(browser, `${env.ui}/`);
  await startCall(booker, 'appointment');
  await joined(booker);
  await converse(booker,
    ['I would like to book a consultation tomorrow at 10am', 'Ann Lee', '07700 900456', 'yes'],
    [[/(what service|which service)/, 'a consultation'], [/(what day|which day|when|date)/, 'tomorrow'],
      [/(what time|which time)/, '10am'], [/(other|alternative|instead)/, 'the first one please'], ...CONTACT_ANSWERS],
    async () => (await booker.locator('#booking-card').count()) > 0);
  await step(booker, 'booking-by-typing', () => booker.waitForSelector('#booking-card', { timeout: 15_000 }));
  await shot(booker, 'customer-booking-by-voice');

  const support = await openPage(browser, `${env.ui}/`);
  await startCall(support, 'support');
  await joined(support);
  await converse(support,
    ['my card reader shows error 42 and no payments go through, it is urgent', 'Sam Roe', '07700 900789', 'yes'],
    CONTACT_ANSWERS,
    async () => (await support.locator('#ticket-card').count()) > 0);
  await step(support, 'ticket-by-typing', () => support.waitForSelector('#ticket-ref', { timeout: 15_000 }));
  assert.match(await support.innerText('#ticket-response'), /within/);
  await shot(support, 'customer-ticket-by-voice');
  noPageErrors(booker);
  noPageErrors(support);
});

test('the widget is compact, preselects a service and starts a call', async () => {
  const page = await openPage(browser, `${env.ui}/widget?service=support`, { width: 380, height: 640 });
  assert.ok(await page.isChecked('#service-support'));
  await shot(page, 'widget-start');
  const session = await startCall(page, 'support');
  const view = await api(env.sm, 'GET', `/api/sessions/${session.sessionId}`, undefined, session.sessionToken);
  assert.equal(view.json.channel, 'widget');
  await page.waitForFunction(() => document.querySelector('#call-status').dataset.status !== 'idle');
  await shot(page, 'widget-in-call');
  assert.deepEqual(await sessionOf(page).then((s) => s.businessType), 'support');
  noPageErrors(page);
});
