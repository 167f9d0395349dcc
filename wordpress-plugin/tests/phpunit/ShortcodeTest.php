<?php
/**
 * [talk_agent] shortcode and talk-agent/embed block.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Shortcode tests.
 */
class ShortcodeTest extends Talk_Agent_Test_Case {

	/**
	 * The one iframe of an embed, checked for structure.
	 *
	 * @param string $html Embed HTML.
	 * @return DOMElement
	 */
	private function iframe( $html ) {
		$xpath   = $this->dom( $html );
		$wrapper = $xpath->query( '//div[@class="talk-agent-embed"]' );
		$this->assertSame( 1, $wrapper->length, $html );
		$this->assertSame( array( 'class', 'id', 'style' ), $this->attribute_names( $wrapper->item( 0 ) ) );
		$this->assertStringStartsWith( 'talk-agent-embed-', $wrapper->item( 0 )->getAttribute( 'id' ) );
		$this->assertSame( 2, $xpath->query( '//*' )->length - 4, 'wrapper + iframe only: ' . $html ); // html, head, meta, body.
		$frames = $xpath->query( '//div[@class="talk-agent-embed"]/iframe' );
		$this->assertSame( 1, $frames->length, $html );
		$frame = $frames->item( 0 );
		$this->assertSame( array( 'allow', 'height', 'loading', 'src', 'style', 'title', 'width' ), $this->attribute_names( $frame ) );
		$this->assertSame( 'microphone; autoplay', $frame->getAttribute( 'allow' ) );
		$this->assertSame( 'lazy', $frame->getAttribute( 'loading' ) );
		return $frame;
	}

	public function test_shortcode_is_registered() {
		$this->assertTrue( shortcode_exists( 'talk_agent' ) );
	}

	public function test_defaults() {
		$html  = do_shortcode( '[talk_agent]' );
		$frame = $this->iframe( $html );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=restaurant', $frame->getAttribute( 'src' ) );
		$this->assertSame( 'Talk to us', $frame->getAttribute( 'title' ) );
		$this->assertSame( '640', $frame->getAttribute( 'height' ) );
		$this->assertStringContainsString( 'height:640px', $frame->getAttribute( 'style' ) );
		$this->assertStringContainsString( 'style="width:100%;max-width:420px"', $html );
		$this->assertStringNotContainsString( "\n", $html, 'one line, so wpautop cannot break it' );
	}

	public function test_uses_the_settings() {
		update_option(
			TALK_AGENT_OPTION,
			array(
				'ui_url'  => 'https://voice.example.org/',
				'service' => 'appointment',
				'label'   => 'Book by voice',
			)
		);
		$frame = $this->iframe( do_shortcode( '[talk_agent]' ) );
		$this->assertSame( 'https://voice.example.org/widget?service=appointment', $frame->getAttribute( 'src' ) );
		$this->assertSame( 'Book by voice', $frame->getAttribute( 'title' ) );
	}

	public function test_ui_url_with_a_path() {
		update_option( TALK_AGENT_OPTION, array( 'ui_url' => 'https://example.org/voice' ) );
		$frame = $this->iframe( do_shortcode( '[talk_agent]' ) );
		$this->assertSame( 'https://example.org/voice/widget?service=restaurant', $frame->getAttribute( 'src' ) );
	}

	public function test_service_attribute() {
		$this->assertStringContainsString( 'widget?service=support"', do_shortcode( '[talk_agent service="support"]' ) );
		$this->assertStringContainsString( 'widget?service=appointment"', do_shortcode( '[talk_agent service=" Appointment "]' ) );
		$this->assertStringContainsString( 'widget?service=restaurant"', do_shortcode( '[talk_agent service="pizza"]' ) );
	}

	public function test_invalid_service_falls_back_to_the_setting() {
		update_option( TALK_AGENT_OPTION, array( 'service' => 'support' ) );
		$frame = $this->iframe( do_shortcode( '[talk_agent service="nope"]' ) );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=support', $frame->getAttribute( 'src' ) );
	}

	/**
	 * Hostile attribute values, through the shortcode parser and straight into the callback.
	 *
	 * @return array
	 */
	public function hostile_attributes() {
		return array(
			'parser: quote in service'    => array( '[talk_agent service="x\" onload=alert(1)"]', null ),
			'parser: quote in height'     => array( '[talk_agent height=\'1" onload="alert(1)\']', null ),
			'parser: tag in width'        => array( '[talk_agent width="<script>alert(1)</script>"]', null ),
			'parser: all three'           => array( '[talk_agent service=\'"><script>alert(1)</script>\' height="javascript:alert(1)" width="100%;background:url(javascript:alert(1))"]', null ),
			'callback: quote in service'  => array(
				null,
				array(
					'service' => 'x" onload=alert(1)',
					'height'  => '640" onload="alert(1)',
					'width'   => '380px" onmouseover="alert(1)',
				),
			),
			'callback: url in service'    => array( null, array( 'service' => 'restaurant&x=" src="https://evil.example' ) ),
			'callback: arrays and objects' => array(
				null,
				array(
					'service' => array( 'support' ),
					'height'  => array( 500 ),
					'width'   => new stdClass(),
				),
			),
			'callback: css injection'     => array( null, array( 'width' => '50%;position:fixed;top:0' ) ),
			'callback: huge number'       => array( null, array( 'height' => str_repeat( '9', 50 ) ) ),
		);
	}

	/**
	 * @dataProvider hostile_attributes
	 *
	 * @param string|null $shortcode Shortcode text.
	 * @param array|null  $atts      Attributes for the callback.
	 */
	public function test_hostile_attributes_are_never_output( $shortcode, $atts ) {
		$html = null !== $shortcode ? do_shortcode( $shortcode ) : talk_agent_shortcode( $atts );
		foreach ( array( 'onload', 'onmouseover', '<script', 'javascript:', 'evil.example', 'position:fixed', 'background' ) as $bad ) {
			$this->assertStringNotContainsString( $bad, $html );
		}
		$frame = $this->iframe( $html );
		$this->assertMatchesRegularExpression( '#^http://127\.0\.0\.1:3000/widget\?service=(restaurant|appointment|support)$#', $frame->getAttribute( 'src' ) );
		$this->assertMatchesRegularExpression( '/^\d+$/', $frame->getAttribute( 'height' ) );
	}

	public function test_hostile_stored_settings_are_not_output() {
		$this->store_raw(
			array(
				'ui_url'  => 'https://x.example/"><script>alert(1)</script>',
				'service' => '"><script>alert(2)</script>',
				'label'   => '"><img src=x onerror=alert(3)>',
			)
		);
		$html = do_shortcode( '[talk_agent]' );
		$this->assertStringNotContainsString( '<script', $html );
		$this->assertStringNotContainsString( '<img', $html );
		$this->assertStringNotContainsString( 'x.example', $html );
		$frame = $this->iframe( $html );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=restaurant', $frame->getAttribute( 'src' ) );
		$this->assertSame( '">', $frame->getAttribute( 'title' ), 'tags stripped, quote escaped' );
	}

	/**
	 * Stored URLs that must never reach the page.
	 *
	 * @return array
	 */
	public function hostile_urls() {
		return array(
			array( 'javascript:alert(1)' ),
			array( 'JavaScript://x.example/%0Aalert(1)' ),
			array( 'data:text/html,<script>alert(1)</script>' ),
			array( '//evil.example' ),
			array( 'https://evil.example" onload="alert(1)' ),
			array( "https://evil.example\n/x" ),
		);
	}

	/**
	 * @dataProvider hostile_urls
	 *
	 * @param string $url Stored URL.
	 */
	public function test_hostile_stored_url_falls_back_to_the_default( $url ) {
		$this->store_raw( array( 'ui_url' => $url ) );
		$frame = $this->iframe( do_shortcode( '[talk_agent]' ) );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=restaurant', $frame->getAttribute( 'src' ) );
	}

	/**
	 * Height values and the height they give.
	 *
	 * @return array
	 */
	public function heights() {
		return array(
			'empty'         => array( '', 640 ),
			'in range'      => array( '500', 500 ),
			'with px'       => array( '700px', 700 ),
			'minimum'       => array( '400', 400 ),
			'maximum'       => array( '1000', 1000 ),
			'below minimum' => array( '100', 400 ),
			'zero'          => array( '0', 400 ),
			'above maximum' => array( '5000', 1000 ),
			'negative'      => array( '-5', 640 ),
			'text'          => array( 'tall', 640 ),
			'exponent'      => array( '1e3', 640 ),
			'percent'       => array( '50%', 640 ),
			'decimal'       => array( '500.5', 640 ),
		);
	}

	/**
	 * @dataProvider heights
	 *
	 * @param string $value    Attribute value.
	 * @param int    $expected Height.
	 */
	public function test_height_is_clamped( $value, $expected ) {
		$frame = $this->iframe( do_shortcode( '[talk_agent height="' . $value . '"]' ) );
		$this->assertSame( (string) $expected, $frame->getAttribute( 'height' ) );
		$this->assertStringContainsString( 'height:' . $expected . 'px', $frame->getAttribute( 'style' ) );
	}

	/**
	 * Width values and the wrapper style they give.
	 *
	 * @return array
	 */
	public function widths() {
		return array(
			'empty'       => array( '', 'width:100%;max-width:420px' ),
			'pixels'      => array( '380', 'width:380px;max-width:100%' ),
			'with px'     => array( '380px', 'width:380px;max-width:100%' ),
			'tiny'        => array( '10', 'width:200px;max-width:100%' ),
			'huge'        => array( '99999', 'width:1200px;max-width:100%' ),
			'percent'     => array( '50%', 'width:50%' ),
			'over 100%'   => array( '500%', 'width:100%' ),
			'calc'        => array( 'calc(100% - 2px)', 'width:100%;max-width:420px' ),
			'em'          => array( '30em', 'width:100%;max-width:420px' ),
		);
	}

	/**
	 * @dataProvider widths
	 *
	 * @param string $value    Attribute value.
	 * @param string $expected Wrapper style.
	 */
	public function test_width( $value, $expected ) {
		$html = do_shortcode( '[talk_agent width="' . $value . '"]' );
		$this->iframe( $html );
		$this->assertStringContainsString( 'class="talk-agent-embed" style="' . $expected . '"', $html );
	}

	public function test_two_embeds_get_different_ids() {
		$html = do_shortcode( '[talk_agent][talk_agent service="support"]' );
		preg_match_all( '/id="(talk-agent-embed-\d+)"/', $html, $m );
		$this->assertCount( 2, $m[1] );
		$this->assertNotSame( $m[1][0], $m[1][1] );
	}

	public function test_in_post_content() {
		$html = apply_filters( 'the_content', "Call us:\n\n[talk_agent service=\"support\"]\n\nThanks." );
		$this->assertStringContainsString( 'src="http://127.0.0.1:3000/widget?service=support"', $html );
		$this->assertStringNotContainsString( '<p><div', $html );
	}

	public function test_block_renders_the_same_markup() {
		$this->assertTrue( WP_Block_Type_Registry::get_instance()->is_registered( 'talk-agent/embed' ) );
		$html  = do_blocks( '<!-- wp:talk-agent/embed {"service":"support","height":500} /-->' );
		$frame = $this->iframe( trim( $html ) );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=support', $frame->getAttribute( 'src' ) );
		$this->assertSame( '500', $frame->getAttribute( 'height' ) );

		$html  = do_blocks( '<!-- wp:talk-agent/embed {"service":"\"><script>alert(1)</script>","height":"x"} /-->' );
		$frame = $this->iframe( trim( $html ) );
		$this->assertSame( 'http://127.0.0.1:3000/widget?service=restaurant', $frame->getAttribute( 'src' ) );
		$this->assertSame( '640', $frame->getAttribute( 'height' ) );
	}
}
