//! The contract's methods: their dotted paths, HTTP verbs, and one typed
//! async function per method on `ErpNextClient`.
//!
//! Each typed function only picks the path and the request and result types;
//! transport, envelope, errors and retries are `ErpNextClient::call`'s.
//! A business refusal (`"status": "error"` or `"partial"`) comes back as the
//! result enum's refusal variant, never as an `ErpError`.

use serde::Serialize;
use voice_types::business::{
    AvailabilityResult, BookAppointmentRequest, BookAppointmentResult, CheckAvailabilityRequest,
    CreateTicketRequest, CreateTicketResult, DashboardData, GetMenuRequest, GetOrderStatusRequest,
    MenuResult, OrderStatusResult, PlaceOrderRequest, PlaceOrderResult, UpdateOrderStatusRequest,
    UpdateOrderStatusResult,
};

use crate::client::ErpNextClient;
use crate::error::ErpError;
use crate::voice_agent::{
    AppendTranscriptRequest, AppendTranscriptResult, BusinessConfig, ConfigBusinessType,
    LogInteractionRequest, LogInteractionResult, UpsertSessionRequest, UpsertSessionResult,
};

/// GET for reads, POST for everything that writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpVerb {
    Get,
    Post,
}

/// One whitelisted method of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractMethod {
    GetMenu,
    PlaceOrder,
    GetOrderStatus,
    UpdateOrderStatus,
    CheckAvailability,
    BookAppointment,
    CreateTicket,
    UpsertSession,
    AppendTranscript,
    LogInteraction,
    GetBusinessConfig,
    GetDashboardData,
}

impl ContractMethod {
    pub const ALL: [ContractMethod; 12] = [
        Self::GetMenu,
        Self::PlaceOrder,
        Self::GetOrderStatus,
        Self::UpdateOrderStatus,
        Self::CheckAvailability,
        Self::BookAppointment,
        Self::CreateTicket,
        Self::UpsertSession,
        Self::AppendTranscript,
        Self::LogInteraction,
        Self::GetBusinessConfig,
        Self::GetDashboardData,
    ];

    /// The dotted path after `/api/method/`.
    pub fn path(self) -> &'static str {
        match self {
            Self::GetMenu => "business_workflows.api.restaurant.get_menu",
            Self::PlaceOrder => "business_workflows.api.restaurant.place_order",
            Self::GetOrderStatus => "business_workflows.api.restaurant.get_order_status",
            Self::UpdateOrderStatus => "business_workflows.api.restaurant.update_order_status",
            Self::CheckAvailability => "business_workflows.api.appointment.check_availability",
            Self::BookAppointment => "business_workflows.api.appointment.book_appointment",
            Self::CreateTicket => "business_workflows.api.support.create_ticket",
            Self::UpsertSession => "voice_agent.api.session.upsert_session",
            Self::AppendTranscript => "voice_agent.api.session.append_transcript",
            Self::LogInteraction => "voice_agent.api.session.log_interaction",
            Self::GetBusinessConfig => "voice_agent.api.settings.get_business_config",
            Self::GetDashboardData => "voice_agent.api.analytics.get_dashboard_data",
        }
    }

    /// The method whose dotted path is `path`.
    pub fn from_path(path: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.path() == path)
    }

    pub fn verb(self) -> HttpVerb {
        match self {
            Self::GetMenu
            | Self::GetOrderStatus
            | Self::CheckAvailability
            | Self::GetBusinessConfig
            | Self::GetDashboardData => HttpVerb::Get,
            _ => HttpVerb::Post,
        }
    }
}

#[derive(Serialize)]
struct BusinessTypeArgs {
    business_type: ConfigBusinessType,
}

#[derive(Serialize)]
struct DateArgs<'a> {
    date: Option<&'a str>,
}

impl ErpNextClient {
    pub async fn get_menu(&self, request: &GetMenuRequest) -> Result<MenuResult, ErpError> {
        self.call(ContractMethod::GetMenu, request).await
    }

    pub async fn place_order(
        &self,
        request: &PlaceOrderRequest,
    ) -> Result<PlaceOrderResult, ErpError> {
        self.call(ContractMethod::PlaceOrder, request).await
    }

    pub async fn get_order_status(
        &self,
        request: &GetOrderStatusRequest,
    ) -> Result<OrderStatusResult, ErpError> {
        self.call(ContractMethod::GetOrderStatus, request).await
    }

    pub async fn update_order_status(
        &self,
        request: &UpdateOrderStatusRequest,
    ) -> Result<UpdateOrderStatusResult, ErpError> {
        self.call(ContractMethod::UpdateOrderStatus, request).await
    }

    pub async fn check_availability(
        &self,
        request: &CheckAvailabilityRequest,
    ) -> Result<AvailabilityResult, ErpError> {
        self.call(ContractMethod::CheckAvailability, request).await
    }

    pub async fn book_appointment(
        &self,
        request: &BookAppointmentRequest,
    ) -> Result<BookAppointmentResult, ErpError> {
        self.call(ContractMethod::BookAppointment, request).await
    }

    pub async fn create_ticket(
        &self,
        request: &CreateTicketRequest,
    ) -> Result<CreateTicketResult, ErpError> {
        self.call(ContractMethod::CreateTicket, request).await
    }

    pub async fn upsert_session(
        &self,
        request: &UpsertSessionRequest,
    ) -> Result<UpsertSessionResult, ErpError> {
        self.call(ContractMethod::UpsertSession, request).await
    }

    pub async fn append_transcript(
        &self,
        request: &AppendTranscriptRequest,
    ) -> Result<AppendTranscriptResult, ErpError> {
        self.call(ContractMethod::AppendTranscript, request).await
    }

    pub async fn log_interaction(
        &self,
        request: &LogInteractionRequest,
    ) -> Result<LogInteractionResult, ErpError> {
        self.call(ContractMethod::LogInteraction, request).await
    }

    pub async fn get_business_config(
        &self,
        business_type: ConfigBusinessType,
    ) -> Result<BusinessConfig, ErpError> {
        let args = BusinessTypeArgs { business_type };
        self.call(ContractMethod::GetBusinessConfig, &args).await
    }

    /// One day's figures; `date` is `YYYY-MM-DD`, today (server's local date) when `None`.
    pub async fn get_dashboard_data(&self, date: Option<&str>) -> Result<DashboardData, ErpError> {
        self.call(ContractMethod::GetDashboardData, &DateArgs { date })
            .await
    }
}
