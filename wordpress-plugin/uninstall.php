<?php
/**
 * Removes the plugin's data when it is deleted from the Plugins screen.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;
defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

if ( is_multisite() ) {
	$talk_agent_site_ids = get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	);
	foreach ( $talk_agent_site_ids as $talk_agent_site_id ) {
		switch_to_blog( $talk_agent_site_id );
		delete_option( 'talk_agent_settings' );
		restore_current_blog();
	}
} else {
	delete_option( 'talk_agent_settings' );
}
