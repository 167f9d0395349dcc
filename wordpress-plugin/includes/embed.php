<?php
/**
 * The [talk_agent] shortcode and the talk-agent/embed block: an iframe of the voice UI's widget.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

const TALK_AGENT_HEIGHT_DEFAULT = 640;
const TALK_AGENT_HEIGHT_MIN     = 400;
const TALK_AGENT_HEIGHT_MAX     = 1000;

add_action( 'init', 'talk_agent_register_embed' );

/**
 * Registers the shortcode, the block's editor script and the server-rendered block.
 */
function talk_agent_register_embed() {
	add_shortcode( 'talk_agent', 'talk_agent_shortcode' );
	talk_agent_register_block_script();

	register_block_type(
		'talk-agent/embed',
		array(
			'api_version'     => 2,
			'title'           => __( 'Talk Agent', 'talk-agent' ),
			'description'     => __( 'The voice and text agent widget, in an iframe.', 'talk-agent' ),
			'category'        => 'embed',
			'icon'            => 'microphone',
			'supports'        => array( 'html' => false ),
			'editor_script'   => 'talk-agent-block',
			// Keep in step with assets/block.js (tests/js/block.test.js compares them).
			'attributes'      => array(
				'service' => array(
					'type'    => 'string',
					'default' => '',
				),
				'height'  => array(
					'type'    => 'integer',
					'default' => TALK_AGENT_HEIGHT_DEFAULT,
				),
				'width'   => array(
					'type'    => 'string',
					'default' => '',
				),
			),
			'render_callback' => 'talk_agent_render_block',
		)
	);
}

/**
 * Registers the block's editor script (plain JavaScript on the wp.* globals, no build step).
 */
function talk_agent_register_block_script() {
	wp_register_script(
		'talk-agent-block',
		plugins_url( 'assets/block.js', TALK_AGENT_FILE ),
		array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-server-side-render', 'wp-i18n' ),
		TALK_AGENT_VERSION,
		true
	);
	wp_set_script_translations( 'talk-agent-block', 'talk-agent' );
}

/**
 * Shortcode callback.
 *
 * @param array|string $atts Shortcode attributes (an empty string when there are none).
 * @return string
 */
function talk_agent_shortcode( $atts ) {
	$atts = shortcode_atts(
		array(
			'service' => '',
			'height'  => '',
			'width'   => '',
		),
		is_array( $atts ) ? $atts : array(),
		'talk_agent'
	);
	return talk_agent_render_embed( $atts );
}

/**
 * Block render callback.
 *
 * @param array $attributes Block attributes.
 * @return string
 */
function talk_agent_render_block( $attributes ) {
	return talk_agent_render_embed( is_array( $attributes ) ? $attributes : array() );
}

/**
 * Height in pixels: a number (optionally "px") clamped to 400..1000; anything else gives 640.
 *
 * @param mixed $raw Attribute value.
 * @return int
 */
function talk_agent_embed_height( $raw ) {
	if ( is_int( $raw ) ) {
		$raw = (string) $raw;
	}
	if ( ! is_string( $raw ) || ! preg_match( '/^\s*(\d{1,6})\s*(px)?\s*$/i', $raw, $m ) ) {
		return TALK_AGENT_HEIGHT_DEFAULT;
	}
	return max( TALK_AGENT_HEIGHT_MIN, min( TALK_AGENT_HEIGHT_MAX, (int) $m[1] ) );
}

/**
 * Wrapper CSS width: "N" or "Npx" (200..1200) or "N%" (10..100); anything else gives 100% up to 420px.
 *
 * @param mixed $raw Attribute value.
 * @return string CSS declarations built only from digits and fixed text.
 */
function talk_agent_embed_width( $raw ) {
	if ( is_int( $raw ) ) {
		$raw = (string) $raw;
	}
	if ( is_string( $raw ) && preg_match( '/^\s*(\d{1,5})\s*(px|%)?\s*$/i', $raw, $m ) ) {
		$n = (int) $m[1];
		if ( isset( $m[2] ) && '%' === $m[2] ) {
			return 'width:' . max( 10, min( 100, $n ) ) . '%';
		}
		return 'width:' . max( 200, min( 1200, $n ) ) . 'px;max-width:100%';
	}
	return 'width:100%;max-width:420px';
}

/**
 * The embed markup. Every value is validated first (bad ones fall back to the settings or defaults), then escaped.
 *
 * @param array $atts Keys service, height, width (all optional, untrusted).
 * @return string
 */
function talk_agent_render_embed( $atts ) {
	static $count = 0;
	++$count;

	$settings = talk_agent_get_settings();
	$service  = talk_agent_validate_service( $atts['service'] ?? null ) ?? $settings['service'];
	$height   = talk_agent_embed_height( $atts['height'] ?? null );
	$width    = talk_agent_embed_width( $atts['width'] ?? null );

	return sprintf(
		'<div id="%1$s" class="talk-agent-embed" style="%2$s"><iframe src="%3$s" title="%4$s" allow="microphone; autoplay" loading="lazy" width="100%%" height="%5$d" style="display:block;width:100%%;height:%5$dpx;border:0"></iframe></div>',
		esc_attr( 'talk-agent-embed-' . $count ),
		esc_attr( $width ),
		esc_url( talk_agent_widget_url( $service ) ),
		esc_attr( $settings['label'] ),
		absint( $height )
	);
}
