<?php
/**
 * Floating button: footer markup and assets.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Floating button tests.
 */
class FloatingTest extends Talk_Agent_Test_Case {

	/**
	 * What wp_footer prints.
	 *
	 * @return string
	 */
	private function footer() {
		ob_start();
		do_action( 'wp_footer' );
		return (string) ob_get_clean();
	}

	public function test_hooked() {
		$this->assertNotFalse( has_action( 'wp_footer', 'talk_agent_print_floating' ) );
		$this->assertNotFalse( has_action( 'wp_enqueue_scripts', 'talk_agent_enqueue_floating' ) );
	}

	public function test_off_by_default() {
		$this->assertFalse( talk_agent_get_settings()['floating'] );
		$this->assertStringNotContainsString( 'talk-agent', $this->footer() );
		do_action( 'wp_enqueue_scripts' );
		$this->assertFalse( wp_script_is( 'talk-agent', 'enqueued' ) );
		$this->assertFalse( wp_style_is( 'talk-agent', 'enqueued' ) );
	}

	public function test_footer_markup_when_on() {
		update_option(
			TALK_AGENT_OPTION,
			array(
				'floating' => '1',
				'ui_url'   => 'https://voice.example.org',
				'service'  => 'support',
				'label'    => 'Ask us',
			)
		);
		$footer = $this->footer();
		$this->assertStringNotContainsString( '<iframe', $footer, 'the iframe is created on the first open only' );

		$xpath = $this->dom( $footer );
		$root  = $xpath->query( '//div[@id="talk-agent-floating"]' );
		$this->assertSame( 1, $root->length, $footer );
		$root = $root->item( 0 );
		$this->assertSame( 'talk-agent-floating talk-agent-pos-bottom-right', $root->getAttribute( 'class' ) );
		$this->assertSame( 'https://voice.example.org/widget?service=support', $root->getAttribute( 'data-src' ) );
		$this->assertSame( 'Ask us', $root->getAttribute( 'data-title' ) );

		$button = $xpath->query( '//div[@id="talk-agent-floating"]/button' )->item( 0 );
		$this->assertSame( 'button', $button->getAttribute( 'type' ) );
		$this->assertSame( 'false', $button->getAttribute( 'aria-expanded' ) );
		$this->assertSame( 'talk-agent-panel', $button->getAttribute( 'aria-controls' ) );
		$this->assertSame( 'Ask us', trim( $button->textContent ) );

		$panel = $xpath->query( '//*[@id="talk-agent-panel"]' )->item( 0 );
		$this->assertTrue( $panel->hasAttribute( 'hidden' ) );
		$this->assertSame( 'Ask us', $panel->getAttribute( 'aria-label' ) );
		$this->assertSame( 0, $panel->childNodes->length );
		$this->assertLessThan(
			strpos( $footer, 'id="talk-agent-panel"' ),
			strpos( $footer, '<button' ),
			'button first in the DOM: the panel follows it in tab order'
		);
	}

	public function test_position_bottom_left() {
		update_option(
			TALK_AGENT_OPTION,
			array(
				'floating' => true,
				'position' => 'bottom-left',
			)
		);
		$this->assertStringContainsString( 'class="talk-agent-floating talk-agent-pos-bottom-left"', $this->footer() );
	}

	public function test_assets_enqueued_when_on() {
		update_option( TALK_AGENT_OPTION, array( 'floating' => true ) );
		do_action( 'wp_enqueue_scripts' );
		$this->assertTrue( wp_script_is( 'talk-agent', 'enqueued' ) );
		$this->assertTrue( wp_style_is( 'talk-agent', 'enqueued' ) );

		$script = wp_scripts()->registered['talk-agent'];
		$this->assertStringEndsWith( '/wp-content/plugins/talk-agent/assets/talk-agent.js', $script->src );
		$this->assertSame( TALK_AGENT_VERSION, $script->ver );
		$this->assertSame( array(), $script->deps, 'no jQuery' );
		$this->assertSame( 1, wp_scripts()->get_data( 'talk-agent', 'group' ), 'in the footer' );

		$style = wp_styles()->registered['talk-agent'];
		$this->assertStringEndsWith( '/wp-content/plugins/talk-agent/assets/talk-agent.css', $style->src );
		$this->assertSame( TALK_AGENT_VERSION, $style->ver );
	}

	public function test_hostile_label_is_escaped() {
		$this->store_raw(
			array(
				'floating' => true,
				'label'    => 'Hi" onclick="alert(1)',
				'position' => '"><script>alert(1)</script>',
			)
		);
		$footer = $this->footer();
		$this->assertStringNotContainsString( 'onclick="', $footer );
		$this->assertStringNotContainsString( '<script>alert', $footer );
		$xpath  = $this->dom( $footer );
		$button = $xpath->query( '//button[@aria-controls="talk-agent-panel"]' )->item( 0 );
		$this->assertSame( array( 'aria-controls', 'aria-expanded', 'class', 'type' ), $this->attribute_names( $button ) );
		$this->assertSame( 'Hi" onclick="alert(1)', trim( $button->textContent ) );
		$this->assertStringContainsString( 'talk-agent-pos-bottom-right', $footer );
	}

	public function test_asset_files() {
		$js  = file_get_contents( TALK_AGENT_DIR . '/assets/talk-agent.js' );
		$css = file_get_contents( TALK_AGENT_DIR . '/assets/talk-agent.css' );
		$this->assertStringNotContainsString( 'jQuery', $js );
		$this->assertDoesNotMatchRegularExpression( '#https?://|//[a-z0-9.-]+\.[a-z]{2,}/#i', $js . $css, 'no external URLs (CDN)' );
		$this->assertStringContainsString( 'Escape', $js );
		$this->assertStringContainsString( ':focus-visible', $css );
	}
}
