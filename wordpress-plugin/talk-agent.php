<?php
/**
 * Plugin Name:       Talk Agent
 * Description:       Adds a "Talk to us" voice and text agent to the site: a [talk_agent] shortcode and an optional floating button that open the voice UI's widget.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       talk-agent
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

define( 'TALK_AGENT_VERSION', '0.1.0' );
define( 'TALK_AGENT_FILE', __FILE__ );
define( 'TALK_AGENT_DIR', __DIR__ );

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/embed.php';
require_once __DIR__ . '/includes/floating.php';

if ( is_admin() ) {
	require_once __DIR__ . '/includes/admin.php';
}

register_activation_hook( __FILE__, 'talk_agent_activate' );

/**
 * Stores the default settings on first activation (an existing value is kept).
 */
function talk_agent_activate() {
	add_option( TALK_AGENT_OPTION, talk_agent_defaults() );
}
