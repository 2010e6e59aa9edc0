// The dashboard webview's type (its command is CommandId.OpenDashboard in the command table).
export const DASHBOARD_VIEW_TYPE = 'selfImprovement.dashboard';
