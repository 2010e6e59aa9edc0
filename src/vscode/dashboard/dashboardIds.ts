// The dashboard's command and webview ids (package.json contributes the command; the table will list it).
export enum DashboardCommandId {
  OpenDashboard = 'selfImprovement.openDashboard',
}

export const DASHBOARD_VIEW_TYPE = 'selfImprovement.dashboard';
