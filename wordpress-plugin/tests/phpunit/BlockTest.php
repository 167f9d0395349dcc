<?php
/**
 * The talk-agent/embed block's registration and editor script (its markup is checked in ShortcodeTest).
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Block tests.
 */
class BlockTest extends Talk_Agent_Test_Case {

	/**
	 * The registered block type.
	 *
	 * @return WP_Block_Type
	 */
	private function block_type() {
		$type = WP_Block_Type_Registry::get_instance()->get_registered( 'talk-agent/embed' );
		$this->assertInstanceOf( WP_Block_Type::class, $type );
		return $type;
	}

	public function test_block_type_has_the_editor_script() {
		$type = $this->block_type();
		$this->assertSame( array( 'talk-agent-block' ), $type->editor_script_handles );
		$this->assertSame( 'talk-agent-block', $type->editor_script );
		$this->assertSame( 'Talk Agent', $type->title );
		$this->assertSame( 'embed', $type->category );
		$this->assertSame( 'microphone', $type->icon );
		$this->assertNotEmpty( $type->description );
		$this->assertSame( array( 'html' => false ), $type->supports );
		$this->assertSame( 'talk_agent_render_block', $type->render_callback );
	}

	public function test_attributes_match_block_js() {
		// The same list is in tests/js/block.test.js, which checks assets/block.js against it.
		$expected = array(
			'service' => array(
				'type'    => 'string',
				'default' => '',
			),
			'height'  => array(
				'type'    => 'integer',
				'default' => 640,
			),
			'width'   => array(
				'type'    => 'string',
				'default' => '',
			),
		);
		$attributes = $this->block_type()->attributes;
		unset( $attributes['lock'], $attributes['className'] ); // Added by WordPress to every block.
		$this->assertSame( $expected, $attributes );
	}

	public function test_editor_script_is_registered() {
		// setUp() starts with empty script queues; init registered the script before that.
		$this->assertFalse( wp_script_is( 'talk-agent-block', 'registered' ) );
		talk_agent_register_block_script();
		$this->assertTrue( wp_script_is( 'talk-agent-block', 'registered' ) );
		$this->assertFalse( wp_script_is( 'talk-agent-block', 'enqueued' ), 'only the block editor enqueues it' );

		$script = wp_scripts()->registered['talk-agent-block'];
		$this->assertStringEndsWith( '/wp-content/plugins/talk-agent/assets/block.js', $script->src );
		$this->assertSame( TALK_AGENT_VERSION, $script->ver );
		$this->assertSame(
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-server-side-render', 'wp-i18n' ),
			$script->deps
		);
		$this->assertSame( 1, wp_scripts()->get_data( 'talk-agent-block', 'group' ), 'in the footer' );
		foreach ( $script->deps as $dep ) {
			$this->assertTrue( wp_script_is( $dep, 'registered' ), $dep . ' is a WordPress script' );
		}
		$this->assertFileExists( TALK_AGENT_DIR . '/assets/block.js' );
	}

	public function test_editor_preview_endpoint_renders_the_embed() {
		wp_set_current_user( $this->user( 'editor' ) );
		$request = new WP_REST_Request( 'GET', '/wp/v2/block-renderer/talk-agent/embed' );
		$request->set_param( 'context', 'edit' );
		$request->set_param(
			'attributes',
			array(
				'service' => 'appointment',
				'height'  => 720,
				'width'   => '50%',
			)
		);
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$html = $response->get_data()['rendered'];
		$this->assertStringContainsString( 'class="talk-agent-embed" style="width:50%"', $html );
		$this->assertStringContainsString( 'src="http://127.0.0.1:3000/widget?service=appointment"', $html );
		$this->assertStringContainsString( 'height="720"', $html );
	}

	public function test_front_end_does_not_load_the_editor_script() {
		talk_agent_register_block_script();
		do_action( 'wp_enqueue_scripts' );
		do_blocks( '<!-- wp:talk-agent/embed /-->' );
		$this->assertFalse( wp_script_is( 'talk-agent-block', 'enqueued' ) );
	}
}
