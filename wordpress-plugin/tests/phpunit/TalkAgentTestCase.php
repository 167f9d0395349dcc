<?php
/**
 * Base test case: resets the plugin's state between tests and turns wp_die() and redirects into exceptions.
 *
 * @package TalkAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Thrown instead of wp_die().
 */
class Talk_Agent_Died extends RuntimeException {
	/**
	 * HTTP status wp_die() would send.
	 *
	 * @var int
	 */
	public $status;

	/**
	 * Constructor.
	 *
	 * @param string $message Message.
	 * @param int    $status  HTTP status.
	 */
	public function __construct( $message, $status ) {
		parent::__construct( $message );
		$this->status = $status;
	}
}

/**
 * Thrown instead of a redirect.
 */
class Talk_Agent_Redirected extends RuntimeException {
	/**
	 * Location.
	 *
	 * @var string
	 */
	public $location;

	/**
	 * Constructor.
	 *
	 * @param string $location Location.
	 */
	public function __construct( $location ) {
		parent::__construct( 'redirect to ' . $location );
		$this->location = $location;
	}
}

/**
 * Base class.
 */
abstract class Talk_Agent_Test_Case extends PHPUnit\Framework\TestCase {

	/**
	 * Clean state: no option, no settings errors, signed out, empty request, fresh script queues.
	 */
	protected function setUp(): void {
		parent::setUp();
		delete_option( TALK_AGENT_OPTION );
		$GLOBALS['wp_settings_errors'] = array();
		$GLOBALS['wp_scripts']         = new WP_Scripts();
		$GLOBALS['wp_styles']          = new WP_Styles();
		$_POST                         = array();
		$_GET                          = array();
		$_REQUEST                      = array();
		wp_set_current_user( 0 );
		add_filter( 'wp_die_handler', array( $this, 'die_handler' ) );
		add_filter( 'wp_redirect', array( $this, 'redirect_filter' ), 9999 );
	}

	/**
	 * Removes the test hooks.
	 */
	protected function tearDown(): void {
		remove_filter( 'wp_die_handler', array( $this, 'die_handler' ) );
		remove_filter( 'wp_redirect', array( $this, 'redirect_filter' ), 9999 );
		$_POST    = array();
		$_GET     = array();
		$_REQUEST = array();
		unset( $_SERVER['REQUEST_METHOD'] );
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	/**
	 * The wp_die handler.
	 *
	 * @return callable
	 */
	public function die_handler() {
		return static function ( $message, $title = '', $args = array() ) {
			$status = is_array( $args ) && isset( $args['response'] ) ? (int) $args['response'] : 500;
			throw new Talk_Agent_Died( is_string( $message ) ? $message : wp_json_encode( $message ), $status );
		};
	}

	/**
	 * Stops wp_redirect() before it sends headers.
	 *
	 * @param string $location Location.
	 */
	public function redirect_filter( $location ) {
		throw new Talk_Agent_Redirected( $location );
	}

	/**
	 * A user with a role.
	 *
	 * @param string $role Role.
	 * @return int User ID.
	 */
	protected function user( $role ) {
		static $n = 0;
		++$n;
		$login = 'ta_' . $role . '_' . $n . '_' . wp_rand();
		$id    = wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password(),
				'user_email' => $login . '@example.test',
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id );
		return $id;
	}

	/**
	 * Stores settings without the sanitize callback (as a corrupt or hostile database row would).
	 *
	 * @param mixed $value Raw value.
	 */
	protected function store_raw( $value ) {
		global $wpdb;
		delete_option( TALK_AGENT_OPTION );
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => TALK_AGENT_OPTION,
				'option_value' => maybe_serialize( $value ),
				'autoload'     => 'yes',
			)
		);
		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( TALK_AGENT_OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}

	/**
	 * The option as stored in the database (null when absent).
	 *
	 * @return mixed
	 */
	protected function stored() {
		global $wpdb;
		$raw = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", TALK_AGENT_OPTION ) );
		return null === $raw ? null : maybe_unserialize( $raw );
	}

	/**
	 * Parses an HTML fragment.
	 *
	 * @param string $html HTML.
	 * @return DOMXPath
	 */
	protected function dom( $html ) {
		$doc = new DOMDocument();
		libxml_use_internal_errors( true );
		$doc->loadHTML( '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' . $html . '</body></html>' );
		libxml_clear_errors();
		return new DOMXPath( $doc );
	}

	/**
	 * The attribute names of an element.
	 *
	 * @param DOMElement $el Element.
	 * @return string[] Sorted names.
	 */
	protected function attribute_names( DOMElement $el ) {
		$names = array();
		foreach ( $el->attributes as $attr ) {
			$names[] = $attr->name;
		}
		sort( $names );
		return $names;
	}
}
