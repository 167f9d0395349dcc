// The widget embedded in a real WordPress site by the Talk Agent plugin
// (wordpress-plugin/): a whole text call with the local demo agent inside the
// [talk_agent] iframe, and the floating "Talk to us" button.
//
// The site comes from wordpress-plugin/tests/site.sh, started with UI_URL of
// the main UI (plugin set to service restaurant, floating button on); it
// prints WP_URL (the home page) and WP_PAGE_URL (the page with [talk_agent]).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  CONTACT_ANSWERS, api, converse, env, hydratedFrame, launch, need, noPageErrors, openSite, shot, startCall,
  step,
} from './helpers.mjs';

const wp = { home: `${need('WP_URL')}/`, page: need('WP_PAGE_URL') };
// What the plugin must embed for its settings.
const WIDGET = `${env.ui}/widget?service=restaurant`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the [talk_agent] page: a text call in the embedded widget places an order', async () => {
  const page = await openSite(browser, wp.page);
  const iframe = page.locator('.talk-agent-embed iframe');
  assert.equal(await iframe.count(), 1, 'the page has one embed');
  assert.equal(await iframe.getAttribute('src'), WIDGET);
  // The iframe is loading="lazy": bring it into view rather than rely on the theme's layout.
  await iframe.scrollIntoViewIfNeeded();
  const frame = await step(page, 'wordpress-embed-hydrates', () => hydratedFrame(iframe, WIDGET));

  const session = await startCall(frame, 'restaurant');
  await frame.waitForSelector('#say-input:not([disabled])', { timeout: 30_000 });
  assert.match(await frame.innerText('#provider-label'), /Local demo voice agent/);
  await step(page, 'wordpress-order-by-typing', async () => {
    await converse(frame, ['two pepperoni pizzas please', 'collection', 'Kevin Jones', '07700 900123', 'yes'],
      CONTACT_ANSWERS, async () => (await frame.locator('#order-card').count()) > 0);
    await frame.waitForSelector('#order-card', { timeout: 15_000 });
  });
  const orderId = await frame.getAttribute('#order-card', 'data-order-id');
  assert.match(await frame.innerText('#order-card'), /2 × .*Pepperoni/i);
  // The transcript scrolled the frame on; show the order in the screenshot.
  await frame.locator('#order-card').scrollIntoViewIfNeeded();
  await shot(page, 'wordpress-page-order-placed');

  // The staff side sees the same order, tied to this session, which came in through the widget.
  const orders = await api(env.sm, 'GET', `/api/business/orders?session_id=${session.sessionId}`, undefined,
    env.staffToken);
  assert.equal(orders.status, 200, JSON.stringify(orders.json));
  const order = orders.json.find((o) => o.order_id === orderId);
  assert.ok(order, `order ${orderId} is on the kitchen board: ${JSON.stringify(orders.json)}`);
  assert.equal(order.session_id, session.sessionId);
  assert.equal(order.customer_name, 'Kevin Jones');
  assert.equal(order.order_type, 'Takeaway');
  assert.ok(order.items.some((l) => /pepperoni/i.test(l.item_name) && l.quantity === 2), JSON.stringify(order.items));
  const view = await api(env.sm, 'GET', `/api/sessions/${session.sessionId}`, undefined, env.staffToken);
  assert.equal(view.status, 200, JSON.stringify(view.json));
  assert.equal(view.json.channel, 'widget');
  assert.equal(view.json.businessType, 'restaurant');
  noPageErrors(page);
});

test('the floating button creates the widget on the first click; Escape closes it, also from inside the widget', async () => {
  const page = await openSite(browser, wp.home);
  const button = page.locator('#talk-agent-floating .talk-agent-button');
  const panel = page.locator('#talk-agent-panel');
  const iframe = panel.locator('iframe');
  // The button script marks the root once it has bound the button.
  await page.waitForSelector('#talk-agent-floating[data-ready="1"]', { timeout: 5_000 });
  assert.equal(await iframe.count(), 0, 'no iframe before the first click');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.ok(await panel.isHidden());

  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  assert.ok(await panel.isVisible());
  assert.equal(await iframe.getAttribute('src'), WIDGET);
  const frame = await step(page, 'wordpress-floating-hydrates', () => hydratedFrame(iframe, WIDGET));
  await frame.getByRole('heading', { name: 'Talk to us' }).waitFor({ state: 'visible', timeout: 5_000 });
  await shot(page, 'wordpress-floating-open');

  // Escape with focus on the page closes the panel.
  await button.focus();
  await page.keyboard.press('Escape');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.ok(await panel.isHidden());
  assert.equal(await iframe.count(), 1, 'closing keeps the iframe, so a call in progress would go on');

  // Escape with focus inside the (cross-origin) widget closes it too: the
  // widget tells the page, and focus comes back to the button.
  await button.click();
  assert.ok(await panel.isVisible());
  await frame.locator('#service-support').focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('talk-agent-panel').hidden, null, { timeout: 5_000 });
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('talk-agent-button')));
  noPageErrors(page);
});
