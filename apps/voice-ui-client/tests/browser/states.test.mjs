// Empty and error states, and typed corrections of the dynamic form.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, env, launch, noPageErrors, openPage, shot, startCall, staffSignIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an unreachable session manager is said plainly, with retries', async () => {
  const page = await openPage(browser, `${env.deadUi}/`);
  await page.waitForSelector('#unreachable');
  assert.match(await page.innerText('#unreachable'), /unreachable.*Retrying in \d+ s/s);
  await shot(page, 'customer-unreachable');

  const staff = await openPage(browser, `${env.deadUi}/staff`);
  await staffSignIn(staff);
  await staff.waitForSelector('#sign-in-error:has-text("unreachable")');
  await shot(staff, 'staff-unreachable');
});

test('the dynamic form fills from the call and takes typed corrections', async () => {
  const page = await openPage(browser, `${env.ui}/`);
  const session = await startCall(page, 'restaurant');
  const form = {
    businessType: 'restaurant', tool: 'placeOrder', title: 'Your order', complete: false,
    missing: ['phone'],
    fields: [
      { name: 'items', label: 'Items', kind: 'items', required: true, value: [{ item_name: 'Pepperoni Pizza', quantity: 2 }] },
      { name: 'customer_name', label: 'Name', kind: 'text', required: true, value: 'Kevn' },
      { name: 'phone', label: 'Phone', kind: 'tel', required: true, hint: 'a UK number, e.g. 07700 900123' },
    ],
  };
  const pushed = await api(env.sm, 'POST', `/api/sessions/${session.sessionId}/ui`, { form }, env.serviceToken);
  assert.equal(pushed.status, 202, JSON.stringify(pushed.json));
  await page.waitForSelector('#dynamic-form');
  assert.equal(await page.inputValue('#form-field-customer_name'), 'Kevn');
  assert.match(await page.innerText('#form-field-items'), /2 × Pepperoni Pizza/);
  await shot(page, 'customer-form');

  await page.fill('#form-field-customer_name', 'Kevin');
  await page.click('#save-form');
  await page.waitForSelector('#form-saved:has-text("Saved")', { timeout: 10_000 });
  assert.equal(await page.inputValue('#form-field-customer_name'), 'Kevin');
  noPageErrors(page);
});

test('the staff boards say when they are empty', async () => {
  const staff = await openPage(browser, `${env.queueUi}/staff`);
  await staffSignIn(staff);
  await staff.click('#tab-tickets');
  await staff.waitForSelector('#tickets-empty');
  await staff.click('#tab-appointments');
  await staff.waitForSelector('#appointments-empty');
  await shot(staff, 'staff-empty');
  noPageErrors(staff);
});

test('unknown pages are a 404 with links home', async () => {
  const res = await fetch(`${env.ui}/no-such-page`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /Page not found/);
});
