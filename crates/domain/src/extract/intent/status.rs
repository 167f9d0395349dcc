//! Order status: "where is my order", "is my margherita ready", and the
//! complaints that only sound like it ("how long the delivery took").

use crate::extract::text::Tokens;

use super::Signals;
use super::cues::any;

pub(super) fn is_order_status(t: &Tokens) -> bool {
    let about_order = any(
        t,
        &[
            &["my", "order"],
            &["my", "food"],
            &["my", "delivery"],
            &["my", "meal"],
            &["my", "pizza"],
            &["my", "pizzas"],
            &["my", "takeaway"],
            &["the", "order"],
            &["the", "food"],
            &["our", "order"],
            &["our", "food"],
            &["i", "ordered"],
            &["we", "ordered"],
            &["i", "placed", "an", "order"],
        ],
    );
    let asks = any(
        t,
        &[
            &["where"],
            &["where's"],
            &["how", "long"],
            &["how", "much", "longer"],
            &["status"],
            &["track"],
            &["still", "waiting"],
            &["arrived"],
            &["ready", "yet"],
            &["eta"],
            &["when", "will"],
            &["when", "is"],
            &["when", "does"],
            &["when's"],
            &["arrive"],
            &["arriving"],
            &["coming"],
            &["on", "its", "way"],
            &["on", "the", "way"],
            &["left"],
            &["update"],
            &["updates"],
            &["news"],
            &["here", "yet"],
            &["hasn't", "come"],
            &["hasn't", "been"],
            &["haven't", "been"],
            &["hasn't", "arrived"],
            &["not", "come"],
            &["not", "arrived"],
            &["never", "came"],
            &["never", "arrived"],
            &["is", "late"],
            &["running", "late"],
            &["happened", "to"],
            &["where", "is", "it"],
            &["where's", "it"],
            &["not", "here"],
            &["still", "not"],
            &["sent", "out"],
            &["been", "sent"],
            &["dispatched"],
            &["yet"],
            &["ready"],
            &["check", "on"],
            &["checking", "on"],
            &["happening"],
            &["happened"],
            &["taking", "so", "long"],
            &["turned", "up"],
            &["turn", "up"],
            &["waiting"],
            &["what", "time"],
            &["get", "here"],
        ],
    );
    // "I'm not happy with how long the delivery took", "my order arrived
    // damaged": complaints.
    let past = any(
        t,
        &[
            &["took"],
            &["taken"],
            &["damaged"],
            &["broken"],
            &["wrong"],
            &["spilled"],
            &["cold"],
            // "where is my refund", "how long will it take to fix my
            // internet", "I want to report that my order never arrived".
            &["refund"],
            &["fix"],
            &["report"],
            &["complain"],
        ],
    );
    let how_long = (t.has_phrase(&["how", "long"]) || t.has_phrase(&["how", "much", "longer"]))
        && any(t, &[&["delivery"], &["order"], &["food"]]);
    // "how long will the pizzas be", "how much longer will it take".
    let how_long_will = any(
        t,
        &[
            &["how", "long", "will"],
            &["how", "long", "until"],
            &["how", "long", "till"],
            &["how", "much", "longer"],
        ],
    );
    // "where's my pepperoni pizza", "where are my burgers".
    let where_mine = (matches!(t.word(0), "where's" | "wheres")
        || (t.word(0) == "where" && matches!(t.word(1), "is" | "are")))
        && (0..t.len()).any(|i| matches!(t.word(i), "my" | "our"));
    // "has the driver left yet", "is it ready for collection yet".
    let yet = t.has_word("yet")
        && any(
            t,
            &[
                &["ready", "for"],
                &["ready", "yet"],
                &["left"],
                &["sent"],
                &["driver"],
                &["dispatched"],
            ],
        );
    any(t, &[&["order", "status"], &["track", "my", "order"]])
        || (!past && ((about_order && asks) || how_long || how_long_will || where_mine || yet))
}

/// "is my margherita ready", "my burger hasn't come yet", "are the pizzas
/// on their way": the caller's own items and a question about their progress.
pub(super) fn names_own_order(t: &Tokens, s: Signals) -> bool {
    let own = any(
        t,
        &[&["my"], &["our"], &["i", "ordered"], &["we", "ordered"]],
    );
    let progress = any(
        t,
        &[
            &["yet"],
            &["ready"],
            &["hasn't"],
            &["haven't"],
            &["arrived"],
            &["been", "delivered"],
            &["still", "isn't"],
            &["still", "not"],
            &["isn't", "here"],
            &["where"],
            &["confirmed"],
        ],
    );
    let on_the_way = any(t, &[&["on", "their", "way"], &["on", "its", "way"]]);
    ((s.items || s.unrecognized) && own && progress) || on_the_way
}
