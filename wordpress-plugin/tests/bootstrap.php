<?php
/**
 * PHPUnit bootstrap: a real WordPress (database wptest), no WP test library.
 *
 * Run as: WP_DIR=/path/to/wp phpunit --bootstrap tests/bootstrap.php tests/phpunit
 *
 * @package TalkAgent
 */

if ( 'cli' !== PHP_SAPI ) {
	exit;
}

putenv( 'WP_DB_NAME=wptest' );
$_SERVER['HTTP_HOST']   = '127.0.0.1:8080';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = '127.0.0.1';

// Install in a child process: WP_INSTALLING must not be defined in this one.
exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/install.php' ) . ' 127.0.0.1:8080', $talk_agent_out, $talk_agent_rc );
if ( 0 !== $talk_agent_rc ) {
	fwrite( STDERR, "install.php failed:\n" . implode( "\n", $talk_agent_out ) . "\n" );
	exit( 1 );
}

// PHPUnit includes this file inside a method: declare WordPress's globals first (as core's test bootstrap does).
global $table_prefix, $wpdb, $current_site, $current_blog, $wp_rewrite, $shortcode_tags, $wp, $phpmailer, $wp_theme_directories;
global $wp_settings_errors, $wp_scripts, $wp_styles, $wp_filter, $wp_actions, $wp_current_filter, $wp_registered_settings;
global $menu, $submenu, $_wp_submenu_nopriv, $_registered_pages, $_parent_pages, $admin_page_hooks, $plugin_page, $title;

require getenv( 'WP_DIR' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once TALK_AGENT_DIR . '/includes/admin.php';
require_once __DIR__ . '/phpunit/TalkAgentTestCase.php';
