// Staff dashboard: sign-in refused with a wrong token; the kitchen board
// shows an order live and one click moves it on, which the customer's page
// shows at once; appointments, tickets and analytics.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  DESKTOP, PHONE, bookFor, env, launch, noPageErrors, openPage, placeOrderFor, shot,
  staffSignIn, startCall, ticketFor,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('staff sign-in is refused with a wrong token', async () => {
  const page = await openPage(browser, `${env.ui}/staff`);
  await staffSignIn(page, 'not-the-staff-token-at-all');
  await page.waitForSelector('#sign-in-error:has-text("not accepted")');
  assert.equal(await page.locator('#kitchen-board').count(), 0, 'no dashboard without a valid token');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('voice-ui.staff-token')), null);
  await shot(page, 'staff-sign-in-refused');
  noPageErrors(page);
});

test('an order appears on the kitchen board and moving it to Ready shows on the customer page', async () => {
  const customer = await openPage(browser, `${env.ui}/`);
  const session = await startCall(customer, 'restaurant');

  const staff = await openPage(browser, `${env.ui}/staff`);
  await staffSignIn(staff);
  await staff.waitForSelector('#live-indicator:has-text("Live")');
  await staff.waitForSelector(`tr[data-session-id="${session.sessionId}"]`);
  await shot(staff, 'staff-live-calls');

  const placed = await placeOrderFor(session.sessionId);
  await customer.waitForSelector(`#order-card[data-order-id="${placed.order_id}"]`);
  assert.equal(await customer.getAttribute('#order-status', 'data-status'), 'Pending');

  await staff.click('#tab-kitchen');
  const card = staff.locator(`#column-pending .ticket[data-order-id="${placed.order_id}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), /Pizza/i);
  await shot(staff, 'staff-kitchen-new-order');

  await card.locator('button[data-move-to="Preparing"]').click();
  const preparing = staff.locator(`#column-preparing .ticket[data-order-id="${placed.order_id}"]`);
  await preparing.waitFor();
  await preparing.locator('button[data-move-to="Ready"]').click();
  await staff.locator(`#column-ready .ticket[data-order-id="${placed.order_id}"]`).waitFor();

  await customer.waitForSelector('#order-status[data-status="Ready"]', { timeout: 5_000 });
  assert.match(await customer.innerText('#order-ready'), /ready/i);
  await shot(customer, 'customer-order-ready');
  await shot(staff, 'staff-kitchen-ready');

  // The staff page survives a reload: the token is kept for the tab.
  await staff.reload({ waitUntil: 'networkidle' });
  await staff.waitForSelector('#sign-out');
  noPageErrors(customer);
  noPageErrors(staff);
});

test('appointments, tickets and analytics update live', async () => {
  const staff = await openPage(browser, `${env.ui}/staff`);
  await staffSignIn(staff);
  await staff.waitForSelector('#live-indicator:has-text("Live")');

  const booker = await openPage(browser, `${env.ui}/`);
  const booking = await startCall(booker, 'appointment');
  const booked = await bookFor(booking.sessionId);
  await booker.waitForSelector('#booking-card');
  assert.match(await booker.innerText('#booking-card'), /Consultation/);
  await shot(booker, 'customer-booking');

  const supporter = await openPage(browser, `${env.ui}/`);
  const support = await startCall(supporter, 'support');
  const ticket = await ticketFor(support.sessionId);
  await supporter.waitForSelector('#ticket-ref');
  assert.equal(await supporter.innerText('#ticket-ref'), ticket.ticket_reference);
  assert.match(await supporter.innerText('#ticket-response'), /within/);
  await shot(supporter, 'customer-ticket');

  await staff.click('#tab-appointments');
  await staff.waitForSelector(`[data-appointment-id="${booked.appointment_id}"]`);
  await shot(staff, 'staff-appointments');

  await staff.click('#tab-tickets');
  const item = staff.locator(`[data-ticket-ref="${ticket.ticket_reference}"]`);
  await item.waitFor();
  assert.match(await item.locator('.time-left').innerText(), /left/);
  await shot(staff, 'staff-tickets');

  await staff.click('#tab-analytics');
  await staff.waitForSelector('#hourly-chart');
  await staff.waitForFunction(() => Number(document.querySelector('[data-stat="Bookings"]')?.textContent) >= 1);
  assert.ok(await staff.locator('#hourly-chart rect.bar').count() === 24);
  // The two callers above are still on their calls: "live now" is the live
  // sessions (as the Live calls tab counts them), not the recorded calls.
  const liveTab = Number(await staff.innerText('#tab-calls .tab-count'));
  assert.ok(liveTab >= 2, `Live calls tab shows ${liveTab}`);
  assert.equal(await staff.innerText('[data-stat-sub="Calls"]'), `${liveTab} live now`);
  await shot(staff, 'staff-analytics');

  // Keyboard: arrows move between tabs.
  await staff.focus('#tab-analytics');
  await staff.keyboard.press('ArrowLeft');
  assert.equal(await staff.getAttribute('#tab-tickets', 'aria-selected'), 'true');

  await staff.setViewportSize(PHONE);
  await staff.click('#tab-kitchen');
  await shot(staff, 'staff-kitchen-phone');
  await staff.setViewportSize(DESKTOP);
  noPageErrors(staff);
  noPageErrors(booker);
  noPageErrors(supporter);
});
