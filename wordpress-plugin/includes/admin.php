<?php
/**
 * Settings → Talk Agent: the page, its save handler (admin-post.php) and the Plugins screen link.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

add_action( 'admin_menu', 'talk_agent_admin_menu' );
add_action( 'admin_post_talk_agent_save', 'talk_agent_handle_save' );
add_action( 'admin_post_nopriv_talk_agent_save', 'talk_agent_handle_save_anonymous' );
add_filter( 'plugin_action_links_' . plugin_basename( TALK_AGENT_FILE ), 'talk_agent_action_links' );

/**
 * The settings page URL.
 *
 * @return string
 */
function talk_agent_settings_url() {
	return admin_url( 'options-general.php?page=talk-agent' );
}

/**
 * Adds Settings → Talk Agent.
 */
function talk_agent_admin_menu() {
	$hook = add_options_page(
		__( 'Talk Agent', 'talk-agent' ),
		__( 'Talk Agent', 'talk-agent' ),
		'manage_options',
		'talk-agent',
		'talk_agent_render_settings_page'
	);
	if ( $hook ) {
		add_action( 'load-' . $hook, 'talk_agent_load_notices' );
	}
}

/**
 * Adds "Settings" to the plugin's row on the Plugins screen.
 *
 * @param string[] $links Action links.
 * @return string[]
 */
function talk_agent_action_links( $links ) {
	array_unshift(
		$links,
		sprintf( '<a href="%s">%s</a>', esc_url( talk_agent_settings_url() ), esc_html__( 'Settings', 'talk-agent' ) )
	);
	return $links;
}

/**
 * The transient that carries the last save's notices to the next page load, per user.
 *
 * @return string
 */
function talk_agent_notices_key() {
	return 'talk_agent_notices_' . get_current_user_id();
}

/**
 * Before the page renders: turns the last save's notices back into settings errors, which
 * WordPress prints at the top of every Settings page.
 */
function talk_agent_load_notices() {
	$key     = talk_agent_notices_key();
	$notices = get_transient( $key );
	if ( ! is_array( $notices ) ) {
		return;
	}
	delete_transient( $key );
	foreach ( $notices as $notice ) {
		if ( is_array( $notice ) && isset( $notice['code'], $notice['message'], $notice['type'] ) ) {
			add_settings_error( TALK_AGENT_OPTION, (string) $notice['code'], (string) $notice['message'], (string) $notice['type'] );
		}
	}
}

/**
 * Handles the settings form (admin-post.php?action=talk_agent_save).
 *
 * Runs before any output, so a refused request gets a real 403.
 */
function talk_agent_handle_save() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'talk-agent' ), '', 403 );
	}
	check_admin_referer( 'talk_agent_save' ); // Dies with 403 on a missing or invalid nonce.
	if ( ! isset( $_SERVER['REQUEST_METHOD'] ) || 'POST' !== sanitize_text_field( wp_unslash( $_SERVER['REQUEST_METHOD'] ) ) ) {
		wp_die( esc_html__( 'Send the settings form with POST.', 'talk-agent' ), '', 405 );
	}

	$input = array(
		'floating' => isset( $_POST['talk_agent_floating'] ) ? '1' : '0',
	);
	if ( isset( $_POST['talk_agent_ui_url'] ) && is_string( $_POST['talk_agent_ui_url'] ) ) {
		$input['ui_url'] = esc_url_raw( wp_unslash( $_POST['talk_agent_ui_url'] ), array( 'http', 'https' ) );
	}
	if ( isset( $_POST['talk_agent_service'] ) && is_string( $_POST['talk_agent_service'] ) ) {
		$input['service'] = sanitize_key( wp_unslash( $_POST['talk_agent_service'] ) );
	}
	if ( isset( $_POST['talk_agent_label'] ) && is_string( $_POST['talk_agent_label'] ) ) {
		$input['label'] = sanitize_text_field( wp_unslash( $_POST['talk_agent_label'] ) );
	}
	if ( isset( $_POST['talk_agent_position'] ) && is_string( $_POST['talk_agent_position'] ) ) {
		$input['position'] = sanitize_key( wp_unslash( $_POST['talk_agent_position'] ) );
	}

	// The sanitize callback registered with register_setting() validates each field.
	update_option( TALK_AGENT_OPTION, $input );

	if ( ! get_settings_errors( TALK_AGENT_OPTION ) ) {
		add_settings_error( TALK_AGENT_OPTION, 'talk_agent_saved', __( 'Settings saved.', 'talk-agent' ), 'success' );
	}
	set_transient( talk_agent_notices_key(), get_settings_errors( TALK_AGENT_OPTION ), MINUTE_IN_SECONDS );

	wp_safe_redirect( add_query_arg( 'talk-agent-saved', '1', talk_agent_settings_url() ) );
	exit;
}

/**
 * A signed-out visitor posting the form is sent to the login page.
 */
function talk_agent_handle_save_anonymous() {
	wp_safe_redirect( wp_login_url( talk_agent_settings_url() ) );
	exit;
}

/**
 * Whether a host only works on the computer that opens it.
 *
 * @param string $url URL.
 * @return bool
 */
function talk_agent_is_local_url( $url ) {
	$host = strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) );
	return in_array( $host, array( 'localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0' ), true )
		|| str_ends_with( $host, '.localhost' )
		|| str_starts_with( $host, '127.' );
}

/**
 * Renders Settings → Talk Agent.
 */
function talk_agent_render_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	$settings   = talk_agent_get_settings();
	$widget_url = talk_agent_widget_url();
	$services   = array(
		'restaurant'  => __( 'Restaurant', 'talk-agent' ),
		'appointment' => __( 'Appointment', 'talk-agent' ),
		'support'     => __( 'Support', 'talk-agent' ),
	);
	$positions  = array(
		'bottom-right' => __( 'Bottom right', 'talk-agent' ),
		'bottom-left'  => __( 'Bottom left', 'talk-agent' ),
	);
	?>
	<div class="wrap" id="talk-agent-settings">
		<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>

		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
			<input type="hidden" name="action" value="talk_agent_save">
			<?php wp_nonce_field( 'talk_agent_save' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="talk-agent-ui-url"><?php esc_html_e( 'Voice UI URL', 'talk-agent' ); ?></label></th>
					<td>
						<input type="url" id="talk-agent-ui-url" name="talk_agent_ui_url" class="regular-text code" value="<?php echo esc_attr( $settings['ui_url'] ); ?>" required>
						<p class="description"><?php esc_html_e( 'Base address of the voice UI server (voice-ui-client), as visitors\' browsers reach it, for example https://voice.example.org.', 'talk-agent' ); ?></p>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="talk-agent-service"><?php esc_html_e( 'Service', 'talk-agent' ); ?></label></th>
					<td>
						<select id="talk-agent-service" name="talk_agent_service">
							<?php foreach ( $services as $value => $name ) : ?>
								<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $settings['service'], $value ); ?>><?php echo esc_html( $name ); ?></option>
							<?php endforeach; ?>
						</select>
					</td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Floating button', 'talk-agent' ); ?></th>
					<td>
						<label for="talk-agent-floating">
							<input type="checkbox" id="talk-agent-floating" name="talk_agent_floating" value="1" <?php checked( $settings['floating'] ); ?>>
							<?php esc_html_e( 'Show a floating button on every page of the site', 'talk-agent' ); ?>
						</label>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="talk-agent-label"><?php esc_html_e( 'Button text', 'talk-agent' ); ?></label></th>
					<td>
						<input type="text" id="talk-agent-label" name="talk_agent_label" class="regular-text" maxlength="<?php echo absint( TALK_AGENT_LABEL_MAX ); ?>" value="<?php echo esc_attr( $settings['label'] ); ?>" required>
						<p class="description"><?php esc_html_e( 'Also the title of the widget frame. Plain text, at most 40 characters.', 'talk-agent' ); ?></p>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="talk-agent-position"><?php esc_html_e( 'Button position', 'talk-agent' ); ?></label></th>
					<td>
						<select id="talk-agent-position" name="talk_agent_position">
							<?php foreach ( $positions as $value => $name ) : ?>
								<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $settings['position'], $value ); ?>><?php echo esc_html( $name ); ?></option>
							<?php endforeach; ?>
						</select>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>

		<h2><?php esc_html_e( 'Test connection', 'talk-agent' ); ?></h2>
		<p>
			<?php esc_html_e( 'The site embeds this address:', 'talk-agent' ); ?>
			<code id="talk-agent-widget-url"><?php echo esc_html( $widget_url ); ?></code>
		</p>
		<p>
			<a id="talk-agent-preview" class="button" href="<?php echo esc_url( $widget_url ); ?>" target="_blank" rel="noopener noreferrer"><?php esc_html_e( 'Open the widget in a new tab', 'talk-agent' ); ?></a>
		</p>
		<p class="description"><?php esc_html_e( 'If it does not load there, it will not load for visitors either. The voice UI must be reachable from visitors\' browsers, and the session manager\'s CORS allow-list (CORS_ALLOWED_ORIGINS) must include the voice UI\'s origin.', 'talk-agent' ); ?></p>
		<?php if ( talk_agent_is_local_url( $settings['ui_url'] ) ) : ?>
			<div class="notice notice-warning inline"><p><?php esc_html_e( 'This address points to the computer that opens it: it works for testing on this machine only, not for visitors.', 'talk-agent' ); ?></p></div>
		<?php endif; ?>
		<?php if ( 'https' === wp_parse_url( home_url(), PHP_URL_SCHEME ) && 'http' === wp_parse_url( $settings['ui_url'], PHP_URL_SCHEME ) ) : ?>
			<div class="notice notice-warning inline"><p><?php esc_html_e( 'This site uses https but the voice UI uses http: browsers block such a frame. Serve the voice UI over https.', 'talk-agent' ); ?></p></div>
		<?php endif; ?>

		<h2><?php esc_html_e( 'Shortcode', 'talk-agent' ); ?></h2>
		<p><?php esc_html_e( 'Put the widget inside any page or post:', 'talk-agent' ); ?> <code>[talk_agent]</code> <code>[talk_agent service="support" height="560"]</code></p>
	</div>
	<?php
}
