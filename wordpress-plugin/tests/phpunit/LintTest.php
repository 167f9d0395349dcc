<?php
/**
 * The repo lint (tests/lint.php) finds what it should, and nothing in the plugin.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

require_once dirname( __DIR__ ) . '/lint.php';

/**
 * Lint tests.
 */
class LintTest extends PHPUnit\Framework\TestCase {

	/**
	 * Rules reported for a fixture, with counts.
	 *
	 * @param string $fixture File name under tests/lint-fixtures.
	 * @return array<string, int>
	 */
	private function rules( $fixture ) {
		$counts = array();
		foreach ( talk_agent_lint_files( array( dirname( __DIR__ ) . '/lint-fixtures/' . $fixture ) ) as $problem ) {
			$this->assertMatchesRegularExpression( '/^[^:]+:\d+: (\w+): /', $problem );
			preg_match( '/^[^:]+:\d+: (\w+): /', $problem, $m );
			$counts[ $m[1] ] = ( $counts[ $m[1] ] ?? 0 ) + 1;
		}
		ksort( $counts );
		return $counts;
	}

	public function test_the_plugin_is_clean() {
		$root  = dirname( __DIR__, 2 );
		$files = talk_agent_lint_collect( array( $root ) );
		$this->assertContains( $root . '/talk-agent.php', $files );
		$this->assertContains( $root . '/includes/admin.php', $files );
		$this->assertContains( $root . '/uninstall.php', $files );
		$this->assertSame( array(), talk_agent_lint_files( $files, $root ) );
	}

	public function test_missing_guard() {
		$this->assertSame( array( 'guard' => 1 ), $this->rules( 'no-guard.fixture' ) );
	}

	public function test_unescaped_output() {
		$this->assertSame( array( 'echo' => 7 ), $this->rules( 'echo.fixture' ) );
	}

	public function test_unsanitized_input() {
		$this->assertSame( array( 'input' => 5 ), $this->rules( 'input.fixture' ) );
	}

	public function test_handlers_without_checks() {
		$this->assertSame( array( 'handler' => 5 ), $this->rules( 'handler.fixture' ) );
	}

	public function test_no_false_positives() {
		$this->assertSame( array(), $this->rules( 'good.fixture' ) );
	}
}
