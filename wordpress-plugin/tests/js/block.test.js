// The block's editor script against small fakes of the wp.* globals (no editor needed): node --test tests/js/block.test.js
'use strict';

const assert = require('node:assert/strict');
const test = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const ROOT = path.join(__dirname, '..', '..');
const SOURCE = fs.readFileSync(path.join(ROOT, 'assets', 'block.js'), 'utf8');
const PHP = fs.readFileSync(path.join(ROOT, 'includes', 'embed.php'), 'utf8');

// The attributes as includes/embed.php registers them (also checked against WordPress by PHPUnit).
const ATTRIBUTES = {
  service: { type: 'string', default: '' },
  height: { type: 'integer', default: 640 },
  width: { type: 'string', default: '' },
};

// Loads block.js with fake globals; returns what it registered. Elements are plain { type, props, children }.
function load() {
  const registered = [];
  const component = (name) => Object.assign(() => null, { displayName: name });
  const wp = {
    blocks: { registerBlockType: (name, settings) => registered.push({ name, settings }) },
    element: { createElement: (type, props, ...children) => ({ type, props: props || {}, children }) },
    blockEditor: {
      InspectorControls: component('InspectorControls'),
      useBlockProps: (extra) => ({ className: 'wp-block-talk-agent-embed', ...extra }),
    },
    components: {
      PanelBody: component('PanelBody'),
      SelectControl: component('SelectControl'),
      RangeControl: component('RangeControl'),
      TextControl: component('TextControl'),
    },
    serverSideRender: component('ServerSideRender'),
    i18n: { __: (text) => text },
  };
  vm.runInNewContext(SOURCE, { window: { wp } });
  return { wp, registered };
}

// Objects made inside the vm context have another Object.prototype; deepStrictEqual wants plain local ones.
const plain = (value) => JSON.parse(JSON.stringify(value));

function* walk(node) {
  if (node && typeof node === 'object') {
    yield node;
    for (const child of node.children || []) { yield* walk(child); }
  }
}

function find(tree, type) {
  return [...walk(tree)].filter((n) => n.type === type);
}

function render(attributes = { service: 'support', height: 500, width: '50%' }) {
  const { wp, registered } = load();
  const changes = [];
  const tree = registered[0].settings.edit({ attributes, setAttributes: (a) => changes.push(a), isSelected: true });
  return { wp, tree, changes, attributes };
}

const tests = {
  'registers talk-agent/embed once'() {
    const { registered } = load();
    assert.equal(registered.length, 1);
    assert.equal(registered[0].name, 'talk-agent/embed');
    assert.equal(registered[0].settings.category, 'embed');
    assert.equal(registered[0].settings.icon, 'microphone');
  },
  'attributes match includes/embed.php'() {
    const { registered } = load();
    assert.deepEqual(plain(registered[0].settings.attributes), ATTRIBUTES);
    const block = PHP.match(/'attributes'\s*=>\s*array\(([\s\S]*?)\n\t\t\t\),\n/);
    assert.ok(block, 'attributes array found in embed.php');
    const fromPhp = {};
    for (const m of block[1].matchAll(/'(\w+)'\s*=>\s*array\(\s*'type'\s*=>\s*'(\w+)',\s*'default'\s*=>\s*([^,\s]+),/g)) {
      fromPhp[m[1]] = { type: m[2], default: m[3] === 'TALK_AGENT_HEIGHT_DEFAULT' ? 640 : m[3].replace(/^'|'$/g, '') };
    }
    assert.deepEqual(fromPhp, ATTRIBUTES);
    assert.match(PHP, /const TALK_AGENT_HEIGHT_DEFAULT\s*=\s*640;/);
  },
  'save returns null (server-rendered)'() {
    const { registered } = load();
    assert.equal(registered[0].settings.save({ attributes: ATTRIBUTES }), null);
  },
  'edit renders ServerSideRender with the block name and attributes'() {
    const { wp, tree, attributes } = render();
    assert.equal(tree.props.className, 'wp-block-talk-agent-embed', 'wrapper uses useBlockProps()');
    const previews = find(tree, wp.serverSideRender);
    assert.equal(previews.length, 1);
    assert.equal(previews[0].props.block, 'talk-agent/embed');
    assert.equal(previews[0].props.attributes, attributes);
  },
  'inspector controls: service, height 400-1000, width'() {
    const { wp, tree } = render();
    const inspector = find(tree, wp.blockEditor.InspectorControls);
    assert.equal(inspector.length, 1);
    const [select] = find(inspector[0], wp.components.SelectControl);
    assert.deepEqual(plain(select.props.options.map((o) => o.value)), ['', 'restaurant', 'appointment', 'support']);
    assert.equal(select.props.value, 'support');
    const [range] = find(inspector[0], wp.components.RangeControl);
    assert.equal(range.props.min, 400);
    assert.equal(range.props.max, 1000);
    assert.equal(range.props.value, 500);
    const [text] = find(inspector[0], wp.components.TextControl);
    assert.equal(text.props.value, '50%');
  },
  'controls set the attributes'() {
    const { wp, tree, changes } = render();
    find(tree, wp.components.SelectControl)[0].props.onChange('appointment');
    find(tree, wp.components.RangeControl)[0].props.onChange(720);
    find(tree, wp.components.RangeControl)[0].props.onChange(undefined);
    find(tree, wp.components.TextControl)[0].props.onChange('380');
    assert.deepEqual(plain(changes), [{ service: 'appointment' }, { height: 720 }, { height: 640 }, { width: '380' }]);
  },
};

for (const [name, fn] of Object.entries(tests)) test(name, fn);
