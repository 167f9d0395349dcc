//! Business wire types: the parameters and results of the business tools, in
//! the snake_case shapes of the ERPNext contract (`shared/ref/erpnext-api.md`).
