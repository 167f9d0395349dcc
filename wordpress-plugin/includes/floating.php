<?php
/**
 * The floating "Talk to us" button on every front-end page (when enabled).
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_enqueue_scripts', 'talk_agent_enqueue_floating' );
add_action( 'wp_footer', 'talk_agent_print_floating' );

/**
 * Whether this front-end request shows the floating button.
 *
 * @return bool
 */
function talk_agent_floating_enabled() {
	if ( is_admin() || is_feed() || is_embed() ) {
		return false;
	}
	$settings = talk_agent_get_settings();
	return (bool) $settings['floating'];
}

/**
 * Enqueues the button's style and script (no dependencies, script in the footer).
 */
function talk_agent_enqueue_floating() {
	if ( ! talk_agent_floating_enabled() ) {
		return;
	}
	wp_enqueue_style( 'talk-agent', plugins_url( 'assets/talk-agent.css', TALK_AGENT_FILE ), array(), TALK_AGENT_VERSION );
	wp_enqueue_script( 'talk-agent', plugins_url( 'assets/talk-agent.js', TALK_AGENT_FILE ), array(), TALK_AGENT_VERSION, true );
}

/**
 * Prints the button and its empty panel; the script creates the iframe on the first open.
 */
function talk_agent_print_floating() {
	if ( ! talk_agent_floating_enabled() ) {
		return;
	}
	echo talk_agent_floating_markup(); // phpcs:ignore WordPress.Security.EscapeOutput -- every value is escaped in talk_agent_floating_markup().
}

/**
 * The floating button markup.
 *
 * @return string
 */
function talk_agent_floating_markup() {
	$settings = talk_agent_get_settings();
	$position = 'bottom-left' === $settings['position'] ? 'bottom-left' : 'bottom-right';

	return sprintf(
		'<div id="talk-agent-floating" class="talk-agent-floating talk-agent-pos-%1$s" data-src="%2$s" data-title="%3$s">'
		. '<button type="button" class="talk-agent-button" aria-expanded="false" aria-controls="talk-agent-panel">'
		. '<svg class="talk-agent-icon" aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24"><path fill="currentColor" d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z"/></svg>'
		. '<span class="talk-agent-button-label">%4$s</span></button>'
		. '<div id="talk-agent-panel" class="talk-agent-panel" role="region" aria-label="%3$s" hidden></div>'
		. '</div>',
		esc_attr( $position ),
		esc_url( talk_agent_widget_url() ),
		esc_attr( $settings['label'] ),
		esc_html( $settings['label'] )
	);
}
