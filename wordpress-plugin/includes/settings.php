<?php
/**
 * The plugin's one option, its defaults and its validation.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

const TALK_AGENT_OPTION = 'talk_agent_settings';

const TALK_AGENT_LABEL_MAX = 40;

/**
 * Default settings.
 *
 * @return array{ui_url: string, service: string, floating: bool, label: string, position: string}
 */
function talk_agent_defaults() {
	return array(
		'ui_url'   => 'http://127.0.0.1:3000',
		'service'  => 'restaurant',
		'floating' => false,
		'label'    => 'Talk to us',
		'position' => 'bottom-right',
	);
}

/**
 * Services the voice UI's widget knows.
 *
 * @return string[]
 */
function talk_agent_services() {
	return array( 'restaurant', 'appointment', 'support' );
}

/**
 * Corners the floating button can sit in.
 *
 * @return string[]
 */
function talk_agent_positions() {
	return array( 'bottom-right', 'bottom-left' );
}

/**
 * Validates a voice UI base URL.
 *
 * @param mixed $raw Candidate URL.
 * @return string|null The URL without trailing slash, or null when it is not an absolute http(s) URL
 *                     with a host and without credentials, query or fragment.
 */
function talk_agent_validate_ui_url( $raw ) {
	if ( ! is_string( $raw ) ) {
		return null;
	}
	$raw = trim( $raw );
	if ( '' === $raw || strlen( $raw ) > 2000 || preg_match( '/[\s"\'<>\\\\`]/', $raw ) ) {
		return null;
	}
	$url = esc_url_raw( $raw, array( 'http', 'https' ) );
	if ( '' === $url || $url !== $raw ) {
		return null;
	}
	$parts = wp_parse_url( $url );
	if ( ! is_array( $parts ) || empty( $parts['host'] ) || empty( $parts['scheme'] ) ) {
		return null;
	}
	if ( ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true ) ) {
		return null;
	}
	if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
		return null;
	}
	return untrailingslashit( $url );
}

/**
 * Validates a service name.
 *
 * @param mixed $raw Candidate service.
 * @return string|null
 */
function talk_agent_validate_service( $raw ) {
	if ( ! is_string( $raw ) ) {
		return null;
	}
	$service = strtolower( trim( $raw ) );
	return in_array( $service, talk_agent_services(), true ) ? $service : null;
}

/**
 * Validates a floating-button position.
 *
 * @param mixed $raw Candidate position.
 * @return string|null
 */
function talk_agent_validate_position( $raw ) {
	if ( ! is_string( $raw ) ) {
		return null;
	}
	$position = strtolower( trim( $raw ) );
	return in_array( $position, talk_agent_positions(), true ) ? $position : null;
}

/**
 * Validates a button label: plain text, 1 to 40 characters.
 *
 * @param mixed $raw Candidate label.
 * @return string|null
 */
function talk_agent_validate_label( $raw ) {
	if ( ! is_string( $raw ) ) {
		return null;
	}
	$label  = sanitize_text_field( $raw );
	$length = function_exists( 'mb_strlen' ) ? mb_strlen( $label, 'UTF-8' ) : strlen( $label );
	if ( 0 === $length || $length > TALK_AGENT_LABEL_MAX ) {
		return null;
	}
	return $label;
}

/**
 * The current settings, every field valid (a bad stored value falls back to its default).
 *
 * @return array{ui_url: string, service: string, floating: bool, label: string, position: string}
 */
function talk_agent_get_settings() {
	$defaults = talk_agent_defaults();
	$stored   = get_option( TALK_AGENT_OPTION, array() );
	if ( ! is_array( $stored ) ) {
		$stored = array();
	}
	return array(
		'ui_url'   => talk_agent_validate_ui_url( $stored['ui_url'] ?? null ) ?? $defaults['ui_url'],
		'service'  => talk_agent_validate_service( $stored['service'] ?? null ) ?? $defaults['service'],
		'floating' => isset( $stored['floating'] ) ? (bool) rest_sanitize_boolean( $stored['floating'] ) : $defaults['floating'],
		'label'    => talk_agent_validate_label( $stored['label'] ?? null ) ?? $defaults['label'],
		'position' => talk_agent_validate_position( $stored['position'] ?? null ) ?? $defaults['position'],
	);
}

/**
 * The widget URL for a service.
 *
 * @param string|null $service A valid service, or null for the configured one.
 * @return string Raw URL (escape it where it is printed).
 */
function talk_agent_widget_url( $service = null ) {
	$settings = talk_agent_get_settings();
	$service  = talk_agent_validate_service( $service ) ?? $settings['service'];
	return $settings['ui_url'] . '/widget?service=' . rawurlencode( $service );
}

add_action( 'init', 'talk_agent_register_setting' );

/**
 * Registers the option with the Settings API, so every update_option() goes through the sanitize callback.
 */
function talk_agent_register_setting() {
	register_setting(
		'talk_agent',
		TALK_AGENT_OPTION,
		array(
			'type'              => 'array',
			'description'       => __( 'Talk Agent settings', 'talk-agent' ),
			'sanitize_callback' => 'talk_agent_sanitize_settings',
			'show_in_rest'      => false,
			'default'           => talk_agent_defaults(),
		)
	);
}

/**
 * Sanitize callback: a field with a bad value keeps its previous value and adds a settings error.
 *
 * @param mixed $input Submitted settings.
 * @return array The settings to store.
 */
function talk_agent_sanitize_settings( $input ) {
	$previous = talk_agent_get_settings();
	if ( ! is_array( $input ) ) {
		talk_agent_settings_error( 'talk_agent_invalid', __( 'The settings were not saved: invalid data.', 'talk-agent' ) );
		return $previous;
	}

	$output = $previous;

	if ( array_key_exists( 'ui_url', $input ) ) {
		$url = talk_agent_validate_ui_url( $input['ui_url'] );
		if ( null === $url ) {
			talk_agent_settings_error( 'talk_agent_ui_url', __( 'Voice UI URL: enter an absolute http:// or https:// address without query string, for example https://voice.example.org. The previous value was kept.', 'talk-agent' ) );
		} else {
			$output['ui_url'] = $url;
		}
	}

	if ( array_key_exists( 'service', $input ) ) {
		$service = talk_agent_validate_service( $input['service'] );
		if ( null === $service ) {
			talk_agent_settings_error( 'talk_agent_service', __( 'Service: choose restaurant, appointment or support. The previous value was kept.', 'talk-agent' ) );
		} else {
			$output['service'] = $service;
		}
	}

	if ( array_key_exists( 'floating', $input ) ) {
		$output['floating'] = (bool) rest_sanitize_boolean( $input['floating'] );
	}

	if ( array_key_exists( 'label', $input ) ) {
		$label = talk_agent_validate_label( $input['label'] );
		if ( null === $label ) {
			talk_agent_settings_error(
				'talk_agent_label',
				/* translators: %d: maximum number of characters. */
				sprintf( __( 'Button text: enter 1 to %d characters of plain text. The previous value was kept.', 'talk-agent' ), TALK_AGENT_LABEL_MAX )
			);
		} else {
			$output['label'] = $label;
		}
	}

	if ( array_key_exists( 'position', $input ) ) {
		$position = talk_agent_validate_position( $input['position'] );
		if ( null === $position ) {
			talk_agent_settings_error( 'talk_agent_position', __( 'Position: choose bottom right or bottom left. The previous value was kept.', 'talk-agent' ) );
		} else {
			$output['position'] = $position;
		}
	}

	return $output;
}

/**
 * Adds a settings error once (update_option() may run the sanitize callback twice when the option is new).
 *
 * @param string $code    Error code.
 * @param string $message Message shown to the admin.
 */
function talk_agent_settings_error( $code, $message ) {
	if ( ! function_exists( 'add_settings_error' ) ) {
		return; // Front end: add_settings_error() lives in wp-admin; nothing would show the error anyway.
	}
	foreach ( get_settings_errors( TALK_AGENT_OPTION ) as $error ) {
		if ( $error['code'] === $code ) {
			return;
		}
	}
	add_settings_error( TALK_AGENT_OPTION, $code, $message, 'error' );
}
