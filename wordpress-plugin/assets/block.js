/**
 * Editor script of the server-rendered talk-agent/embed block: a preview rendered by PHP and three settings.
 * Plain JavaScript on the wp.* globals, no build step. The front end never loads it (save returns null).
 */
(function (wp) {
	'use strict';

	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var InspectorControls = wp.blockEditor.InspectorControls;
	var useBlockProps = wp.blockEditor.useBlockProps;
	var PanelBody = wp.components.PanelBody;
	var SelectControl = wp.components.SelectControl;
	var RangeControl = wp.components.RangeControl;
	var TextControl = wp.components.TextControl;
	var ServerSideRender = wp.serverSideRender;

	var NAME = 'talk-agent/embed';
	var HEIGHT_DEFAULT = 640;

	function edit(props) {
		var attributes = props.attributes;
		var setAttributes = props.setAttributes;

		var controls = el(
			InspectorControls,
			null,
			el(
				PanelBody,
				{ title: __('Widget', 'talk-agent') },
				el(SelectControl, {
					label: __('Service', 'talk-agent'),
					value: attributes.service,
					options: [
						{ value: '', label: __('Use the setting', 'talk-agent') },
						{ value: 'restaurant', label: __('Restaurant', 'talk-agent') },
						{ value: 'appointment', label: __('Appointment', 'talk-agent') },
						{ value: 'support', label: __('Support', 'talk-agent') }
					],
					onChange: function (value) { setAttributes({ service: value }); }
				}),
				el(RangeControl, {
					label: __('Height (px)', 'talk-agent'),
					value: attributes.height,
					min: 400,
					max: 1000,
					onChange: function (value) {
						setAttributes({ height: typeof value === 'number' ? value : HEIGHT_DEFAULT });
					}
				}),
				el(TextControl, {
					label: __('Width', 'talk-agent'),
					help: __('Pixels (200 to 1200) or a percentage, e.g. 380 or 50%. Empty: full width up to 420px.', 'talk-agent'),
					value: attributes.width,
					onChange: function (value) { setAttributes({ width: value }); }
				})
			)
		);

		// pointer-events: none, so a click on the preview selects the block instead of going into the iframe.
		var preview = el(
			'div',
			{ style: { pointerEvents: 'none' } },
			el(ServerSideRender, { block: NAME, attributes: attributes })
		);

		return el('div', useBlockProps(), controls, preview);
	}

	wp.blocks.registerBlockType(NAME, {
		apiVersion: 2,
		title: __('Talk Agent', 'talk-agent'),
		description: __('The voice and text agent widget, in an iframe.', 'talk-agent'),
		category: 'embed',
		icon: 'microphone',
		supports: { html: false },
		// Keep in step with includes/embed.php (tests/js/block.test.js compares them).
		attributes: {
			service: { type: 'string', default: '' },
			height: { type: 'integer', default: HEIGHT_DEFAULT },
			width: { type: 'string', default: '' }
		},
		edit: edit,
		save: function () { return null; }
	});
}(window.wp));
