// The floating button script against a minimal fake DOM (no browser needed): node --test tests/js/floating.test.js
'use strict';

const assert = require('node:assert/strict');
const test = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const SOURCE = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'talk-agent.js'), 'utf8');

class FakeElement {
  constructor(doc, tag, attrs = {}) {
    this.ownerDocument = doc;
    this.tagName = tag.toUpperCase();
    this.attrs = { ...attrs };
    this.children = [];
    this.listeners = {};
    const classes = () => (this.attrs.class || '').split(/\s+/).filter(Boolean);
    this.classList = {
      add: (c) => { this.attrs.class = [...new Set([...classes(), c])].join(' '); },
      remove: (c) => { this.attrs.class = classes().filter((x) => x !== c).join(' '); },
      contains: (c) => classes().includes(c),
    };
  }
  getAttribute(name) { return Object.prototype.hasOwnProperty.call(this.attrs, name) ? this.attrs[name] : null; }
  setAttribute(name, value) { this.attrs[name] = String(value); }
  hasAttribute(name) { return Object.prototype.hasOwnProperty.call(this.attrs, name); }
  get hidden() { return this.hasAttribute('hidden'); }
  set hidden(value) { if (value) { this.attrs.hidden = ''; } else { delete this.attrs.hidden; } }
  appendChild(child) { this.children.push(child); child.parentNode = this; return child; }
  *descendants() { for (const c of this.children) { yield c; yield* c.descendants(); } }
  querySelector(selector) {
    for (const el of this.descendants()) {
      if (selector.startsWith('.') ? el.classList.contains(selector.slice(1)) : el.tagName === selector.toUpperCase()) {
        return el;
      }
    }
    return null;
  }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  dispatch(type, event = {}) { for (const fn of this.listeners[type] || []) { fn({ type, ...event }); } }
  focus() { this.ownerDocument.activeElement = this; }
  click() { this.dispatch('click'); }
}

function page({ src = 'https://voice.example.org/widget?service=support', readyState = 'complete' } = {}) {
  const doc = {
    readyState,
    activeElement: null,
    listeners: {},
    addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); },
    dispatch(type, event = {}) { for (const fn of this.listeners[type] || []) { fn({ type, ...event }); } },
    createElement(tag) { return new FakeElement(doc, tag); },
    getElementById(id) {
      for (const el of [doc.body, ...doc.body.descendants()]) { if (el.getAttribute('id') === id) { return el; } }
      return null;
    },
  };
  doc.body = new FakeElement(doc, 'body');
  const root = doc.body.appendChild(new FakeElement(doc, 'div', {
    id: 'talk-agent-floating', class: 'talk-agent-floating talk-agent-pos-bottom-right', 'data-src': src, 'data-title': 'Talk to us',
  }));
  const button = root.appendChild(new FakeElement(doc, 'button', {
    type: 'button', class: 'talk-agent-button', 'aria-expanded': 'false', 'aria-controls': 'talk-agent-panel',
  }));
  const panel = root.appendChild(new FakeElement(doc, 'div', { id: 'talk-agent-panel', class: 'talk-agent-panel', hidden: '' }));
  const win = {
    listeners: {},
    addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); },
    dispatch(type, event = {}) { for (const fn of this.listeners[type] || []) { fn({ type, ...event }); } },
  };
  const run = () => vm.runInNewContext(SOURCE, { document: doc, window: win });
  run();
  return { doc, win, root, button, panel, run, frames: () => panel.children.filter((c) => c.tagName === 'IFRAME') };
}

const tests = {
  'no iframe until the first click'() {
    const p = page();
    assert.equal(p.frames().length, 0);
    assert.equal(p.button.getAttribute('aria-expanded'), 'false');
    assert.equal(p.panel.hidden, true);
  },
  'click opens the panel and creates the iframe'() {
    const p = page();
    p.button.click();
    assert.equal(p.button.getAttribute('aria-expanded'), 'true');
    assert.equal(p.panel.hidden, false);
    assert.equal(p.root.classList.contains('is-open'), true);
    const [frame] = p.frames();
    assert.equal(frame.getAttribute('src'), 'https://voice.example.org/widget?service=support');
    assert.equal(frame.getAttribute('title'), 'Talk to us');
    assert.equal(frame.getAttribute('allow'), 'microphone; autoplay');
  },
  'second click closes, the iframe stays (a call goes on), reopening reuses it'() {
    const p = page();
    p.button.click();
    p.button.click();
    assert.equal(p.button.getAttribute('aria-expanded'), 'false');
    assert.equal(p.panel.hidden, true);
    assert.equal(p.frames().length, 1);
    p.button.click();
    assert.equal(p.panel.hidden, false);
    assert.equal(p.frames().length, 1);
  },
  'Escape closes and puts focus back on the button'() {
    const p = page();
    p.button.click();
    p.doc.activeElement = null;
    p.doc.dispatch('keydown', { key: 'Escape' });
    assert.equal(p.button.getAttribute('aria-expanded'), 'false');
    assert.equal(p.panel.hidden, true);
    assert.equal(p.doc.activeElement, p.button);
  },
  'Escape inside the widget (its message from our iframe) closes too'() {
    const p = page();
    p.button.click();
    const [frame] = p.frames();
    frame.contentWindow = { name: 'the widget' };
    p.doc.activeElement = frame;
    p.win.dispatch('message', { data: 'talk-agent:escape', source: frame.contentWindow });
    assert.equal(p.panel.hidden, true);
    assert.equal(p.doc.activeElement, p.button);
  },
  'messages from elsewhere, or other messages, are ignored'() {
    const p = page();
    p.button.click();
    const [frame] = p.frames();
    frame.contentWindow = { name: 'the widget' };
    p.win.dispatch('message', { data: 'talk-agent:escape', source: { name: 'another frame' } });
    p.win.dispatch('message', { data: 'something else', source: frame.contentWindow });
    p.win.dispatch('message', { data: { type: 'talk-agent:escape' }, source: frame.contentWindow });
    assert.equal(p.panel.hidden, false);
  },
  'Escape while closed and other keys do nothing'() {
    const p = page();
    p.doc.dispatch('keydown', { key: 'Escape' });
    assert.equal(p.doc.activeElement, null);
    p.button.click();
    p.doc.dispatch('keydown', { key: 'Enter' });
    assert.equal(p.panel.hidden, false);
  },
  'waits for DOMContentLoaded while the document is loading'() {
    const p = page({ readyState: 'loading' });
    p.button.click();
    assert.equal(p.frames().length, 0);
    p.doc.dispatch('DOMContentLoaded');
    p.button.click();
    assert.equal(p.frames().length, 1);
  },
  'loaded twice, binds once'() {
    const p = page();
    p.run();
    p.button.click();
    assert.equal(p.button.getAttribute('aria-expanded'), 'true');
  },
  'refuses a non-http widget URL'() {
    const p = page({ src: 'javascript:alert(1)' });
    p.button.click();
    assert.equal(p.frames().length, 0);
    assert.equal(p.panel.hidden, true);
  },
};

for (const [name, fn] of Object.entries(tests)) test(name, fn);
