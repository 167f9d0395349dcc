<?php
/**
 * Settings page, save handler (capability, nonce), Plugins screen link.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Admin tests.
 */
class AdminTest extends Talk_Agent_Test_Case {

	/**
	 * A valid form post.
	 *
	 * @param string|null $nonce Nonce, or null for none.
	 * @param array       $fields Fields to override.
	 */
	private function post( $nonce, array $fields = array() ) {
		$_POST = array_merge(
			array(
				'action'              => 'talk_agent_save',
				'talk_agent_ui_url'   => 'https://voice.example.org/',
				'talk_agent_service'  => 'support',
				'talk_agent_floating' => '1',
				'talk_agent_label'    => 'Call us',
				'talk_agent_position' => 'bottom-left',
			),
			$fields
		);
		if ( null !== $nonce ) {
			$_POST['_wpnonce'] = $nonce;
		}
		$_POST                      = wp_slash( $_POST ); // As WordPress sees a real request.
		$_REQUEST                   = $_POST;
		$_SERVER['REQUEST_METHOD'] = 'POST';
	}

	/**
	 * Runs the save handler.
	 *
	 * @return Talk_Agent_Died|Talk_Agent_Redirected
	 */
	private function save() {
		try {
			talk_agent_handle_save();
		} catch ( Talk_Agent_Died | Talk_Agent_Redirected $e ) {
			return $e;
		}
		$this->fail( 'the handler neither died nor redirected' );
	}

	public function test_hooked_on_admin_post() {
		$this->assertNotFalse( has_action( 'admin_post_talk_agent_save', 'talk_agent_handle_save' ) );
		$this->assertNotFalse( has_action( 'admin_post_nopriv_talk_agent_save', 'talk_agent_handle_save_anonymous' ) );
	}

	public function test_capability() {
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->assertTrue( current_user_can( 'manage_options' ) );
		foreach ( array( 'subscriber', 'author', 'editor' ) as $role ) {
			wp_set_current_user( $this->user( $role ) );
			$this->assertFalse( current_user_can( 'manage_options' ), $role );
		}
	}

	public function test_subscriber_gets_403_even_with_a_valid_nonce() {
		wp_set_current_user( $this->user( 'subscriber' ) );
		$this->post( wp_create_nonce( 'talk_agent_save' ) );
		$result = $this->save();
		$this->assertInstanceOf( Talk_Agent_Died::class, $result );
		$this->assertSame( 403, $result->status );
		$this->assertNull( $this->stored() );
	}

	public function test_editor_gets_403() {
		wp_set_current_user( $this->user( 'editor' ) );
		$this->post( wp_create_nonce( 'talk_agent_save' ) );
		$this->assertSame( 403, $this->save()->status );
		$this->assertNull( $this->stored() );
	}

	public function test_admin_without_nonce_gets_403() {
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->post( null );
		$result = $this->save();
		$this->assertInstanceOf( Talk_Agent_Died::class, $result );
		$this->assertSame( 403, $result->status );
		$this->assertNull( $this->stored() );
	}

	public function test_admin_with_a_bad_nonce_gets_403() {
		$admin = $this->user( 'administrator' );
		wp_set_current_user( $admin );
		foreach ( array( 'deadbeef00', wp_create_nonce( 'some_other_action' ) ) as $nonce ) {
			$this->post( $nonce );
			$this->assertSame( 403, $this->save()->status );
		}
		// Another administrator's nonce.
		$nonce = wp_create_nonce( 'talk_agent_save' );
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->post( $nonce );
		$this->assertSame( 403, $this->save()->status );
		$this->assertNull( $this->stored() );
	}

	public function test_get_with_a_valid_nonce_gets_405() {
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->post( wp_create_nonce( 'talk_agent_save' ) );
		$_SERVER['REQUEST_METHOD'] = 'GET';
		$this->assertSame( 405, $this->save()->status );
		$this->assertNull( $this->stored() );
	}

	public function test_admin_with_nonce_saves_and_redirects_with_a_notice() {
		$admin = $this->user( 'administrator' );
		wp_set_current_user( $admin );
		$this->post( wp_create_nonce( 'talk_agent_save' ) );
		$result = $this->save();
		$this->assertInstanceOf( Talk_Agent_Redirected::class, $result );
		$this->assertSame( admin_url( 'options-general.php?page=talk-agent&talk-agent-saved=1' ), $result->location );
		$this->assertSame(
			array(
				'ui_url'   => 'https://voice.example.org',
				'service'  => 'support',
				'floating' => true,
				'label'    => 'Call us',
				'position' => 'bottom-left',
			),
			$this->stored()
		);

		// The next page load shows "Settings saved." once.
		$GLOBALS['wp_settings_errors'] = array();
		talk_agent_load_notices();
		$notices = get_settings_errors( TALK_AGENT_OPTION );
		$this->assertSame( array( 'talk_agent_saved' ), array_column( $notices, 'code' ) );
		$this->assertSame( 'success', $notices[0]['type'] );
		$this->assertFalse( get_transient( 'talk_agent_notices_' . $admin ) );
	}

	public function test_unchecked_floating_turns_it_off() {
		wp_set_current_user( $this->user( 'administrator' ) );
		update_option( TALK_AGENT_OPTION, array( 'floating' => true ) );
		$this->post( wp_create_nonce( 'talk_agent_save' ) );
		unset( $_POST['talk_agent_floating'] );
		$this->save();
		$this->assertFalse( $this->stored()['floating'] );
	}

	public function test_bad_values_keep_the_old_ones_and_report_errors() {
		$admin = $this->user( 'administrator' );
		wp_set_current_user( $admin );
		update_option(
			TALK_AGENT_OPTION,
			array(
				'ui_url'  => 'https://voice.example.org',
				'service' => 'appointment',
				'label'   => 'Ask',
			)
		);
		$this->post(
			wp_create_nonce( 'talk_agent_save' ),
			array(
				'talk_agent_ui_url'   => 'javascript:alert(1)',
				'talk_agent_service'  => 'x" onload=alert(1)',
				'talk_agent_label'    => str_repeat( 'L', 41 ),
				'talk_agent_position' => 'top',
			)
		);
		$this->assertInstanceOf( Talk_Agent_Redirected::class, $this->save() );
		$stored = $this->stored();
		$this->assertSame( 'https://voice.example.org', $stored['ui_url'] );
		$this->assertSame( 'appointment', $stored['service'] );
		$this->assertSame( 'Ask', $stored['label'] );
		$this->assertSame( 'bottom-right', $stored['position'] );

		$GLOBALS['wp_settings_errors'] = array();
		talk_agent_load_notices();
		$this->assertSame(
			array( 'talk_agent_ui_url', 'talk_agent_service', 'talk_agent_label', 'talk_agent_position' ),
			array_column( get_settings_errors( TALK_AGENT_OPTION ), 'code' )
		);
	}

	public function test_array_inputs_are_ignored() {
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->post(
			wp_create_nonce( 'talk_agent_save' ),
			array(
				'talk_agent_ui_url' => array( 'https://evil.example' ),
				'talk_agent_label'  => array( 'x' ),
			)
		);
		$this->assertInstanceOf( Talk_Agent_Redirected::class, $this->save() );
		$this->assertSame( 'http://127.0.0.1:3000', $this->stored()['ui_url'] );
		$this->assertSame( 'Talk to us', $this->stored()['label'] );
	}

	public function test_anonymous_post_is_sent_to_login() {
		try {
			talk_agent_handle_save_anonymous();
			$this->fail( 'no redirect' );
		} catch ( Talk_Agent_Redirected $e ) {
			$this->assertStringStartsWith( wp_login_url(), $e->location );
			$this->assertStringContainsString( 'redirect_to=' . rawurlencode( admin_url( 'options-general.php?page=talk-agent' ) ), $e->location );
		}
	}

	public function test_settings_page_for_admin() {
		wp_set_current_user( $this->user( 'administrator' ) );
		update_option( TALK_AGENT_OPTION, array( 'ui_url' => 'https://voice.example.org' ) );
		$GLOBALS['title'] = 'Talk Agent';
		ob_start();
		talk_agent_render_settings_page();
		$html = ob_get_clean();

		$xpath = $this->dom( $html );
		$form  = $xpath->query( '//form' )->item( 0 );
		$this->assertSame( 'post', $form->getAttribute( 'method' ) );
		$this->assertSame( admin_url( 'admin-post.php' ), $form->getAttribute( 'action' ) );
		$this->assertSame( 'talk_agent_save', $xpath->query( '//input[@name="action"]' )->item( 0 )->getAttribute( 'value' ) );
		$nonce = $xpath->query( '//input[@name="_wpnonce"]' )->item( 0 )->getAttribute( 'value' );
		$this->assertSame( 1, wp_verify_nonce( $nonce, 'talk_agent_save' ) );
		foreach ( array( 'talk_agent_ui_url', 'talk_agent_service', 'talk_agent_floating', 'talk_agent_label', 'talk_agent_position' ) as $name ) {
			$this->assertSame( 1, $xpath->query( '//*[@name="' . $name . '"]' )->length, $name );
		}
		$this->assertSame( 'https://voice.example.org/widget?service=restaurant', $xpath->query( '//*[@id="talk-agent-widget-url"]' )->item( 0 )->textContent );
		$preview = $xpath->query( '//a[@id="talk-agent-preview"]' )->item( 0 );
		$this->assertSame( 'https://voice.example.org/widget?service=restaurant', $preview->getAttribute( 'href' ) );
		$this->assertSame( 'noopener noreferrer', $preview->getAttribute( 'rel' ) );
		$this->assertStringNotContainsString( 'works for testing on this machine only', $html );
	}

	public function test_settings_page_warns_about_a_local_url() {
		wp_set_current_user( $this->user( 'administrator' ) );
		$GLOBALS['title'] = 'Talk Agent';
		ob_start();
		talk_agent_render_settings_page();
		$this->assertStringContainsString( 'works for testing on this machine only', ob_get_clean() );
	}

	public function test_settings_page_is_empty_for_a_subscriber() {
		wp_set_current_user( $this->user( 'subscriber' ) );
		ob_start();
		talk_agent_render_settings_page();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_menu_page_needs_manage_options() {
		wp_set_current_user( $this->user( 'administrator' ) );
		talk_agent_admin_menu();
		$hook = get_plugin_page_hookname( 'talk-agent', 'options-general.php' ); // settings_page_talk-agent in wp-admin.
		$this->assertNotFalse( has_action( 'load-' . $hook, 'talk_agent_load_notices' ) );
		$entries = array_filter(
			$GLOBALS['submenu']['options-general.php'] ?? array(),
			static function ( $entry ) {
				return 'talk-agent' === $entry[2];
			}
		);
		$this->assertCount( 1, $entries );
		$this->assertSame( 'manage_options', array_values( $entries )[0][1] );
	}

	public function test_plugins_screen_settings_link() {
		$links = apply_filters( 'plugin_action_links_talk-agent/talk-agent.php', array( '<a href="#">Deactivate</a>' ) );
		$this->assertCount( 2, $links );
		$this->assertSame( '<a href="' . esc_url( admin_url( 'options-general.php?page=talk-agent' ) ) . '">Settings</a>', $links[0] );
	}
}
