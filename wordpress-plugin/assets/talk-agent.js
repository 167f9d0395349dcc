/**
 * Talk Agent floating button: opens and closes the panel, creates the widget iframe on the first open.
 * Vanilla JS, no dependencies.
 */
(function () {
	'use strict';

	function init() {
		var root = document.getElementById('talk-agent-floating');
		if (!root || root.getAttribute('data-ready') === '1') {
			return;
		}
		var button = root.querySelector('.talk-agent-button');
		var panel = button ? document.getElementById(button.getAttribute('aria-controls')) : null;
		var src = root.getAttribute('data-src') || '';
		if (!button || !panel || !/^https?:\/\//i.test(src)) {
			return;
		}
		root.setAttribute('data-ready', '1');

		function isOpen() {
			return button.getAttribute('aria-expanded') === 'true';
		}

		function open() {
			if (!panel.querySelector('iframe')) {
				var frame = document.createElement('iframe');
				frame.setAttribute('src', src);
				frame.setAttribute('title', root.getAttribute('data-title') || '');
				frame.setAttribute('allow', 'microphone; autoplay');
				panel.appendChild(frame);
			}
			panel.hidden = false;
			button.setAttribute('aria-expanded', 'true');
			root.classList.add('is-open');
		}

		// Closing hides the panel; the iframe stays, so a call in progress goes on.
		function close() {
			panel.hidden = true;
			button.setAttribute('aria-expanded', 'false');
			root.classList.remove('is-open');
		}

		button.addEventListener('click', function () {
			if (isOpen()) {
				close();
			} else {
				open();
			}
		});

		function closeAndFocus() {
			if (isOpen()) {
				close();
				button.focus();
			}
		}

		document.addEventListener('keydown', function (event) {
			if (event.key === 'Escape' || event.key === 'Esc') {
				closeAndFocus();
			}
		});

		// Escape pressed inside the widget (focus in the iframe) never reaches
		// this page; the widget posts this message instead. Only our own
		// iframe is listened to.
		window.addEventListener('message', function (event) {
			var frame = panel.querySelector('iframe');
			if (event.data === 'talk-agent:escape' && frame && event.source === frame.contentWindow) {
				closeAndFocus();
			}
		});
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', init);
	} else {
		init();
	}
}());
