//! The pages and their parts: the customer's call (`customer`,
//! `call_panel`, `results`, `form`) and the staff dashboard (`staff*`).

pub mod call_panel;
pub mod customer;
pub mod form;
pub mod icons;
pub mod results;
pub mod staff;
pub mod staff_boards;
pub mod staff_calls;
pub mod staff_charts;
pub mod staff_kitchen;
