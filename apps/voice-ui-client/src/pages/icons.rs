//! Small inline SVG icons (no icon font, no emoji: both may be missing on
//! the device). Decorative: hidden from screen readers.

use leptos::prelude::*;
use voice_types::BusinessType;

/// The microphone mark of the brand.
#[component]
pub fn MicIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false">
            <rect x="9" y="3" width="6" height="11" rx="3" fill="currentColor"/>
            <path d="M6 11a6 6 0 0 0 12 0M12 17v4" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"/>
        </svg>
    }
}

/// One icon per service.
#[component]
pub fn ServiceIcon(business: BusinessType) -> impl IntoView {
    let path = match business {
        // A pizza slice.
        BusinessType::Restaurant => "M4 5c5-2 11-2 16 0L12 21zM9 9.5h.01M13 12.5h.01M12 8h.01",
        // A calendar.
        BusinessType::Appointment => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M8 14h3v3H8z",
        // A lifebuoy.
        BusinessType::Support => {
            "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M5.6 5.6l3.6 3.6M14.8 14.8l3.6 3.6M18.4 5.6l-3.6 3.6M9.2 14.8l-3.6 3.6"
        }
    };
    view! {
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false" class="icon">
            <path d=path stroke="currentColor" stroke-width="1.8" fill="none" stroke-linejoin="round" stroke-linecap="round"/>
        </svg>
    }
}
