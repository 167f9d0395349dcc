//! Business rules: orders, appointments, tickets, customers, finished calls.
//!
//! Work in progress: filled in by the business-domain work of issue [2/6].
