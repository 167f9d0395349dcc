<?php
/**
 * Repo lint for what phpcs cannot check here (no WordPress Coding Standards installed):
 *
 *   guard    every PHP file starts with the ABSPATH guard (files under tests/ may use a CLI guard instead,
 *            and only this rule applies to them);
 *   echo     echo, print, <?= and printf() output only literals or escaped values (esc_*, wp_kses*, absint,
 *            intval); _e() and _ex() are refused (use esc_html_e());
 *   input    $_POST, $_GET, $_REQUEST, $_COOKIE, $_SERVER, $_FILES are read only inside isset()/empty()/
 *            is_string()/is_array(), or through wp_unslash() inside a sanitizing function;
 *   handler  a function hooked on admin_post_* or wp_ajax_*, and any function reading $_POST, $_GET or $_REQUEST,
 *            calls current_user_can() and a nonce check (check_admin_referer, check_ajax_referer, wp_verify_nonce)
 *            before its first read of input and its first option write.
 *
 * A line with "phpcs:ignore WordPress.Security.EscapeOutput" skips the echo rule, as WPCS would.
 *
 * Usage: php lint.php DIR|FILE...   (exit 1 when something is found). Files under tests/lint-fixtures are skipped.
 *
 * @package TalkAgent
 */

if ( 'cli' !== PHP_SAPI ) {
	exit;
}

const TALK_AGENT_LINT_ESCAPERS = array(
	'esc_html',
	'esc_attr',
	'esc_url',
	'esc_js',
	'esc_textarea',
	'esc_xml',
	'esc_html__',
	'esc_attr__',
	'esc_html_x',
	'esc_attr_x',
	'wp_kses',
	'wp_kses_post',
	'wp_kses_data',
	'absint',
	'intval',
	'number_format_i18n',
	'tag_escape',
	'sanitize_html_class',
);

const TALK_AGENT_LINT_SANITIZERS = array(
	'sanitize_text_field',
	'sanitize_textarea_field',
	'sanitize_key',
	'sanitize_title',
	'sanitize_email',
	'sanitize_file_name',
	'sanitize_user',
	'sanitize_html_class',
	'esc_url_raw',
	'sanitize_url',
	'absint',
	'intval',
	'floatval',
	'rest_sanitize_boolean',
	'wp_kses',
	'wp_kses_post',
	'(int)',
	'(bool)',
	'(float)',
);

const TALK_AGENT_LINT_TYPE_CHECKS = array( 'isset', 'empty', 'is_string', 'is_array', 'is_scalar', 'array_key_exists' );

const TALK_AGENT_LINT_NONCE_CHECKS = array( 'check_admin_referer', 'check_ajax_referer', 'wp_verify_nonce' );

const TALK_AGENT_LINT_OPTION_WRITES = array( 'update_option', 'add_option', 'delete_option', 'update_site_option', 'delete_site_option' );

/**
 * Tokens without whitespace and comments, each as [id, text, line]; single characters get id 0.
 *
 * @param string $code PHP source.
 * @return array{0: array, 1: array<int, string>} Tokens and the comments by line.
 */
function talk_agent_lint_tokens( $code ) {
	$tokens   = array();
	$comments = array();
	$line     = 1;
	foreach ( token_get_all( $code ) as $t ) {
		if ( is_array( $t ) ) {
			$line = $t[2];
			if ( T_COMMENT === $t[0] || T_DOC_COMMENT === $t[0] ) {
				$comments[ $line ] = ( $comments[ $line ] ?? '' ) . $t[1];
				continue;
			}
			if ( T_WHITESPACE === $t[0] ) {
				continue;
			}
			$tokens[] = array( $t[0], $t[1], $t[2] );
		} else {
			$tokens[] = array( 0, $t, $line );
		}
	}
	return array( $tokens, $comments );
}

/**
 * Whether token $i is the single character $c.
 *
 * @param array  $tokens Tokens.
 * @param int    $i      Index.
 * @param string $c      Character.
 * @return bool
 */
function talk_agent_lint_is( $tokens, $i, $c ) {
	return isset( $tokens[ $i ] ) && 0 === $tokens[ $i ][0] && $c === $tokens[ $i ][1];
}

/**
 * Index of the bracket matching the opening one at $i.
 *
 * @param array $tokens Tokens.
 * @param int   $i      Index of "(", "[" or "{".
 * @return int
 */
function talk_agent_lint_match( $tokens, $i ) {
	$depth = 0;
	$n     = count( $tokens );
	for ( $j = $i; $j < $n; $j++ ) {
		$t = $tokens[ $j ][1];
		if ( 0 === $tokens[ $j ][0] && in_array( $t, array( '(', '[', '{' ), true )
			|| in_array( $tokens[ $j ][0], array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ), true ) ) {
			++$depth;
		} elseif ( 0 === $tokens[ $j ][0] && in_array( $t, array( ')', ']', '}' ), true ) ) {
			--$depth;
			if ( 0 === $depth ) {
				return $j;
			}
		}
	}
	return $n - 1;
}

/**
 * Names of the calls (and casts) around token $i, innermost first, up to the start of the statement.
 *
 * @param array $tokens Tokens.
 * @param int   $i      Index.
 * @return string[] Lowercase function names; casts as "(int)" etc.; "?" for a bracket that is not a call.
 */
function talk_agent_lint_enclosing( $tokens, $i ) {
	$chain = array();
	$depth = 0;
	for ( $j = $i - 1; $j >= 0; $j-- ) {
		list( $id, $text ) = $tokens[ $j ];
		if ( 0 === $id && ( ')' === $text || ']' === $text ) ) {
			++$depth;
			continue;
		}
		if ( 0 === $id && ( '(' === $text || '[' === $text ) ) {
			if ( $depth > 0 ) {
				--$depth;
				continue;
			}
			$prev = $tokens[ $j - 1 ] ?? null;
			if ( '(' === $text && $prev && in_array( $prev[0], array( T_STRING, T_ISSET, T_EMPTY, T_NAME_FULLY_QUALIFIED ), true ) ) {
				$chain[] = strtolower( ltrim( $prev[1], '\\' ) );
			} elseif ( '(' === $text && $prev && T_ARRAY === $prev[0] ) {
				$chain[] = 'array';
			} else {
				$chain[] = '?';
			}
			continue;
		}
		if ( 0 === $depth && in_array( $id, array( T_INT_CAST, T_BOOL_CAST, T_DOUBLE_CAST ), true ) ) {
			$chain[] = array(
				T_INT_CAST    => '(int)',
				T_BOOL_CAST   => '(bool)',
				T_DOUBLE_CAST => '(float)',
			)[ $id ];
			continue;
		}
		if ( 0 === $depth && ( ( 0 === $id && in_array( $text, array( ';', '{', '}' ), true ) ) || T_OPEN_TAG === $id ) ) {
			break;
		}
	}
	return $chain;
}

/**
 * Whether a token range is one output-safe expression: a literal, a number, a constant, or one call to an escaper.
 *
 * @param array $tokens Tokens.
 * @param int   $from   First index.
 * @param int   $to     Last index.
 * @return bool
 */
function talk_agent_lint_safe_expression( $tokens, $from, $to ) {
	if ( $from > $to ) {
		return true;
	}
	$first = $tokens[ $from ];
	if ( $from === $to && in_array( $first[0], array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER, T_DNUMBER ), true ) ) {
		return true;
	}
	if ( $from === $to && T_STRING === $first[0] && strtoupper( $first[1] ) === $first[1] ) {
		return true; // A constant.
	}
	if ( in_array( $first[0], array( T_INT_CAST, T_DOUBLE_CAST, T_BOOL_CAST ), true ) ) {
		return true;
	}
	if ( T_STRING === $first[0] && talk_agent_lint_is( $tokens, $from + 1, '(' )
		&& talk_agent_lint_match( $tokens, $from + 1 ) === $to ) {
		return in_array( strtolower( $first[1] ), TALK_AGENT_LINT_ESCAPERS, true );
	}
	return false;
}

/**
 * Splits a token range on a separator at depth 0.
 *
 * @param array    $tokens Tokens.
 * @param int      $from   First index.
 * @param int      $to     Last index.
 * @param string[] $seps   Separators.
 * @return array<int, array{0: int, 1: int}> Ranges.
 */
function talk_agent_lint_split( $tokens, $from, $to, $seps ) {
	$parts = array();
	$start = $from;
	for ( $j = $from; $j <= $to; $j++ ) {
		if ( 0 === $tokens[ $j ][0] && in_array( $tokens[ $j ][1], array( '(', '[', '{' ), true ) ) {
			$j = talk_agent_lint_match( $tokens, $j );
			continue;
		}
		if ( 0 === $tokens[ $j ][0] && in_array( $tokens[ $j ][1], $seps, true ) ) {
			$parts[] = array( $start, $j - 1 );
			$start   = $j + 1;
		}
	}
	$parts[] = array( $start, $to );
	return $parts;
}

/**
 * The functions of a file: name (or "{closure}@line"), body start and end token indexes.
 *
 * @param array $tokens Tokens.
 * @return array<int, array{name: string, from: int, to: int}>
 */
function talk_agent_lint_functions( $tokens ) {
	$functions = array();
	$n         = count( $tokens );
	for ( $i = 0; $i < $n; $i++ ) {
		if ( T_FUNCTION !== $tokens[ $i ][0] && T_FN !== $tokens[ $i ][0] ) {
			continue;
		}
		$name = T_STRING === ( $tokens[ $i + 1 ][0] ?? null ) ? strtolower( $tokens[ $i + 1 ][1] ) : '{closure}@' . $tokens[ $i ][2];
		for ( $j = $i + 1; $j < $n && ! talk_agent_lint_is( $tokens, $j, '{' ) && ! talk_agent_lint_is( $tokens, $j, ';' ); $j++ ) {
			if ( talk_agent_lint_is( $tokens, $j, '(' ) ) {
				$j = talk_agent_lint_match( $tokens, $j );
			}
		}
		if ( talk_agent_lint_is( $tokens, $j, '{' ) ) {
			$functions[] = array(
				'name' => $name,
				'from' => $j,
				'to'   => talk_agent_lint_match( $tokens, $j ),
			);
		}
	}
	return $functions;
}

/**
 * Lints files.
 *
 * @param string[] $paths PHP files.
 * @param string   $root  Plugin root (files under its tests/ may use a CLI guard).
 * @return string[] Problems as "path:line: rule: message".
 */
function talk_agent_lint_files( $paths, $root = '' ) {
	$problems    = array();
	$functions   = array(); // Name => [path, tokens, from, to].
	$hooked      = array(); // Function name => [path, line, hook].
	$superglobal = array( '$_POST', '$_GET', '$_REQUEST', '$_COOKIE', '$_SERVER', '$_FILES' );
	$request     = array( '$_POST', '$_GET', '$_REQUEST' );

	foreach ( $paths as $path ) {
		$code                        = (string) file_get_contents( $path );
		list( $tokens, $comments )   = talk_agent_lint_tokens( $code );
		$n                           = count( $tokens );
		$report                      = static function ( $line, $rule, $message ) use ( &$problems, $path ) {
			$problems[] = "$path:$line: $rule: $message";
		};
		$in_tests = '' !== $root && str_starts_with( realpath( $path ) ?: $path, rtrim( realpath( $root ) ?: $root, '/' ) . '/tests/' );

		// guard.
		$start = ( $tokens[0][0] ?? null ) === T_OPEN_TAG ? 1 : 0;
		$head  = strtolower( implode( ' ', array_map( static fn( $t ) => $t[1], array_slice( $tokens, $start, 8 ) ) ) );
		$ok    = preg_match( "/^(defined \( ['\"]abspath['\"] \) (\|\||or) (exit|die)|if \( ! defined \( ['\"]abspath['\"] \) \))/", $head )
			|| ( $in_tests && preg_match( "/^if \( ['\"]cli['\"] !== php_sapi \)/", $head ) );
		if ( ! $ok ) {
			$report( $tokens[ $start ][2] ?? 1, 'guard', "first statement is not the ABSPATH guard: defined( 'ABSPATH' ) || exit;" );
		}

		if ( $in_tests ) {
			continue; // Tests set superglobals and print on purpose: only the guard rule applies to them.
		}

		for ( $i = 0; $i < $n; $i++ ) {
			list( $id, $text, $line ) = $tokens[ $i ];

			// echo.
			$ignored = str_contains( $comments[ $line ] ?? '', 'phpcs:ignore WordPress.Security.EscapeOutput' );
			if ( in_array( $id, array( T_ECHO, T_PRINT, T_OPEN_TAG_WITH_ECHO ), true ) && ! $ignored ) {
				for ( $end = $i + 1; $end < $n && ! talk_agent_lint_is( $tokens, $end, ';' ) && T_CLOSE_TAG !== $tokens[ $end ][0]; $end++ ) {
					if ( 0 === $tokens[ $end ][0] && in_array( $tokens[ $end ][1], array( '(', '[', '{' ), true ) ) {
						$end = talk_agent_lint_match( $tokens, $end );
					}
				}
				foreach ( talk_agent_lint_split( $tokens, $i + 1, $end - 1, array( '.', ',' ) ) as $part ) {
					if ( ! talk_agent_lint_safe_expression( $tokens, $part[0], $part[1] ) ) {
						$what = T_VARIABLE === ( $tokens[ $part[0] ][0] ?? null ) ? 'unescaped variable ' . $tokens[ $part[0] ][1] : 'unescaped output';
						$report( $tokens[ $part[0] ][2] ?? $line, 'echo', $what . ' (wrap it in esc_html(), esc_attr(), esc_url() ...)' );
					}
				}
			}
			if ( T_STRING === $id && talk_agent_lint_is( $tokens, $i + 1, '(' ) && T_FUNCTION !== ( $tokens[ $i - 1 ][0] ?? null )
				&& ! in_array( $tokens[ $i - 1 ][0] ?? null, array( T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_NULLSAFE_OBJECT_OPERATOR ), true ) ) {
				$fn = strtolower( $text );
				if ( in_array( $fn, array( '_e', '_ex' ), true ) ) {
					$report( $line, 'echo', "$fn() prints unescaped text: use esc_html_e() or esc_attr_e()" );
				}
				if ( in_array( $fn, array( 'printf', 'vprintf' ), true ) && ! $ignored ) {
					$close = talk_agent_lint_match( $tokens, $i + 1 );
					foreach ( talk_agent_lint_split( $tokens, $i + 2, $close - 1, array( ',' ) ) as $part ) {
						if ( ! talk_agent_lint_safe_expression( $tokens, $part[0], $part[1] ) ) {
							$report( $tokens[ $part[0] ][2] ?? $line, 'echo', "$fn() argument is not escaped" );
						}
					}
				}
				if ( 'add_action' === $fn && T_CONSTANT_ENCAPSED_STRING === ( $tokens[ $i + 2 ][0] ?? null )
					&& talk_agent_lint_is( $tokens, $i + 3, ',' ) && T_CONSTANT_ENCAPSED_STRING === ( $tokens[ $i + 4 ][0] ?? null ) ) {
					$hook = trim( $tokens[ $i + 2 ][1], '\'"' );
					if ( preg_match( '/^(admin_post_|wp_ajax_)(?!nopriv_)/', $hook ) ) {
						$hooked[ strtolower( trim( $tokens[ $i + 4 ][1], '\'"' ) ) ] = array( $path, $line, $hook );
					}
				}
			}

			// input.
			if ( T_VARIABLE === $id && in_array( $text, $superglobal, true ) ) {
				$chain = talk_agent_lint_enclosing( $tokens, $i );
				if ( array_intersect( $chain, TALK_AGENT_LINT_TYPE_CHECKS ) && ! array_intersect( $chain, array( 'wp_unslash' ) ) ) {
					$chain_ok = true;
				} else {
					$unslash  = array_search( 'wp_unslash', $chain, true );
					$chain_ok = false !== $unslash
						&& array_intersect( array_slice( $chain, $unslash + 1 ), TALK_AGENT_LINT_SANITIZERS );
				}
				if ( ! $chain_ok ) {
					$report( $line, 'input', "$text read without wp_unslash() inside a sanitizing function (or isset()/empty())" );
				}
			}
		}

		foreach ( talk_agent_lint_functions( $tokens ) as $f ) {
			$functions[ $f['name'] ] = array( $path, $tokens, $f['from'], $f['to'] );
		}
	}

	// handler.
	$check = static function ( $name, $path, $tokens, $from, $to, $why ) use ( &$problems, $request ) {
		$first_cap   = null;
		$first_nonce = null;
		$first_state = null;
		for ( $j = $from; $j <= $to; $j++ ) {
			list( $id, $text, $line ) = $tokens[ $j ];
			$call                     = T_STRING === $id && talk_agent_lint_is( $tokens, $j + 1, '(' ) ? strtolower( $text ) : '';
			if ( 'current_user_can' === $call && null === $first_cap ) {
				$first_cap = $j;
			}
			if ( in_array( $call, TALK_AGENT_LINT_NONCE_CHECKS, true ) && null === $first_nonce ) {
				$first_nonce = $j;
			}
			$is_state = in_array( $call, TALK_AGENT_LINT_OPTION_WRITES, true )
				|| ( T_VARIABLE === $id && in_array( $text, $request, true )
					&& ! in_array( '_wpnonce', array( trim( $tokens[ $j + 2 ][1] ?? '', '\'"' ) ), true ) );
			if ( $is_state && null === $first_state ) {
				$first_state = $j;
			}
		}
		$line = $tokens[ $from ][2];
		if ( null === $first_cap || ( null !== $first_state && $first_cap > $first_state ) ) {
			$problems[] = "$path:$line: handler: $name() ($why) must call current_user_can() before reading input or writing options";
		}
		if ( null === $first_nonce || ( null !== $first_state && $first_nonce > $first_state ) ) {
			$problems[] = "$path:$line: handler: $name() ($why) must check a nonce (check_admin_referer()) before reading input or writing options";
		}
	};
	foreach ( $hooked as $name => $where ) {
		if ( ! isset( $functions[ $name ] ) ) {
			$problems[] = "{$where[0]}:{$where[1]}: handler: $name() hooked on {$where[2]} is not defined in the linted files";
			continue;
		}
		list( $path, $tokens, $from, $to ) = $functions[ $name ];
		$check( $name, $path, $tokens, $from, $to, 'hooked on ' . $where[2] );
	}
	foreach ( $functions as $name => $f ) {
		list( $path, $tokens, $from, $to ) = $f;
		if ( isset( $hooked[ $name ] ) ) {
			continue;
		}
		for ( $j = $from; $j <= $to; $j++ ) {
			if ( T_VARIABLE === $tokens[ $j ][0] && in_array( $tokens[ $j ][1], $request, true ) ) {
				$check( $name, $path, $tokens, $from, $to, 'reads request input' );
				break;
			}
		}
	}

	return $problems;
}

/**
 * PHP files under the given paths, without tests/lint-fixtures.
 *
 * @param string[] $args Files or directories.
 * @return string[]
 */
function talk_agent_lint_collect( $args ) {
	$files = array();
	foreach ( $args as $arg ) {
		if ( is_file( $arg ) ) {
			$files[] = $arg;
			continue;
		}
		$it = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $arg, FilesystemIterator::SKIP_DOTS ) );
		foreach ( $it as $file ) {
			$p = $file->getPathname();
			if ( str_ends_with( $p, '.php' ) && ! str_contains( $p, '/lint-fixtures/' ) ) {
				$files[] = $p;
			}
		}
	}
	sort( $files );
	return $files;
}

if ( isset( $argv[0] ) && realpath( $argv[0] ) === __FILE__ ) {
	$talk_agent_args = array_slice( $argv, 1 );
	if ( ! $talk_agent_args ) {
		fwrite( STDERR, "usage: php lint.php DIR|FILE...\n" );
		exit( 2 );
	}
	$talk_agent_files    = talk_agent_lint_collect( $talk_agent_args );
	$talk_agent_problems = talk_agent_lint_files( $talk_agent_files, is_dir( $talk_agent_args[0] ) ? $talk_agent_args[0] : '' );
	foreach ( $talk_agent_problems as $talk_agent_problem ) {
		fwrite( STDERR, $talk_agent_problem . "\n" );
	}
	fwrite( STDOUT, sprintf( "%d files, %d problems\n", count( $talk_agent_files ), count( $talk_agent_problems ) ) );
	exit( $talk_agent_problems ? 1 : 0 );
}
