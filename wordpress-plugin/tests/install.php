<?php
/**
 * Test helper (CLI only): installs WordPress in the database named by WP_DB_NAME (default wp), switches to
 * Twenty Twenty-Three, activates the plugin, and on a fresh install adds a page with [talk_agent] and a
 * subscriber. Prints "page_id=N".
 *
 * Usage: WP_DIR=/path/to/wp php install.php HOST:PORT
 *
 * @package TalkAgent
 */

if ( 'cli' !== PHP_SAPI ) {
	exit;
}

define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST']   = $argv[1] ?? '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require getenv( 'WP_DIR' ) . '/wp-load.php';

// No mail here: define the no-op before upgrade.php, which otherwise defines the real one.
if ( ! function_exists( 'wp_new_blog_notification' ) ) {
	function wp_new_blog_notification( ...$args ) {} // phpcs:ignore
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$talk_agent_fresh = ! is_blog_installed();
if ( $talk_agent_fresh ) {
	wp_install( 'Test site', 'admin', 'admin@example.test', true, '', 'admin-pass-123' );
}
switch_theme( 'twentytwentythree' );
$talk_agent_result = activate_plugin( 'talk-agent/talk-agent.php' );
if ( is_wp_error( $talk_agent_result ) ) {
	fwrite( STDERR, 'activate_plugin: ' . $talk_agent_result->get_error_message() . "\n" );
	exit( 1 );
}
if ( $talk_agent_fresh ) {
	$talk_agent_page = wp_insert_post(
		array(
			'post_title'   => 'Agent',
			'post_content' => '[talk_agent]',
			'post_status'  => 'publish',
			'post_type'    => 'page',
		)
	);
	$talk_agent_user = wp_insert_user(
		array(
			'user_login' => 'subscriber',
			'user_pass'  => 'subscriber-pass-123',
			'user_email' => 'subscriber@example.test',
			'role'       => 'subscriber',
		)
	);
	if ( is_wp_error( $talk_agent_user ) || ! $talk_agent_page ) {
		fwrite( STDERR, "could not create the test page or user\n" );
		exit( 1 );
	}
	update_option( 'talk_agent_test_page_id', $talk_agent_page );
}
echo 'page_id=' . (int) get_option( 'talk_agent_test_page_id' ) . "\n";
