//! Live calls: every session with its status, service, channel, duration
//! and queue place; a caller who asked for a person stands out.

use leptos::prelude::*;
use voice_types::SessionStatus;

use crate::{format, staff::StaffCtx, staff::model::SessionRow};

#[component]
pub fn CallsBoard() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let rows = Memo::new(move |_| ctx.model.with(|m| m.session_rows()));
    view! {
        <Show
            when=move || !rows.with(Vec::is_empty)
            fallback=|| view! { <p class="empty" id="calls-empty">"No calls yet today. New calls appear here as they start."</p> }
        >
            <div class="table-wrap">
                <table class="calls" id="calls-table">
                    <caption class="visually-hidden">"Calls, live ones first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Service"</th>
                            <th scope="col">"Caller"</th>
                            <th scope="col">"Channel"</th>
                            <th scope="col">"Duration"</th>
                            <th scope="col">"Queue"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| (r.view.session_id.0.clone(), r.view.status, r.handoff.clone(), r.view.queue.map(|q| q.position)) let:row>
                            <CallRow row/>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn CallRow(row: SessionRow) -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let view = row.view;
    let status = view.status;
    let started = view.started_at_ms.unwrap_or(view.created_at_ms);
    let ended = view.ended_at_ms;
    let duration = move || {
        let now = ctx.now_ms.get();
        let end = ended.unwrap_or(now);
        if now == 0 || end < started {
            return "—".to_owned();
        }
        format::duration((end - started) / 1000)
    };
    let queue = view
        .queue
        .map(|q| {
            format!(
                "#{} · {}",
                q.position,
                format::wait(q.estimated_wait_seconds)
            )
        })
        .unwrap_or_else(|| "—".to_owned());
    let id = view.session_id.0.clone();
    let caller = move || {
        ctx.model
            .with(|m| m.caller_name(&id))
            .unwrap_or_else(|| "—".to_owned())
    };
    let handoff = row.handoff.clone();
    let live = !status.is_terminal();
    let wants_person = handoff.is_some();
    view! {
        <tr class:handoff=wants_person class:ended=!live data-session-id=view.session_id.0.clone()>
            <td>
                <span class=format!("badge session-{}", status.as_str())>{status_label(status)}</span>
                {handoff.map(|reason| view! {
                    <span class="badge handoff-badge" title=reason.clone()>"Wants a person"</span>
                    <span class="visually-hidden">{reason}</span>
                })}
            </td>
            <td>{format::service_label(view.business_type)}</td>
            <td>{caller}</td>
            <td>{format!("{:?}", view.channel)}</td>
            <td class="mono">{duration}</td>
            <td>{queue}</td>
        </tr>
    }
}

fn status_label(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Queued => "Queued",
        SessionStatus::Ready => "Connecting",
        SessionStatus::Active => "In call",
        SessionStatus::Ended => "Ended",
        SessionStatus::Failed => "Failed",
    }
}
