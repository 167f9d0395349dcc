<?php
/**
 * The option and its sanitize callback.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Settings tests.
 */
class SettingsTest extends Talk_Agent_Test_Case {

	/**
	 * Codes of the current settings errors.
	 *
	 * @return string[]
	 */
	private function error_codes() {
		return array_column( get_settings_errors( TALK_AGENT_OPTION ), 'code' );
	}

	/**
	 * Saves a valid baseline.
	 */
	private function baseline() {
		update_option(
			TALK_AGENT_OPTION,
			array(
				'ui_url'   => 'https://voice.example.org',
				'service'  => 'support',
				'floating' => true,
				'label'    => 'Ask us',
				'position' => 'bottom-left',
			)
		);
		$GLOBALS['wp_settings_errors'] = array();
	}

	public function test_registered_with_the_settings_api() {
		$registered = get_registered_settings();
		$this->assertArrayHasKey( TALK_AGENT_OPTION, $registered );
		$this->assertSame( 'talk_agent', $registered[ TALK_AGENT_OPTION ]['group'] );
		$this->assertSame( 'talk_agent_sanitize_settings', $registered[ TALK_AGENT_OPTION ]['sanitize_callback'] );
	}

	public function test_defaults() {
		$this->assertSame(
			array(
				'ui_url'   => 'http://127.0.0.1:3000',
				'service'  => 'restaurant',
				'floating' => false,
				'label'    => 'Talk to us',
				'position' => 'bottom-right',
			),
			talk_agent_get_settings()
		);
	}

	public function test_valid_values_are_stored_normalised() {
		update_option(
			TALK_AGENT_OPTION,
			array(
				'ui_url'   => 'https://voice.example.org:8443/talk/',
				'service'  => 'Appointment',
				'floating' => '1',
				'label'    => '  <b>Call</b> us  ',
				'position' => 'bottom-left',
			)
		);
		$this->assertSame( array(), $this->error_codes() );
		$this->assertSame(
			array(
				'ui_url'   => 'https://voice.example.org:8443/talk',
				'service'  => 'appointment',
				'floating' => true,
				'label'    => 'Call us',
				'position' => 'bottom-left',
			),
			$this->stored()
		);
	}

	/**
	 * URLs the settings refuse.
	 *
	 * @return array
	 */
	public function bad_urls() {
		return array(
			'javascript'       => array( 'javascript:alert(1)' ),
			'javascript upper' => array( 'JAVASCRIPT:alert(1)' ),
			'data'             => array( 'data:text/html;base64,PHNjcmlwdD4=' ),
			'ftp'              => array( 'ftp://voice.example.org' ),
			'no scheme'        => array( 'voice.example.org' ),
			'protocol-relative' => array( '//voice.example.org' ),
			'no host'          => array( 'https://' ),
			'query'            => array( 'https://voice.example.org/?a=1' ),
			'fragment'         => array( 'https://voice.example.org/#x' ),
			'credentials'      => array( 'https://user:pw@voice.example.org' ),
			'quote'            => array( 'https://voice.example.org/"onload="alert(1)' ),
			'space'            => array( 'https://voice.example.org/a b' ),
			'empty'            => array( '' ),
			'array'            => array( array( 'https://voice.example.org' ) ),
			'too long'         => array( 'https://voice.example.org/' . str_repeat( 'a', 2000 ) ),
		);
	}

	/**
	 * @dataProvider bad_urls
	 *
	 * @param mixed $url Submitted URL.
	 */
	public function test_bad_url_is_refused_and_the_previous_value_kept( $url ) {
		$this->baseline();
		update_option(
			TALK_AGENT_OPTION,
			array(
				'ui_url'  => $url,
				'service' => 'restaurant',
			)
		);
		$this->assertSame( array( 'talk_agent_ui_url' ), $this->error_codes() );
		$stored = $this->stored();
		$this->assertSame( 'https://voice.example.org', $stored['ui_url'] );
		$this->assertSame( 'restaurant', $stored['service'], 'the other fields are still saved' );
	}

	public function test_unknown_service_is_refused() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, array( 'service' => 'pizza' ) );
		$this->assertSame( array( 'talk_agent_service' ), $this->error_codes() );
		$this->assertSame( 'support', $this->stored()['service'] );
	}

	public function test_unknown_position_is_refused() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, array( 'position' => 'top-left' ) );
		$this->assertSame( array( 'talk_agent_position' ), $this->error_codes() );
		$this->assertSame( 'bottom-left', $this->stored()['position'] );
	}

	public function test_label_length() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, array( 'label' => str_repeat( 'a', 40 ) ) );
		$this->assertSame( array(), $this->error_codes() );
		$this->assertSame( str_repeat( 'a', 40 ), $this->stored()['label'] );

		update_option( TALK_AGENT_OPTION, array( 'label' => str_repeat( 'é', 40 ) ) );
		$this->assertSame( array(), $this->error_codes(), '40 characters, 80 bytes' );
		$this->assertSame( str_repeat( 'é', 40 ), $this->stored()['label'] );

		update_option( TALK_AGENT_OPTION, array( 'label' => str_repeat( 'b', 41 ) ) );
		$this->assertSame( array( 'talk_agent_label' ), $this->error_codes() );
		$this->assertSame( str_repeat( 'é', 40 ), $this->stored()['label'] );
	}

	public function test_empty_label_is_refused() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, array( 'label' => '  <i></i> ' ) );
		$this->assertSame( array( 'talk_agent_label' ), $this->error_codes() );
		$this->assertSame( 'Ask us', $this->stored()['label'] );
	}

	public function test_floating_is_a_boolean() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, array( 'floating' => '0' ) );
		$this->assertFalse( $this->stored()['floating'] );
		update_option( TALK_AGENT_OPTION, array( 'floating' => 'on' ) );
		$this->assertTrue( $this->stored()['floating'] );
	}

	public function test_missing_fields_keep_their_value() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, array( 'label' => 'New' ) );
		$stored = $this->stored();
		$this->assertSame( 'New', $stored['label'] );
		$this->assertSame( 'https://voice.example.org', $stored['ui_url'] );
		$this->assertTrue( $stored['floating'] );
	}

	public function test_non_array_is_refused() {
		$this->baseline();
		update_option( TALK_AGENT_OPTION, 'javascript:alert(1)' );
		$this->assertSame( array( 'talk_agent_invalid' ), $this->error_codes() );
		$this->assertSame( 'https://voice.example.org', $this->stored()['ui_url'] );
	}

	public function test_first_save_reports_each_error_once() {
		// update_option() on a missing option runs the sanitize callback twice (update, then add).
		update_option(
			TALK_AGENT_OPTION,
			array(
				'ui_url'  => 'javascript:alert(1)',
				'service' => 'pizza',
				'label'   => 'Hello',
			)
		);
		$this->assertSame( array( 'talk_agent_ui_url', 'talk_agent_service' ), $this->error_codes() );
		$this->assertSame( 'http://127.0.0.1:3000', $this->stored()['ui_url'] );
		$this->assertSame( 'Hello', $this->stored()['label'] );
	}

	public function test_all_refused_on_a_missing_option_leaves_the_defaults() {
		update_option( TALK_AGENT_OPTION, array( 'ui_url' => 'javascript:alert(1)' ) );
		$this->assertSame( array( 'talk_agent_ui_url' ), $this->error_codes() );
		$this->assertSame( talk_agent_defaults(), talk_agent_get_settings() );
	}

	public function test_corrupt_stored_values_fall_back_to_defaults() {
		$this->store_raw(
			array(
				'ui_url'   => 'javascript:alert(1)',
				'service'  => 'pizza',
				'label'    => str_repeat( 'x', 100 ),
				'position' => 'middle',
			)
		);
		$this->assertSame( talk_agent_defaults(), talk_agent_get_settings() );
		$this->store_raw( 'not an array' );
		$this->assertSame( talk_agent_defaults(), talk_agent_get_settings() );
	}

	public function test_widget_url() {
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=restaurant', talk_agent_widget_url() );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=support', talk_agent_widget_url( 'support' ) );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=restaurant', talk_agent_widget_url( 'bad' ) );
	}
}
