<?php
/**
 * uninstall.php.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Uninstall test.
 */
class UninstallTest extends Talk_Agent_Test_Case {

	public function test_uninstall_removes_the_option() {
		update_option( TALK_AGENT_OPTION, array( 'service' => 'support' ) );
		$this->assertIsArray( $this->stored() );

		$this->assertTrue( uninstall_plugin( 'talk-agent/talk-agent.php' ) );

		$this->assertNull( $this->stored() );
		$this->assertSame( 'gone', get_option( TALK_AGENT_OPTION, 'gone' ) );
	}

	public function test_uninstall_file_does_nothing_when_loaded_directly() {
		$out = shell_exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( TALK_AGENT_DIR . '/uninstall.php' ) . ' 2>&1' );
		$this->assertSame( '', (string) $out );
	}
}
