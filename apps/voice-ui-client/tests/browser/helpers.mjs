// Shared helpers of the UI's browser tests (run by `cargo xtask test`).
// The services are started by xtask (xtask/src/ui_browser.rs), which passes
// their URLs, the tokens and where playwright-core and Chromium are in the
// environment. Screenshots go to $ARTIFACTS.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with \`cargo xtask test --ui-only\``);
  return value;
}

export const env = {
  ui: need('UI_URL'),
  sm: need('SM_URL'),
  queueUi: need('QUEUE_UI_URL'),
  queueSm: need('QUEUE_SM_URL'),
  deadUi: need('DEAD_UI_URL'),
  staffToken: need('STAFF_TOKEN'),
  serviceToken: need('SERVICE_TOKEN'),
  artifacts: need('ARTIFACTS'),
};

const { chromium } = await import(pathToFileURL(need('PLAYWRIGHT_CORE')).href);

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

/** Launches headless Chromium; every page error fails the test that owns the page. */
export async function launch() {
  return chromium.launch({
    executablePath: need('CHROMIUM_PATH'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
}

/** A new page that records page errors and failed console messages. */
export async function openPage(browser, url, viewport = DESKTOP) {
  const page = await openSite(browser, url, viewport);
  await waitHydrated(page);
  return page;
}

/** Like openPage, for a page that is not the UI's (a site embedding the
 *  widget): loaded, with the same error recording, but no hydration mark to
 *  wait for. Errors in its frames (the widget) land in page.errors too. */
export async function openSite(browser, url, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  // speechSynthesis has no voices in headless Chromium: keep the toggle
  // working but silent, and record what would have been said.
  await context.addInitScript(() => {
    window.__spoken = [];
    if (window.speechSynthesis) {
      window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);
    }
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|WebSocket connection/.test(m.text())) {
      page.errors.push(m.text());
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return page;
}

/** The frame of an <iframe> (a Locator) once it has loaded `url` and the
 *  widget in it has hydrated. converse, startCall, sessionOf and
 *  waitHydrated take a Frame as well as a Page. */
export async function hydratedFrame(iframe, url) {
  const frame = await (await iframe.elementHandle()).contentFrame();
  assert.ok(frame, 'the iframe has a frame');
  await frame.waitForURL(url, { timeout: 20_000 });
  await waitHydrated(frame);
  return frame;
}

/** Hydration done: the WASM marks <html data-hydrated="true">. */
export async function waitHydrated(page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 20_000 });
}

export async function shot(page, name) {
  mkdirSync(env.artifacts, { recursive: true });
  await page.screenshot({ path: join(env.artifacts, `${name}.png`), fullPage: true });
}

/** Runs `step`; when it fails, keeps a screenshot named FAILED-<name> first. */
export async function step(page, name, run) {
  try {
    return await run();
  } catch (e) {
    await shot(page, `FAILED-${name}`).catch(() => {});
    throw e;
  }
}

export function noPageErrors(page) {
  assert.deepEqual(page.errors, [], `page errors on ${page.url()}`);
}

/** The session the customer page keeps in sessionStorage. */
export async function sessionOf(page) {
  const stored = await page.evaluate(() => sessionStorage.getItem('voice-ui.session'));
  assert.ok(stored, 'the customer page keeps its session in sessionStorage');
  return JSON.parse(stored);
}

/** Chooses a service on the customer page and starts the call. */
export async function startCall(page, service) {
  await page.check(`#service-${service}`);
  await page.click('#start-call');
  await page.waitForFunction(() => sessionStorage.getItem('voice-ui.session') !== null, null, { timeout: 10_000 });
  return sessionOf(page);
}

/** A JSON call to a session manager. */
export async function api(base, method, path, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json };
}

/** Orders two of the first pizza on the menu for a session, through the business API. */
export async function placeOrderFor(sessionId, customerName = 'Kevin Jones') {
  const menu = await api(env.sm, 'GET', '/api/business/menu');
  const pizza = menu.json.items.find((i) => /pizza/i.test(i.category) || /pizza/i.test(i.item_name));
  assert.ok(pizza, 'the demo menu has a pizza');
  const res = await api(env.sm, 'POST', '/api/business/orders', {
    session_id: sessionId, customer_name: customerName, phone: '07700 900123',
    order_type: 'Takeaway', items: [{ item_name: pizza.item_name, quantity: 2 }],
  }, env.staffToken);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(res.json.status, 'success', JSON.stringify(res.json));
  return res.json;
}

/** Books the first free consultation slot in the coming week for a session. */
export async function bookFor(sessionId) {
  for (let d = 1; d <= 7; d++) {
    const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const slots = await api(env.sm, 'GET', `/api/business/availability?service_type=Consultation&date=${date}`);
    const time = slots.json.available_slots?.[0];
    if (!time) continue;
    const res = await api(env.sm, 'POST', '/api/business/appointments', {
      session_id: sessionId, customer_name: 'Ann Lee', phone: '07700 900456',
      service_type: 'Consultation', appointment_date: date, appointment_time: time,
    }, env.staffToken);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    if (res.json.status === 'success') return res.json;
  }
  throw new Error('no free consultation slot in the coming week');
}

export async function ticketFor(sessionId) {
  const res = await api(env.sm, 'POST', '/api/business/tickets', {
    session_id: sessionId, customer_name: 'Sam Roe', phone: '07700 900789',
    issue_description: 'The card reader shows error 42 and no payments go through', priority: 'High',
  }, env.staffToken);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}

/** Signs in on /staff with the staff token. */
export async function staffSignIn(page, token = env.staffToken) {
  await page.fill('#staff-token', token);
  await page.click('#sign-in');
}

/** Answers the local demo agent until `done()` holds: a keyword reply to its
 *  last question, else the next scripted line. Returns the turns sent. */
export async function converse(page, script, answers, done, maxTurns = 14) {
  const sent = [];
  let next = 0;
  await page.waitForSelector('#say-input:not([disabled])', { timeout: 30_000 });
  for (let turn = 0; turn < maxTurns; turn++) {
    if (await done()) return sent;
    const agentLines = await page.locator('#transcript .line.agent').count();
    const last = agentLines ? (await page.locator('#transcript .line.agent').last().innerText()).toLowerCase() : '';
    let reply = null;
    if (turn > 0) {
      for (const [pattern, answer] of answers) {
        if (pattern.test(last)) { reply = answer; break; }
      }
    }
    if (reply === null) reply = script[Math.min(next++, script.length - 1)];
    await page.fill('#say-input', reply);
    await page.click('#say-send');
    sent.push(reply);
    await page.waitForFunction((n) => document.querySelectorAll('#transcript .line.agent').length > n,
      agentLines, { timeout: 20_000 }).catch(() => {});
    await page.waitForTimeout(300);
  }
  return sent;
}

// The read-back ("So that's ... Shall I place the order?") names the other
// fields too, so the confirmation is matched first.
export const CONTACT_ANSWERS = [
  [/(shall i|should i|is that right|is that correct|go ahead|confirm)/, 'yes'],
  [/name/, 'Kevin Jones'],
  [/(phone|number)/, '07700 900123'],
  [/(collect|deliver)/, 'collection'],
];
